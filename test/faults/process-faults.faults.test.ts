// Process-level faults against the whole local system run as `npm start` runs it (a child process):
// DynamoDB Local frozen (SIGSTOP for 20 s) and then killed (SIGKILL) during a load; the system
// process SIGKILLed and restarted on the same data folder while a human task is pending and its
// reminders are timers days ahead; and the workflow runtime's own process killed during a Map whose
// items back off in Retry, and during a Wait. After each: every acknowledged submission is a case,
// every timer fires once, the pending task is still completable, the Map's execution ends with every
// item. Figures are printed, never asserted as timings.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sleep, startSystemProcess, type SystemProcess } from './support/system-process.ts';
import {
  avrrDecision,
  getJson,
  LoadRecord,
  percentile,
  postJson,
  readBack,
  readReferences,
  runClients,
  submit,
  token,
  PUBLIC_FORMS,
} from './support/load.ts';
import { EXECUTION_NAME, MAP_ITEMS } from './support/runtime-worker-constants.ts';

const SUBMISSIONS = Number(process.env.FAULTS_FAULT_SUBMISSIONS ?? 1000);
const CLIENTS = 20;
/**
 * Twice the submit function's timeout (10 s in CDK): an attempt unanswered this long is a hang (the
 * system must answer 503 within the function's timeout), with room for a loaded machine.
 */
const ATTEMPT_TIMEOUT_MS = 20_000;

describe('DynamoDB Local frozen, then killed, during a load', () => {
  let system: SystemProcess;
  beforeAll(async () => {
    system = await startSystemProcess({ clockMode: 'real' });
    // Warm every form's function: cold imports are not what this suite measures.
    const warm = new LoadRecord();
    for (const formId of PUBLIC_FORMS) await submit(system.url, formId, warm);
  }, 300_000);
  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  it(`${SUBMISSIONS} submissions: only 201 or 503 with Retry-After, never a hang; afterwards every acknowledged one is a case`, async () => {
    const record = new LoadRecord();
    let stopLoad = false;
    const load = runClients(system.url, SUBMISSIONS, CLIENTS, record, {
      attemptTimeoutMs: ATTEMPT_TIMEOUT_MS,
      giveUpAfterMs: 240_000,
      stop: () => stopLoad,
    });
    const health: string[] = [];
    const probeHealth = async (when: string) => {
      const answer = await getJson(system.url, '/health').catch((error: unknown) => ({ status: 0, text: String(error), body: undefined }));
      health.push(`${when}: ${answer.status}`);
      return answer.status;
    };

    // The load under way (a tenth acknowledged, at most 50), then DynamoDB Local frozen.
    while (record.acknowledged.length < Math.min(50, SUBMISSIONS / 10) && record.abandoned.length === 0) await sleep(200);
    const frozenPid = system.signalDynamoDb('SIGSTOP');
    const beforeFreeze = record.acknowledged.length;
    await sleep(20_000);
    const duringFreeze = record.acknowledged.length - beforeFreeze;
    process.kill(frozenPid, 'SIGCONT');
    await sleep(5000);
    system.signalDynamoDb('SIGKILL');
    const killedAt = performance.now();
    await sleep(3000);
    const healthWhileDown = await probeHealth('3 s after the kill');
    // Recovery: DynamoDB Local restarted by the system (or the system exits loudly); wait for it.
    let recoveredAfter: number | undefined;
    while (performance.now() - killedAt < 120_000) {
      if ((await probeHealth('recovering')) === 200 && system.dynamodbPid() !== undefined) {
        recoveredAfter = performance.now() - killedAt;
        break;
      }
      await sleep(2000);
    }
    // Without a recovery there is nothing more to learn from the load: the clients stop.
    if (recoveredAfter === undefined) stopLoad = true;
    await load;

    const read = recoveredAfter === undefined ? undefined : await readBack(system.url, record.acknowledged);
    const references = recoveredAfter === undefined ? undefined : await readReferences(system.url, record.acknowledged);
    console.log(
      [
        `DynamoDB Local frozen 20 s then killed, during ${SUBMISSIONS} submissions from ${CLIENTS} clients`,
        `  answers: ${JSON.stringify(Object.fromEntries(record.statuses))}, retries ${record.retries}, abandoned ${record.abandoned.length}`,
        `  acknowledged: ${record.acknowledged.length} (during the freeze: ${duringFreeze})`,
        `  single attempt: p50 ${percentile(record.attemptMs, 50).toFixed(0)} ms, p99 ${percentile(record.attemptMs, 99).toFixed(0)} ms, longest ${percentile(record.attemptMs, 100).toFixed(0)} ms`,
        `  /health: ${healthWhileDown} while DynamoDB Local was down; recovered ${recoveredAfter === undefined ? 'never (within 120 s)' : `after ${(recoveredAfter / 1000).toFixed(1)} s`}`,
        `  false answers: ${record.falseAnswers.length} ${record.falseAnswers.slice(0, 3).join(' | ')}`,
      ].join('\n'),
    );

    expect.soft(record.falseAnswers, 'answers other than 201 or 503-with-Retry-After').toEqual([]);
    expect.soft(record.statuses.get('timeout') ?? 0, `attempts unanswered after ${ATTEMPT_TIMEOUT_MS} ms (hangs)`).toBe(0);
    expect.soft(healthWhileDown, '/health while DynamoDB Local is down').toBe(503);
    expect(recoveredAfter, 'the system recovers from a killed DynamoDB Local').toBeDefined();
    expect(record.abandoned, 'submissions never acknowledged though the system recovered').toEqual([]);
    expect(read?.missing).toEqual([]);
    expect(read?.wrongReference).toEqual([]);
    expect(references).toEqual({ missing: [], wrong: [] });
    expect(read?.duplicateKeys).toBe(0);
    expect(read?.duplicateCases).toBe(0);
  }, 900_000);
});

describe('the local system killed while a human task is pending and its reminders wait days ahead', () => {
  let system: SystemProcess;
  beforeAll(async () => {
    system = await startSystemProcess({ clockMode: 'manual', clockStartAt: '2026-12-01T08:00:00Z' });
  }, 300_000);
  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  const advance = async (by: string) => {
    const answer = await postJson(system.url, '/_local/clock', { advanceBy: by });
    expect(answer.status, answer.text).toBe(200);
  };
  const screeningTask = async (caseId: string): Promise<string> => {
    for (let attempt = 0; attempt < 120; attempt++) {
      const view = await getJson(system.url, `/cases/${caseId}`, await token(system.url, 'faults.supervisor', ['supervisor']));
      const task = (view.body as { tasks?: { taskId: string; step: string; status: string }[] } | undefined)?.tasks?.find(
        (t) => t.step === 'screening' && t.status === 'open',
      );
      if (task) return task.taskId;
      await advance('PT1S');
    }
    throw new Error(`no open screening task on ${caseId}`);
  };
  const outbox = async () =>
    (
      (await getJson(system.url, '/_local/outbox')).body as {
        messages: { caseId: string; taskId?: string; template: string; recipient: unknown; at: string }[];
      }
    ).messages;

  it('after SIGKILL and restart: the task is completable, each reminder fires exactly once, nothing acknowledged is lost', async () => {
    const record = new LoadRecord();
    for (let i = 0; i < 3; i++) await submit(system.url, 'avrr-application', record);
    const [first, second, third] = record.acknowledged;
    const tasks = [await screeningTask(first!.caseId), await screeningTask(second!.caseId), await screeningTask(third!.caseId)];

    // Killed with three tasks pending, their reminders 13, 14 and 17 days ahead.
    system = await system.restart();
    expect((await readBack(system.url, record.acknowledged)).missing).toEqual([]);
    const bearer = await token(system.url, 'faults.caseworker', ['caseworker']);
    const completed = await postJson(
      system.url,
      `/tasks/${tasks[0]}/complete`,
      { decision: avrrDecision('screening', 'eligible') },
      bearer,
    );
    expect(completed.status, completed.text).toBe(200);

    // Past the due-soon reminder of the other two; killed again; past the overdue and escalation ones.
    await advance('P13DT1H');
    system = await system.restart();
    await advance('P5D');

    const messages = await outbox();
    const reminders = messages.filter((m) => m.caseId !== first!.caseId && /^task-(due-soon|overdue|escalated)/.test(m.template));
    const distinct = new Set(reminders.map((m) => JSON.stringify([m.caseId, m.taskId, m.template, m.recipient])));
    console.log(
      [
        'system SIGKILLed twice with human tasks pending and reminder timers ahead',
        `  reminders in the outbox for the two pending tasks: ${reminders.length} (${[...new Set(reminders.map((m) => m.template))].join(', ')}), distinct ${distinct.size}`,
      ].join('\n'),
    );
    for (const caseId of [second!.caseId, third!.caseId]) {
      const templates = reminders.filter((m) => m.caseId === caseId).map((m) => m.template);
      expect(templates, `reminders of ${caseId}`).toEqual(expect.arrayContaining(['task-due-soon', 'task-escalated']));
    }
    expect(reminders.length, 'a reminder timer fired twice').toBe(distinct.size);
    // The first case moved on to approval: its screening fired no reminder after completion.
    expect(messages.filter((m) => m.caseId === first!.caseId && m.taskId === tasks[0] && m.template === 'task-due-soon')).toEqual([]);
    const read = await readBack(system.url, record.acknowledged);
    expect(read.missing).toEqual([]);
    // A submission after the crashes is acknowledged and read back too.
    await submit(system.url, 'avrr-application', record);
    expect(record.acknowledged).toHaveLength(4);
    expect((await readBack(system.url, record.acknowledged)).missing).toEqual([]);
  }, 600_000);
});

describe('the workflow runtime killed during a Map whose items back off in Retry, and during a Wait', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'casework-faults-runtime-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  const worker = () => {
    const child = spawn(
      process.execPath,
      ['--disable-warning=ExperimentalWarning', '--import', 'tsx', path.join(import.meta.dirname, 'support', 'runtime-worker.ts'), dataDir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.stdout.resume();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    return { child, exited, stderr: () => stderr };
  };
  const log = () => (existsSync(path.join(dataDir, 'invocations.log')) ? readFileSync(path.join(dataDir, 'invocations.log'), 'utf8') : '');
  const waitFor = async (what: string, predicate: () => boolean, stderr: () => string) => {
    const deadline = Date.now() + 180_000;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`never: ${what}; log:\n${log()}\nstderr: ${stderr()}`);
      await sleep(100);
    }
  };

  it('SIGKILLed mid-Map (an item backing off) and in the Wait: the execution ends once, every item done, the Wait fired once', async () => {
    let run = worker();
    // Killed while the Map runs: some items done, at least one failed attempt waiting in its back-off.
    await waitFor('an item failed and one is done', () => /done \d/.test(log()) && log().split('\n').length > 4, run.stderr);
    run.child.kill('SIGKILL');
    await run.exited;
    const atFirstKill = log();

    run = worker();
    // Killed again once every item is done (the Map is over, the Wait is running).
    await waitFor('every item done', () => new Set(log().match(/done \d+/g)).size === MAP_ITEMS, run.stderr);
    await sleep(500);
    run.child.kill('SIGKILL');
    await run.exited;
    const endedBeforeSecondKill = existsSync(path.join(dataDir, 'outcome.json'));

    run = worker();
    const outcomeFile = path.join(dataDir, 'outcome.json');
    await waitFor('the execution ended', () => existsSync(outcomeFile), run.stderr);
    run.child.kill('SIGKILL');
    await run.exited;

    const outcome = JSON.parse(readFileSync(outcomeFile, 'utf8')) as { status: string; output: string; events: string[] };
    const attempts = log().match(/attempt \d+/g) ?? [];
    const count = (type: string) => outcome.events.filter((event) => event === type).length;
    console.log(
      [
        `runtime SIGKILLed 2 times during one execution (${EXECUTION_NAME}): a ${MAP_ITEMS}-item Map with Retry back-off, then a Wait`,
        `  at the first kill: ${(atFirstKill.match(/attempt/g) ?? []).length} attempts, ${(atFirstKill.match(/done/g) ?? []).length} items done`,
        `  invocations in all: ${attempts.length} for ${MAP_ITEMS} items (at least ${2 * MAP_ITEMS}: one failure and one success each; more = re-dispatched after a kill)`,
        `  history: ${outcome.events.length} events, ${count('MapIterationSucceeded')} iterations succeeded, ${count('WaitStateExited')} Wait exited, ${count('ExecutionStarted')} started`,
      ].join('\n'),
    );
    expect(endedBeforeSecondKill, 'the second kill came before the end (during the Wait)').toBe(false);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(JSON.parse(outcome.output)).toBeDefined();
    expect(count('ExecutionStarted')).toBe(1);
    expect(count('ExecutionSucceeded')).toBe(1);
    expect(count('MapIterationSucceeded')).toBe(MAP_ITEMS);
    expect(count('WaitStateEntered')).toBe(1);
    expect(count('WaitStateExited')).toBe(1);
    // Each item failed once (Retry) and then succeeded, whatever the kills interrupted.
    for (let item = 0; item < MAP_ITEMS; item++) expect(attempts.filter((a) => a === `attempt ${item}`).length).toBeGreaterThanOrEqual(2);
  }, 600_000);
});

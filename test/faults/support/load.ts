// Web-form clients and caseworkers for the load and fault suites: each submission has its own
// Idempotency-Key and is retried with that key on 503, 429 and timeouts, as a real web form would.
import { randomUUID } from 'node:crypto';
import {
  BatchGetItemCommand,
  DynamoDBClient,
  ListTablesCommand,
  type AttributeValue,
  type BatchGetItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { keys } from '../../../functions/adapters/dynamodb/keys.ts';
import { LOCAL_CREDENTIALS } from '../../../local/dynamodb-local.ts';
import { avrrSteps } from '../../../domain/avrr/steps.ts';
import { getForm, listForms } from '../../../domain/forms/index.ts';
import { sleep } from './system-process.ts';

export interface Acknowledged {
  key: string;
  formId: string;
  caseId: string;
  reference: string;
}

/** Everything the clients saw, for the suites' assertions and figures. */
export class LoadRecord {
  readonly acknowledged: Acknowledged[] = [];
  /** Every answer's status (each attempt), e.g. { 201: 9990, 503: 12 }. */
  readonly statuses = new Map<string | number, number>();
  /** Answers that break the contract: a 5xx other than 503, a 503 without Retry-After, a body without caseId. */
  readonly falseAnswers: string[] = [];
  /** Submissions given up after the client's own deadline (never acknowledged: not counted as lost). */
  readonly abandoned: string[] = [];
  /** The time from the first attempt to the acknowledgement, per acknowledged submission (ms). */
  readonly latencies: number[] = [];
  /** The time of each single attempt that got an answer (ms), and the longest attempt. */
  readonly attemptMs: number[] = [];
  retries = 0;

  count(status: string | number): void {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }
}

/** The forms a public web form may submit (association forms are refused on the public route). */
export const PUBLIC_FORMS = ['avrr-application', 'protection-referral', 'skilled-return-application'];

export function exampleOf(formId: string): Record<string, unknown> {
  const form = getForm(formId);
  if (!form)
    throw new Error(
      `no form ${formId}; forms: ${listForms()
        .map((f) => f.id)
        .join(', ')}`,
    );
  return structuredClone(form.examples[0] as Record<string, unknown>);
}

export interface SubmitOptions {
  /** One attempt is abandoned (and retried) after this long. */
  attemptTimeoutMs?: number;
  /** The client gives up retrying after this long. */
  giveUpAfterMs?: number;
  /** When true, clients start nothing new and give up what they retry. */
  stop?: () => boolean;
}

/** Submits one form until acknowledged (201), retrying with the same key on 503/429/timeouts. */
export async function submit(url: string, formId: string, record: LoadRecord, options: SubmitOptions = {}): Promise<void> {
  const key = randomUUID();
  const body = JSON.stringify(exampleOf(formId));
  const started = performance.now();
  const giveUpAt = started + (options.giveUpAfterMs ?? 300_000);
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) record.retries++;
    const attemptStarted = performance.now();
    let wait = 1000;
    try {
      const response = await fetch(`${url}/forms/${formId}/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body,
        signal: AbortSignal.timeout(options.attemptTimeoutMs ?? 30_000),
      });
      const text = await response.text();
      record.attemptMs.push(performance.now() - attemptStarted);
      record.count(response.status);
      if (response.status === 201) {
        const parsed = JSON.parse(text) as { caseId?: string; reference?: string };
        if (!parsed.caseId || !parsed.reference) {
          record.falseAnswers.push(`201 without caseId/reference: ${text.slice(0, 200)}`);
          return;
        }
        record.acknowledged.push({ key, formId, caseId: parsed.caseId, reference: parsed.reference });
        record.latencies.push(performance.now() - started);
        return;
      }
      if (response.status === 503 || response.status === 429) {
        const retryAfter = response.headers.get('retry-after');
        if (response.status === 503 && !retryAfter) record.falseAnswers.push(`503 without Retry-After: ${text.slice(0, 200)}`);
        wait = Math.min(Math.max(Number(retryAfter ?? 1) * 1000, 200), 5000);
      } else {
        // Any other answer is final for a web form: a 4xx is a bug of this test, a 5xx a false answer.
        record.falseAnswers.push(`${response.status}: ${text.slice(0, 200)}`);
        return;
      }
    } catch (error) {
      record.count(error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'network-error');
    }
    if (performance.now() + wait > giveUpAt || options.stop?.()) {
      record.abandoned.push(key);
      return;
    }
    await sleep(wait + Math.random() * 250);
  }
}

/** Runs `total` submissions from `clients` concurrent clients, forms taken in turn. */
export async function runClients(
  url: string,
  total: number,
  clients: number,
  record: LoadRecord,
  options: SubmitOptions & { forms?: string[] } = {},
): Promise<void> {
  const forms = options.forms ?? PUBLIC_FORMS;
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (;;) {
        const index = next++;
        if (index >= total || options.stop?.()) return;
        await submit(url, forms[index % forms.length]!, record, options);
      }
    }),
  );
}

export async function token(url: string, sub: string, groups: string[]): Promise<string> {
  const response = await fetch(`${url}/_local/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub, groups }),
  });
  if (response.status !== 200) throw new Error(`no token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

export async function getJson(url: string, pathname: string, bearer?: string): Promise<{ status: number; body: unknown; text: string }> {
  const response = await fetch(`${url}${pathname}`, {
    headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text };
}

export async function postJson(
  url: string,
  pathname: string,
  value: unknown,
  bearer?: string,
): Promise<{ status: number; body: unknown; text: string }> {
  const response = await fetch(`${url}${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify(value),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text };
}

/** The published example decision of an AVRR step. */
export function avrrDecision(step: string, outcome?: string): Record<string, unknown> {
  const definition = avrrSteps.find((candidate) => candidate.step === step);
  const example = definition?.examples.find((e) => outcome === undefined || e.outcome === outcome);
  if (!example) throw new Error(`no example of ${step} ${outcome ?? ''}`);
  return { ...example };
}

/**
 * Caseworkers working the role queue while the load runs: each completes the screening tasks that
 * appear (eligible). Answers the number completed; stops when `done()` says so.
 */
export async function caseworkers(
  url: string,
  count: number,
  done: () => boolean,
  figures: { completed: number; conflicts: number; errors: string[] },
): Promise<void> {
  const decision = avrrDecision('screening', 'eligible');
  await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const bearer = await token(url, `faults.caseworker.${index}`, ['caseworker']);
      while (!done()) {
        const page = await getJson(url, '/tasks?queue=role&role=caseworker&limit=20', bearer).catch(() => undefined);
        const items = ((page?.body as { items?: { taskId: string; step: string }[] } | undefined)?.items ?? []).filter(
          (task) => task.step === 'screening',
        );
        // Several caseworkers see the same queue: each takes a different slice of it.
        for (const task of items.filter((_, i) => i % count === index)) {
          if (done()) break;
          const answer = await postJson(url, `/tasks/${task.taskId}/complete`, { decision }, bearer).catch((error: unknown) => ({
            status: 0,
            text: String(error),
            body: undefined,
          }));
          if (answer.status === 200) figures.completed++;
          else if (answer.status === 409 || answer.status === 503 || answer.status === 0) figures.conflicts++;
          else figures.errors.push(`${answer.status}: ${answer.text.slice(0, 200)}`);
        }
        await sleep(items.length === 0 ? 1000 : 200);
      }
    }),
  );
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Every acknowledged submission read back over HTTP as staff (GET /cases/{caseId}: it exists, with
 * the acknowledged reference), and no two acknowledgements for one key or one reference.
 */
export async function readBack(
  url: string,
  acknowledged: Acknowledged[],
  concurrency = 20,
): Promise<{ missing: string[]; wrongReference: string[]; duplicateKeys: number; duplicateReferences: number; duplicateCases: number }> {
  const bearer = await token(url, 'faults.supervisor', ['supervisor']);
  const missing: string[] = [];
  const wrongReference: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const item = acknowledged[next++];
        if (!item) return;
        let answer: { status: number; body: unknown; text: string } | undefined;
        for (let attempt = 0; attempt < 20; attempt++) {
          answer = await getJson(url, `/cases/${item.caseId}`, bearer).catch(() => undefined);
          if (answer && answer.status !== 503 && answer.status !== 429) break;
          await sleep(1000);
        }
        if (answer?.status !== 200) missing.push(`${item.caseId}: ${answer?.status} ${answer?.text.slice(0, 120)}`);
        else if ((answer.body as { reference?: string }).reference !== item.reference) wrongReference.push(item.caseId);
      }
    }),
  );
  const distinct = (values: string[]) => values.length - new Set(values).size;
  return {
    missing,
    wrongReference,
    duplicateKeys: distinct(acknowledged.map((a) => a.key)),
    duplicateReferences: distinct(acknowledged.map((a) => a.reference)),
    duplicateCases: distinct(acknowledged.map((a) => a.caseId)),
  };
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

/**
 * Every acknowledged reference looked up in the table as the reference index holds it (CASEREF
 * item → caseId), on the DynamoDB Local the system uses: each names the acknowledged case.
 */
export async function readReferences(url: string, acknowledged: Acknowledged[]): Promise<{ missing: string[]; wrong: string[] }> {
  const { dynamodb } = (await getJson(url, '/_local/endpoints')).body as { dynamodb: string };
  const client = new DynamoDBClient({ endpoint: dynamodb, region: 'eu-west-3', credentials: LOCAL_CREDENTIALS });
  try {
    const tables = (await client.send(new ListTablesCommand({}))).TableNames ?? [];
    if (tables.length !== 1) throw new Error(`expected the one casework table, found ${tables.join(', ')}`);
    const table = tables[0]!;
    const missing: string[] = [];
    const wrong: string[] = [];
    for (let start = 0; start < acknowledged.length; start += 100) {
      const batch = acknowledged.slice(start, start + 100);
      let request: Record<string, { Keys: Record<string, AttributeValue>[] }> | undefined = {
        [table]: { Keys: batch.map((item) => marshall(keys.caseReference(item.reference))) },
      };
      const found = new Map<string, string>();
      while (request && Object.keys(request).length > 0) {
        const answer: BatchGetItemCommandOutput = await client.send(new BatchGetItemCommand({ RequestItems: request }));
        for (const item of answer.Responses?.[table] ?? []) {
          const plain = unmarshall(item) as { PK: string; caseId: string };
          found.set(plain.PK, plain.caseId);
        }
        request = answer.UnprocessedKeys as typeof request;
      }
      for (const item of batch) {
        const caseId = found.get(keys.caseReference(item.reference).PK);
        if (caseId === undefined) missing.push(item.reference);
        else if (caseId !== item.caseId) wrong.push(item.reference);
      }
    }
    return { missing, wrong };
  } finally {
    client.destroy();
  }
}

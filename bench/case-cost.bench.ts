// npm run bench:case-cost — runs N protection cases (referral → registration → assessment → plan →
// services → follow-up → closure), N AVRR cases (web form → return → travel → reintegration →
// three check-ins → closure, over a year of case time), N youth cases (a partner association's
// enrolment → orientation → milestones → exit → follow-ups at 3 and 6 months → closure) and N
// association capacity cases (assessment → plan → approval → three months of trainings →
// reassessment → closure), N diaspora experts (registration → verification → listed in the register),
// N host institutions' needs (submission → a clarification asked and answered → validated → matching:
// no suitable candidate → closure), N host needs matched to an expert (registered and listed first,
// outside the count) through their assignment (online set-up → start → mid-term check → end → the
// expert's report and the institution's feedback → closure) and N skilled-return cases (eligibility → a business project → plan → approval →
// the return → follow-ups at 3 and 12 months → closure) through the whole process on the local
// system and counts, per case of each programme, what AWS would bill: state transitions, Lambda
// invocations and duration, DynamoDB read and write units, schedules, API requests. Lines `cost per
// protection case: $X`, `cost per youth case: $X`, `cost per association capacity case: $X`, `cost
// per diaspora-expert case: $X`, `cost per host-need case: $X`, `cost per matched host-need case: $X`,
// `cost per skilled return case: $X`
// and, last, `cost per AVRR case: $X`.
// The script sets the functions' log level (WARN) and turns EMF metrics off, as the local system
// does: this file imports the functions' DynamoDB client before the system starts, and the logger
// made then would otherwise log at INFO into the figures. BENCH_ONLY=AVRR runs one programme.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { avrrSteps } from '../domain/avrr/steps.ts';
import { protectionSteps } from '../domain/protection/steps.ts';
import { youthSteps } from '../domain/youth-employability/youth-steps.ts';
import { capacitySteps } from '../domain/youth-employability/capacity-steps.ts';
import { expertSteps } from '../domain/migration-development/expert-steps.ts';
import { needSteps } from '../domain/migration-development/need-steps.ts';
import { normaliseSkill } from '../domain/migration-development/skills.ts';
import { returnSteps } from '../domain/migration-development/return-steps.ts';
import { getForm } from '../domain/forms/index.ts';
import { documentClient } from '../functions/commons/clients.ts';
import { DynamoTaskStore } from '../functions/adapters/dynamodb/task-store.ts';
import { LOCAL_CREDENTIALS, startDynamoDbLocal } from '../local/dynamodb-local.ts';
import { startLocalSystem } from '../local/system.ts';
import { createAssociation } from '../test/support/associations.ts';

const CASES = Number(process.env.BENCH_CASES ?? (process.env.BENCH_QUICK === '1' ? 2 : 5));
const out = (line: string) => process.stdout.write(`${line}\n`);

// AWS list prices, us-east-1, USD, as published since November 2024 (when DynamoDB on-demand
// prices were halved). They could not be re-checked against the live price pages from this machine
// (no internet). The mission would deploy in eu-west-3 (Paris), about 10–20% dearer.
const PRICES = {
  date: 'published since 2024-11, not re-checked live (no internet here)',
  stepFunctionsPerTransition: 0.025 / 1000, // Standard workflows
  lambdaPerRequest: 0.2 / 1_000_000,
  lambdaPerGbSecondArm: 0.0000133334, // arm64
  lambdaMemoryGb: 0.5, // 512 MB, as CDK sets
  dynamoPerWriteUnit: 0.625 / 1_000_000, // on-demand
  dynamoPerReadUnit: 0.125 / 1_000_000,
  schedulerPerInvocation: 1 / 1_000_000, // EventBridge Scheduler
  httpApiPerRequest: 1 / 1_000_000,
};

// Every DynamoDB call the functions make goes through this client: ask for, and add up, its capacity.
const capacity = { read: 0, write: 0 };
const writeCommands = /^(Put|Update|Delete|TransactWrite|BatchWrite)/;
documentClient.middlewareStack.add(
  (next, context) => async (args) => {
    (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
    const result = await next(args);
    const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
    const units = ((Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as { CapacityUnits?: number }[]).reduce(
      (sum, entry) => sum + (entry.CapacityUnits ?? 0),
      0,
    );
    if (writeCommands.test(context.commandName ?? '')) capacity.write += units;
    else capacity.read += units;
    return result;
  },
  { step: 'initialize', name: 'countConsumedCapacity' },
);

const example = (step: string, outcome?: string) =>
  avrrSteps.find((s) => s.step === step)!.examples.find((e) => outcome === undefined || e.outcome === outcome)!;
const protection = (step: string, outcome?: string) =>
  protectionSteps.find((s) => s.step === step)!.examples.find((e) => outcome === undefined || e.outcome === outcome)!;
/** An adult referred for an urgent medical need (high provisional risk: registration due in 3 hours). */
const adultMedical = {
  vulnerability: { category: 'medical', details: 'Diabète non traité, sans domicile.' },
  urgentNeeds: ['medical', 'shelter'],
};

const workDir = mkdtempSync(path.join(tmpdir(), 'casework-cost-'));
const dynamodb = await startDynamoDbLocal();
const system = await startLocalSystem({
  port: 0,
  dataDir: workDir,
  dynamodbEndpoint: dynamodb.endpoint,
  throttling: false,
  perClientLimit: false,
  clockMode: 'manual',
  // A fixed morning, as the e2e suites: from 23:00 UTC the mission's date (Morocco) is already the
  // next day, and a date typed as "today" in UTC would precede the application.
  clockStartAt: new Date('2026-12-01T08:00:00Z'),
});
// The bench looks at tasks through its own client, so that its reads are not counted.
const observer = new DynamoTaskStore(
  DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'eu-west-3', credentials: LOCAL_CREDENTIALS })),
  system.assembly.tables[0]!.tableName,
);
let apiRequests = 0;

async function call(method: string, pathname: string, body: unknown, token?: string): Promise<{ status: number; json: unknown }> {
  apiRequests++;
  const response = await fetch(`${system.url}${pathname}`, {
    method,
    headers: {
      'content-type': 'application/json',
      'idempotency-key': randomUUID(),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

async function token(sub: string, groups: string[], partnerId?: string): Promise<string> {
  const response = await fetch(`${system.url}/_local/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub, groups, ...(partnerId ? { partnerId } : {}) }),
  });
  return ((await response.json()) as { token: string }).token;
}

async function settle(): Promise<void> {
  await system.runtime.advanceBy('PT1S');
}

async function complete(
  caseId: string,
  step: string,
  decision: Record<string, unknown>,
  as: { sub: string; groups: string[]; partnerId?: string },
): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const open = (await observer.tasksOfCase(caseId)).find((task) => task.step === step && task.status === 'open');
    if (open) {
      const answer = await call('POST', `/tasks/${open.taskId}/complete`, { decision }, await token(as.sub, as.groups, as.partnerId));
      if (answer.status !== 200) throw new Error(`${step}: ${answer.status} ${JSON.stringify(answer.json)}`);
      return;
    }
    await settle();
  }
  throw new Error(`no open ${step} task`);
}

const caseworker = { sub: 'amina.caseworker', groups: ['caseworker'] };
const SALE = 'asso-jeunesse-avenir-sale';
const associationStaff = { sub: 'nadia.sale', groups: ['partner'], partnerId: SALE };
const youth = (step: string, outcome?: string) =>
  youthSteps.find((s) => s.step === step)!.examples.find((e) => outcome === undefined || e.outcome === outcome)!;
const supervisor = { sub: 'karim.supervisor', groups: ['supervisor'] };
const association = { sub: 'samira.tadamoun', groups: ['partner'], partnerId: 'asso-tadamoun-oujda' };
const capacity_ = (step: string, outcome?: string) =>
  structuredClone(capacitySteps.find((s) => s.step === step)!.examples.find((e) => outcome === undefined || e.outcome === outcome)!);
const skilledReturn = (step: string, outcome?: string) =>
  structuredClone(returnSteps.find((s) => s.step === step)!.examples.find((e) => outcome === undefined || e.outcome === outcome)!);
/** The local clock's date, this many days from now. */
const today = (offsetDays = 0) => new Date(system.clock.now().getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const survey = {
  economic: { employment: 'self-employed', incomeSatisfaction: 4, foodSecurity: 4, debtBurden: 2 },
  social: { housing: 4, healthcareAccess: 3, documentationAccess: 5, childrenInSchool: 'all' },
  psychosocial: { wellbeing: 4, senseOfBelonging: 4, feelsSafe: 5, wishesToMigrateAgain: 2 },
};

/** What one programme's cases cost: the counters' growth while they ran, per case. */
// BENCH_ONLY=AVRR (labels, comma-separated) runs only those programmes' cases, measured the same way.
const ONLY = process.env.BENCH_ONLY?.split(',').map((label) => label.trim());

async function measure(label: string, description: string, runCases: () => Promise<string[]>, end = 'closure'): Promise<void> {
  if (ONLY && !ONLY.includes(label)) return;
  const before = {
    capacity: { ...capacity },
    apiRequests,
    usage: new Map([...system.host.usage.entries()].map(([id, u]) => [id, { ...u }])),
  };
  const started = performance.now();
  const caseIds = await runCases();
  const elapsed = (performance.now() - started) / 1000;

  // Step Functions bills each state entered (transitions), retries included.
  const executions = system.runtime.listExecutions({ limit: 100_000 }).filter((e) => caseIds.some((id) => e.name.startsWith(id)));
  let transitions = 0;
  let schedulesByWorkflows = 0;
  for (const execution of executions) {
    const history = system.runtime.getHistory(execution.executionArn, { limit: 100_000 });
    transitions += history.filter((event) => event.type.endsWith('StateEntered')).length;
    schedulesByWorkflows += history.filter(
      (event) => event.type === 'TaskScheduled' && JSON.stringify(event).includes('createSchedule'),
    ).length;
  }
  const usage = [...system.host.usage.entries()].map(([id, u]) => {
    const earlier = before.usage.get(id);
    return [
      id,
      { invocations: u.invocations - (earlier?.invocations ?? 0), milliseconds: u.milliseconds - (earlier?.milliseconds ?? 0) },
    ] as const;
  });
  const invocations = usage.reduce((sum, [, u]) => sum + u.invocations, 0);
  const milliseconds = usage.reduce((sum, [, u]) => sum + u.milliseconds, 0);
  const taskReminderInvocations = usage
    .filter(([id]) => id.startsWith('FunctionsTaskReminder'))
    .reduce((sum, [, u]) => sum + u.invocations, 0);
  // Each human task creates three reminder schedules, each invoked once when due (or skipped when done).
  const tasksOpened = (await Promise.all(caseIds.map((id) => observer.tasksOfCase(id)))).flat().length;
  const schedules = tasksOpened * 3 + schedulesByWorkflows;
  const writes = capacity.write - before.capacity.write;
  const reads = capacity.read - before.capacity.read;
  const requests = apiRequests - before.apiRequests;

  const per = (value: number) => value / caseIds.length;
  const cost = {
    stepFunctions: per(transitions) * PRICES.stepFunctionsPerTransition,
    lambda: per(invocations) * PRICES.lambdaPerRequest + (per(milliseconds) / 1000) * PRICES.lambdaMemoryGb * PRICES.lambdaPerGbSecondArm,
    dynamodb: per(writes) * PRICES.dynamoPerWriteUnit + per(reads) * PRICES.dynamoPerReadUnit,
    scheduler: per(schedules) * PRICES.schedulerPerInvocation,
    api: per(requests) * PRICES.httpApiPerRequest,
  };
  const total = Object.values(cost).reduce((sum, value) => sum + value, 0);

  out(`${caseIds.length} ${label} cases from web form to ${end} (${description}) in ${elapsed.toFixed(1)} s of wall time`);
  // Run end to end over HTTP, the clock moved through the case's months (issue 15: under 5 s for an AVRR case).
  out(
    `seconds per simulated ${label} case: ${(elapsed / caseIds.length).toFixed(2)} s (loadavg ${readFileSync('/proc/loadavg', 'utf8').trim()})`,
  );
  out(
    `per case: ${per(executions.length).toFixed(0)} executions, ${per(transitions).toFixed(0)} state transitions, ${per(tasksOpened).toFixed(0)} human tasks`,
  );
  out(
    `per case: ${per(invocations).toFixed(1)} Lambda invocations (${per(taskReminderInvocations).toFixed(1)} reminders), ${per(milliseconds).toFixed(0)} ms of function time locally`,
  );
  out(`per case: ${per(writes).toFixed(1)} DynamoDB write units, ${per(reads).toFixed(1)} read units (as DynamoDB Local reports them)`);
  out(
    `per case: ${per(schedules).toFixed(0)} one-time schedules, ${per(requests).toFixed(0)} HTTP API requests (submission and task completions)`,
  );
  out(
    `cost breakdown per case: Step Functions $${cost.stepFunctions.toFixed(6)}, Lambda $${cost.lambda.toFixed(6)}, DynamoDB $${cost.dynamodb.toFixed(6)}, Scheduler $${cost.scheduler.toFixed(6)}, API $${cost.api.toFixed(6)}`,
  );
  out(`cost per ${label} case: $${total.toFixed(4)}`);
}

/** The case has reached this stage (a case that stays open: an expert listed, a need open for matching). */
async function atStage(caseId: string, stage: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    if ((await observer.getCase(caseId))?.stage === stage) return;
    await settle();
  }
  throw new Error(`case ${caseId} never reached ${stage}`);
}

const expertStep = (step: string, outcome: string) =>
  structuredClone(expertSteps.find((s) => s.step === step)!.examples.find((e) => e.outcome === outcome)!);
const needStep = (step: string, outcome: string) =>
  structuredClone(needSteps.find((s) => s.step === step)!.examples.find((e) => e.outcome === outcome)!);

async function closedCase(caseId: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    await settle();
    if ((await observer.getCase(caseId))?.status === 'closed') return;
  }
  throw new Error(`case ${caseId} not closed: ${(await observer.getCase(caseId))?.stage}`);
}

try {
  out(
    `prices: AWS list prices, us-east-1, ${PRICES.date}: Step Functions Standard $0.025/1k transitions; Lambda arm64 $0.20/M requests + $0.0000133334/GB-s at 512 MB; DynamoDB on-demand $0.625/M WRU, $0.125/M RRU; EventBridge Scheduler $1/M; HTTP API $1/M. Not included: CloudWatch Logs, X-Ray, KMS requests, SES/SNS deliveries, free tiers.`,
  );
  // First, while the local clock is today: the needs' windows are dated from it.
  await measure(
    'diaspora-expert',
    'registration, verification, listed in the register with its index items',
    async () => {
      const caseIds: string[] = [];
      for (let n = 0; n < CASES; n++) {
        const submitted = await call(
          'POST',
          '/forms/diaspora-expert-registration/submissions',
          getForm('diaspora-expert-registration')!.examples[0],
        );
        if (submitted.status !== 201) throw new Error(`registration ${submitted.status} ${JSON.stringify(submitted.json)}`);
        const { caseId } = submitted.json as { caseId: string };
        caseIds.push(caseId);
        await complete(caseId, 'expert-verification', expertStep('expert-verification', 'verified'), caseworker);
        await atStage(caseId, 'listed');
      }
      return caseIds;
    },
    'listing',
  );
  await measure(
    'host-need',
    'submission, a clarification asked and answered, validated, then matching: the register searched, no suitable candidate, closed',
    async () => {
      const caseIds: string[] = [];
      for (let n = 0; n < CASES; n++) {
        const need = structuredClone(getForm('host-institution-need')!.examples[0]) as Record<string, unknown> & {
          termsOfReference: Record<string, unknown>;
        };
        need.declarationDate = today();
        need.termsOfReference.earliestStart = today(30);
        need.termsOfReference.latestEnd = today(120);
        const submitted = await call('POST', '/forms/host-institution-need/submissions', need);
        if (submitted.status !== 201) throw new Error(`need ${submitted.status} ${JSON.stringify(submitted.json)}`);
        const { caseId } = submitted.json as { caseId: string };
        caseIds.push(caseId);
        await complete(caseId, 'need-validation', needStep('need-validation', 'clarification-requested'), caseworker);
        await complete(caseId, 'need-clarification', needStep('need-clarification', 'answered'), caseworker);
        const validated = needStep('need-validation', 'validated');
        await complete(caseId, 'need-validation', { ...validated, window: { from: today(30), to: today(120) } }, caseworker);
        await complete(caseId, 'match-shortlist', { outcome: 'no-suitable-candidate', reasonCode: 'no-candidate-in-register' }, caseworker);
        await closedCase(caseId);
      }
      return caseIds;
    },
  );
  {
    // The experts first (their own cost is the diaspora-expert line): one per need, a skill of its own,
    // available online from today.
    const experts: { caseId: string; skill: string }[] = [];
    for (let n = 0; n < CASES; n++) {
      const skill = `Telemedecine ${randomUUID().slice(0, 8)}`;
      const submitted = await call(
        'POST',
        '/forms/diaspora-expert-registration/submissions',
        getForm('diaspora-expert-registration')!.examples[0],
      );
      if (submitted.status !== 201) throw new Error(`registration ${submitted.status} ${JSON.stringify(submitted.json)}`);
      const { caseId } = submitted.json as { caseId: string };
      const verified = { ...expertStep('expert-verification', 'verified'), skillsConfirmed: [skill], languagesConfirmed: ['fr', 'ar'] };
      await complete(caseId, 'expert-verification', verified, caseworker);
      await atStage(caseId, 'listed');
      const windows = [{ from: today(), to: today(400), mode: 'remote' }];
      const moved = await call(
        'POST',
        `/experts/${caseId}/availability`,
        { windows, version: 1 },
        await token(caseworker.sub, caseworker.groups),
      );
      if (moved.status !== 200) throw new Error(`availability ${moved.status} ${JSON.stringify(moved.json)}`);
      experts.push({ caseId, skill });
    }
    await measure(
      'matched host-need',
      "validated (remote, 4 weeks), matched to an expert, the assignment: online set-up, start, mid-term check, end, the expert's report and the institution's feedback, closed",
      async () => {
        const caseIds: string[] = [];
        for (const expert of experts) {
          const need = structuredClone(getForm('host-institution-need')!.examples[0]) as Record<string, unknown> & {
            termsOfReference: Record<string, unknown>;
          };
          need.declarationDate = today();
          need.termsOfReference.earliestStart = today(30);
          need.termsOfReference.latestEnd = today(120);
          const submitted = await call('POST', '/forms/host-institution-need/submissions', need);
          if (submitted.status !== 201) throw new Error(`need ${submitted.status} ${JSON.stringify(submitted.json)}`);
          const { caseId } = submitted.json as { caseId: string };
          caseIds.push(caseId);
          const validated = {
            ...needStep('need-validation', 'validated'),
            skills: [normaliseSkill(expert.skill)],
            mode: 'remote',
            durationWeeks: 4,
            window: { from: today(30), to: today(120) },
          };
          await complete(caseId, 'need-validation', validated, caseworker);
          await complete(caseId, 'match-shortlist', { outcome: 'shortlisted', candidateCaseIds: [expert.caseId] }, caseworker);
          const answers = [{ candidateCaseId: expert.caseId, candidate: 'accepted', institution: 'accepted' }];
          await complete(caseId, 'match-answers', { outcome: 'confirmed', candidateCaseId: expert.caseId, answers }, caseworker);
          await complete(caseId, 'assignment-preparation', { outcome: 'online-set-up', platform: 'teams', accessTested: true }, caseworker);
          await system.runtime.advanceBy('P30D');
          await complete(caseId, 'assignment-start', { outcome: 'started', startedOn: today() }, caseworker);
          await system.runtime.advanceBy('P14D');
          await complete(caseId, 'assignment-midterm-check', { outcome: 'on-track' }, caseworker);
          await system.runtime.advanceBy('P14D');
          await complete(caseId, 'assignment-end', { outcome: 'completed', endedOn: today() }, caseworker);
          const report = {
            outcome: 'received',
            receivedOn: today(),
            deliverables: ['mission-report'],
            documentReference: 'GED/2026/MD-0142',
          };
          await complete(caseId, 'assignment-expert-report', report, caseworker);
          const satisfaction = { objectivesMet: 4, expertise: 5, communication: 4, knowledgeTransfer: 3 };
          await complete(
            caseId,
            'assignment-institution-feedback',
            { outcome: 'received', receivedOn: today(), satisfaction, wouldHostAgain: true },
            caseworker,
          );
          await closedCase(caseId);
        }
        return caseIds;
      },
    );
  }
  await measure(
    'protection',
    'an adult medical referral: registration, assessment, a plan of 3 services approved, each delivered, 2 follow-up visits',
    async () => {
      const caseIds: string[] = [];
      for (let n = 0; n < CASES; n++) {
        const referral = { ...(getForm('protection-referral')!.examples[1] as Record<string, unknown>), ...adultMedical };
        const submitted = await call('POST', '/forms/protection-referral/submissions', referral);
        if (submitted.status !== 201) throw new Error(`referral ${submitted.status}`);
        const { caseId } = submitted.json as { caseId: string };
        caseIds.push(caseId);
        await complete(caseId, 'registration', protection('registration', 'confirmed'), caseworker);
        await complete(caseId, 'vulnerability-assessment', { outcome: 'assessed', categories: ['medical'] }, caseworker);
        const plan = protection('assistance-plan', 'proposed');
        await complete(caseId, 'assistance-plan', plan, caseworker);
        await complete(caseId, 'assistance-plan-approval', protection('assistance-plan-approval', 'approved'), supervisor);
        for (let service = 0; service < (plan.services as unknown[]).length; service++)
          await complete(caseId, 'service-delivery', protection('service-delivery', 'delivered'), caseworker);
        await complete(caseId, 'follow-up-visit', { ...protection('follow-up-visit', 'continue'), nextVisitInDays: 14 }, caseworker);
        await system.runtime.advanceBy('P14D');
        await complete(caseId, 'follow-up-visit', protection('follow-up-visit', 'close'), caseworker);
        await closedCase(caseId);
      }
      return caseIds;
    },
  );
  // The association record its staff belong to (not counted).
  await createAssociation(system, await token('admin', ['admin']), SALE);
  await measure(
    'youth',
    "a partner association's enrolment, orientation, 4 progress records (training started and completed, a job, the exit), follow-ups at 3 and 6 months",
    async () => {
      const caseIds: string[] = [];
      for (let n = 0; n < CASES; n++) {
        const enrolment = { ...(getForm('youth-enrolment')!.examples[0] as Record<string, unknown>), enrolmentDate: today() };
        const submitted = await call(
          'POST',
          '/partner/forms/youth-enrolment/submissions',
          enrolment,
          await token(associationStaff.sub, associationStaff.groups, SALE),
        );
        if (submitted.status !== 201) throw new Error(`enrolment ${submitted.status} ${JSON.stringify(submitted.json)}`);
        const { caseId } = submitted.json as { caseId: string };
        caseIds.push(caseId);
        await complete(caseId, 'youth-orientation', youth('youth-orientation', 'oriented'), associationStaff);
        const on = today();
        const evidence = { kind: 'certificate' };
        for (const milestone of [
          { type: 'training-started', date: on, evidence },
          { type: 'training-completed', date: on, evidence },
          { type: 'job-found', date: on, sector: 'trade', employment: 'wage-employment', contract: 'fixed-term', evidence },
        ])
          await complete(caseId, 'youth-track-progress', { outcome: 'milestone', milestone }, associationStaff);
        await complete(caseId, 'youth-track-progress', { outcome: 'exit', exit: { outcome: 'completed', date: on } }, associationStaff);
        const employed = { status: 'employed', since: on, employment: 'wage-employment', sector: 'trade' };
        for (const advanceBy of ['P92D', 'P91D']) {
          await system.runtime.advanceBy(advanceBy);
          await complete(caseId, 'youth-follow-up', { outcome: 'reached', situation: employed }, associationStaff);
        }
        await closedCase(caseId);
      }
      return caseIds;
    },
  );
  await createAssociation(system, await token('nadia.admin', ['admin']), association.partnerId, { city: 'oujda' });
  await measure(
    'association capacity',
    "an association's own staff: assessment (instrument 2), a plan approved, 3 months of trainings, the reassessment",
    async () => {
      const caseIds: string[] = [];
      for (let n = 0; n < CASES; n++) {
        const submitted = await call(
          'POST',
          '/partner/forms/association-capacity-assessment/submissions',
          { ...(getForm('association-capacity-assessment')!.examples[0] as Record<string, unknown>), assessmentDate: today(-5) },
          await token(association.sub, association.groups, association.partnerId),
        );
        if (submitted.status !== 201) throw new Error(`assessment ${submitted.status} ${JSON.stringify(submitted.json)}`);
        const { caseId } = submitted.json as { caseId: string };
        caseIds.push(caseId);
        const plan = capacity_('capacity-plan');
        for (const action of plan.actions as { dueDate: string }[]) action.dueDate = today(120);
        await complete(caseId, 'capacity-plan', plan, association);
        await complete(caseId, 'capacity-plan-approval', { outcome: 'approved', reassessmentAfterMonths: 3 }, supervisor);
        for (const advanceBy of ['P31D', 'P31D', 'P31D']) {
          await system.runtime.advanceBy(advanceBy);
          const activities = capacity_('capacity-activity', 'recorded');
          for (const activity of activities.activities as { date: string }[]) activity.date = today(-1);
          await complete(caseId, 'capacity-activity', activities, association);
        }
        await complete(caseId, 'capacity-reassessment', { ...capacity_('capacity-reassessment'), assessmentDate: today() }, association);
        await closedCase(caseId);
      }
      return caseIds;
    },
  );
  await measure(
    'skilled return',
    "a qualified national's return: eligibility, a business project, a plan approved, the return, follow-ups at 3 and 12 months",
    async () => {
      const caseIds: string[] = [];
      for (let n = 0; n < CASES; n++) {
        const application = {
          ...(getForm('skilled-return-application')!.examples[0] as Record<string, unknown>),
          declarationDate: today(),
          intendedReturnDate: today(30),
        };
        const submitted = await call('POST', '/forms/skilled-return-application/submissions', application);
        if (submitted.status !== 201) throw new Error(`skilled return ${submitted.status} ${JSON.stringify(submitted.json)}`);
        const { caseId } = submitted.json as { caseId: string };
        caseIds.push(caseId);
        await complete(caseId, 'return-eligibility', skilledReturn('return-eligibility', 'eligible'), caseworker);
        await complete(caseId, 'return-opportunity', skilledReturn('return-opportunity', 'business-project'), caseworker);
        await complete(caseId, 'return-plan', skilledReturn('return-plan'), caseworker);
        await complete(caseId, 'return-plan-approval', skilledReturn('return-plan-approval', 'approved'), supervisor);
        await complete(caseId, 'return-arrival', { outcome: 'returned', returnedOn: today() }, caseworker);
        for (const advanceBy of ['P92D', 'P274D']) {
          await system.runtime.advanceBy(advanceBy);
          await complete(caseId, 'return-follow-up', skilledReturn('return-follow-up', 'recorded'), caseworker);
        }
        await closedCase(caseId);
      }
      return caseIds;
    },
  );
  await measure('AVRR', 'return, travel, reintegration, 3 check-ins', async () => {
    const caseIds: string[] = [];
    for (let n = 0; n < CASES; n++) {
      const submitted = await call('POST', '/forms/avrr-application/submissions', getForm('avrr-application')!.examples[0]);
      if (submitted.status !== 201) throw new Error(`submission ${submitted.status}`);
      const { caseId } = submitted.json as { caseId: string };
      caseIds.push(caseId);
      await complete(caseId, 'screening', example('screening', 'eligible'), caseworker);
      await complete(caseId, 'approval', example('approval', 'approved'), supervisor);
      await complete(caseId, 'travel-document', example('travel-document', 'obtained'), caseworker);
      await complete(caseId, 'ticket', example('ticket'), caseworker);
      // Departed and arrived today: a day in the future, or before the approval, is refused.
      await complete(caseId, 'departure', { ...example('departure', 'departed'), departedOn: today() }, caseworker);
      await complete(caseId, 'arrival', { ...example('arrival'), arrivedOn: today() }, caseworker);
      await complete(caseId, 'reintegration-plan', example('reintegration-plan'), caseworker);
      await complete(caseId, 'plan-approval', example('plan-approval', 'approved'), supervisor);
      await complete(caseId, 'assistance-delivery', example('assistance-delivery'), caseworker);
      for (const advanceBy of ['P92D', 'P91D', 'P184D']) {
        await system.runtime.advanceBy(advanceBy);
        await complete(caseId, 'check-in', { ...example('check-in', 'completed'), survey }, caseworker);
      }
      await closedCase(caseId);
    }
    return caseIds;
  });
} finally {
  await system.stop();
  await dynamodb.stop();
  rmSync(workDir, { recursive: true, force: true });
}

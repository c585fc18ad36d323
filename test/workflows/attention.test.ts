// The "needs attention" sequence (workflows/attention.ts) on every deployed definition of every
// programme, generically: each Task state the sequence covers, in every scope (the state machine, a
// Parallel's branches, a Map's items), is made to fail on the pure interpreter
//   transiently  → retried by its own Retry, and the workflow goes on: no attention;
//   permanently  → the case is flagged (flag-attention: the state and the error's name, never its
//                  cause) and a supervisor's `attention-resolve` task opens; left undecided it
//                  expires and the case is flagged again;
//   then retry   → back to the failed state, which now succeeds;
//   or close     → the case closed (needs-attention-closed), and the execution ends successfully,
//                  from a nested scope through its Map or Parallel.
// A run starts at the failing state (through its Parallel or Map, whose items are replaced by one),
// so no programme's scenario is needed. This file takes every path of the sequence on every
// definition (`uncoveredAttentionPaths`); the programmes' own workflow tests leave them out
// (test/support/workflow-harness.ts `uncoveredPaths`).
import { describe, expect, it } from 'vitest';
import { programmes } from '../../domain/programmes/index.ts';
import { flagAttention, MAX_ATTENTION_RETRIES, resolveAttention } from '../../domain/cases/attention.ts';
import { pendingAttention, type CaseRecord } from '../../domain/cases/model.ts';
import { caseAction } from '../../workflows/asl.ts';
import { MemoryCaseStore } from '../support/memory-case-store.ts';
import { caughtStates, withAttention } from '../../workflows/attention.ts';
import { definitionsOf, processesOf } from '../../workflows/programmes.ts';
import { ARNS, TaskFailure, uncoveredAttentionPaths, WorkflowRun, type Invocation } from '../support/workflow-harness.ts';

type Json = Record<string, unknown>;
type Scope = { StartAt?: string; States: Record<string, Json> };

const CASE = { caseId: '00000000-0000-4000-8000-000000000001', reference: 'TEST-2026-000001' };
const MARK = 'x-attention-test';

/** One deployed definition per programme and phase. */
const deployed = programmes.flatMap((declaration) =>
  Object.entries(definitionsOf(declaration.programme)).map(([phase, definition]) => ({
    workflow: `${declaration.programme}-${phase}`,
    definition: definition() as Json & Scope,
  })),
);

/** A Task to fail: its name and the Parallel/Map states (with the branch) that lead to its scope. */
interface Target {
  state: string;
  path: { state: string; branch: number }[];
}

function targetsOf(scope: Scope, path: Target['path'] = []): Target[] {
  return [
    ...caughtStates(scope.States).map((state) => ({ state, path })),
    ...Object.entries(scope.States).flatMap(([name, state]) => {
      const inner = [...((state.Branches as Scope[] | undefined) ?? []), ...(state.ItemProcessor ? [state.ItemProcessor as Scope] : [])];
      return inner.flatMap((branch, index) => targetsOf(branch, [...path, { state: name, branch: index }]));
    }),
  ];
}

/**
 * The definition entered straight at the target and left right after it: each scope on the way
 * starts at the next state down (a Map runs one item, a Parallel only that branch), the target's
 * Next and those of the states around it end the run, and its arguments are constants (with a mark
 * the stub knows it by) and it assigns nothing: no scenario has assigned the variables they read, and what is tested is
 * what happens around the task (its Retry, the catcher, the attention sequence), not its payload.
 */
function focused(definition: Scope, target: Target): Json {
  const copy = structuredClone(definition) as Scope & Json;
  const first = target.path[0]?.state ?? target.state;
  const passed = (scope: Scope, suffix: string) => {
    const name = `Test: passed${suffix}`;
    scope.States[name] = { Type: 'Succeed' };
    return name;
  };
  const leaveAfter = (state: Json, next: string) => {
    delete state.End;
    state.Next = next;
  };
  let scope: Scope = copy;
  target.path.forEach(({ state, branch }, index) => {
    const composite = scope.States[state]!;
    leaveAfter(composite, passed(scope, ` ${index}`));
    let inner: Scope;
    if (composite.Type === 'Map') {
      composite.Items = [firstItem(composite.Items)];
      inner = composite.ItemProcessor as Scope;
    } else {
      inner = (composite.Branches as Scope[])[branch]!;
      composite.Branches = [inner];
    }
    inner.StartAt = target.path[index + 1]?.state ?? target.state;
    scope = inner;
  });
  const task = scope.States[target.state]!;
  leaveAfter(task, passed(scope, ''));
  const args = task.Arguments as Json;
  const payload = args.Payload as Json | undefined;
  if (payload) {
    const kept = ['token', 'stateEntry', 'step', 'phase'].filter((key) => key in payload);
    args.Payload = { caseId: '{% $caseId %}', ...Object.fromEntries(kept.map((key) => [key, payload[key]])), [MARK]: true };
  } else task.Arguments = { [MARK]: true };
  if (typeof task.TimeoutSeconds === 'string') task.TimeoutSeconds = 86_400;
  // What it assigns from its result reads fields a stub does not know.
  delete task.Assign;
  delete task.Output;
  // The variables a process assigns as it starts.
  copy.States['Test: begin'] = {
    Type: 'Pass',
    Assign: { caseId: '{% $states.input.caseId %}', reference: '{% $states.input.reference %}' },
    Next: first,
  };
  copy.StartAt = 'Test: begin';
  return copy;
}

/** A Map's first item when its items are a constant (e.g. the follow-ups to schedule), else an empty one. */
function firstItem(items: unknown): unknown {
  const constant = typeof items === 'string' ? /^\{%\s*(\[.*\])\s*%\}$/s.exec(items)?.[1] : undefined;
  try {
    return (constant ? (JSON.parse(constant) as unknown[])[0] : undefined) ?? {};
  } catch {
    return {};
  }
}

const isTarget = (invocation: Invocation) => invocation.payload[MARK] === true || invocation.parameters[MARK] === true;

/** A transient error the target's own Retry retries, and a permanent one. */
function errorsFor(task: Json): { transient: string; permanent: string } {
  const resource = String(task.Resource);
  if (resource.includes('states:startExecution'))
    return { transient: 'StepFunctions.ThrottlingException', permanent: 'StepFunctions.InvalidArn' };
  if (resource.includes('scheduler:createSchedule'))
    return { transient: 'Scheduler.ThrottlingException', permanent: 'Scheduler.ValidationException' };
  return { transient: 'Lambda.ServiceException', permanent: 'CaseNotFound' };
}

function taskOf(definition: Scope, target: Target): Json {
  let scope = definition;
  for (const { state, branch } of target.path) {
    const composite = scope.States[state]!;
    scope = (composite.Type === 'Map' ? composite.ItemProcessor : (composite.Branches as Scope[])[branch]) as Scope;
  }
  return scope.States[target.state]!;
}

/** Runs a focused definition whose target fails `failures` times with `error`, then succeeds. */
function run(workflow: string, definition: Scope, target: Target, error: string, failures: number, retriesLeft = MAX_ATTENTION_RETRIES) {
  let left = failures;
  const calls = { target: 0 };
  const workflowRun = new WorkflowRun(workflow, focused(definition, target))
    .stub({ action: 'flag-attention' }, () => ({ retriesLeft, stage: 'some-stage' }))
    // The case grants the outcome asked (a retry only while retries are left: domain/cases/attention.ts).
    .stub({ action: 'resolve-attention' }, (invocation) => ({ outcome: invocation.payload.outcome }))
    .stub({ when: isTarget }, (invocation) => {
      calls.target += 1;
      if (left > 0) {
        left -= 1;
        throw new TaskFailure(error, 'a cause that may name someone');
      }
      if (invocation.resource.includes('states:startExecution')) return { ExecutionArn: 'arn', StartDate: 0 };
      if (invocation.resource.includes('createSchedule')) return { ScheduleArn: 'arn' };
      return {};
    })
    .start(CASE);
  return { run: workflowRun, calls, stopFailing: () => (left = 0) };
}

/** The case actions called, but the failing target's own. */
const actions = (r: WorkflowRun) => r.trace.caseActions.filter((call) => call[MARK] === undefined);

/** The state entered after the `index`-th entry of a state in a trace. */
const after = (states: string[], name: string, occurrence: number) => {
  const indexes = states.flatMap((state, index) => (state === name ? [index] : []));
  return states[indexes[occurrence]! + 1];
};

const isFlag = (state: string | undefined) => state?.startsWith('Needs attention') ?? false;
const RETRY_WINDOW = { hours: 1 };

describe.each(deployed)('$workflow: a task failing', ({ workflow, definition }) => {
  const targets = targetsOf(definition);

  it('has tasks to fail', () => {
    expect(targets.length).toBeGreaterThan(0);
  });

  it.each(targets.map((target) => [target.state, target] as const))('%s: not failing → on, no attention', (_, target) => {
    const { run: r, calls } = run(workflow, definition, target, 'none', 0);
    r.advance(RETRY_WINDOW);
    expect(calls.target).toBe(1);
    expect(r.trace.states.filter(isFlag)).toEqual([]);
  });

  it.each(targets.map((target) => [target.state, target] as const))('%s: transiently → retried, no attention', (_, target) => {
    const task = taskOf(definition, target);
    const { run: r, calls } = run(workflow, definition, target, errorsFor(task).transient, 1);
    r.advance(RETRY_WINDOW);
    expect(calls.target).toBe(2);
    expect(r.trace.states.filter(isFlag)).toEqual([]);
    expect(actions(r).filter((call) => call.action === 'flag-attention')).toEqual([]);
  });

  it.each(targets.map((target) => [target.state, target] as const))(
    '%s: permanently → flagged with the error name, a supervisor task; retry → the state again',
    (_, target) => {
      const task = taskOf(definition, target);
      const { permanent } = errorsFor(task);
      const { run: r, calls, stopFailing } = run(workflow, definition, target, permanent, Number.POSITIVE_INFINITY);
      r.advance(RETRY_WINDOW);
      const flags = actions(r).filter((call) => call.action === 'flag-attention');
      expect(flags).toHaveLength(1);
      expect(flags[0]).toMatchObject({ caseId: CASE.caseId, state: target.state, error: permanent });
      expect(JSON.stringify(flags[0])).not.toContain('may name someone');
      expect(after(r.trace.states, target.state, 0)).toMatch(/^Needs attention/);
      const resolve = r.task('attention-resolve');
      expect(resolve.payload).toMatchObject({
        step: 'attention-resolve',
        stage: 'some-stage',
        context: { state: target.state, error: permanent, retriesLeft: MAX_ATTENTION_RETRIES },
      });
      stopFailing();
      const before = calls.target;
      r.complete('attention-resolve', { outcome: 'retry' }, 'supervisor-1');
      expect(actions(r).filter((call) => call.action === 'resolve-attention')).toEqual([
        expect.objectContaining({ outcome: 'retry', completedBy: 'supervisor-1' }),
      ]);
      expect(calls.target).toBe(before + 1);
      expect(after(r.trace.states, target.state, 1) ?? 'none').not.toMatch(/^Needs attention/);
    },
  );

  it.each(targets.map((target) => [target.state, target] as const))(
    '%s: permanently, nobody decides → flagged again; then close → the case closed, the execution ended',
    (_, target) => {
      const task = taskOf(definition, target);
      const { run: r } = run(workflow, definition, target, errorsFor(task).permanent, Number.POSITIVE_INFINITY);
      r.advance(RETRY_WINDOW);
      r.timeOut('attention-resolve');
      expect(actions(r).filter((call) => call.action === 'expire-step')).toEqual([expect.objectContaining({ step: 'attention-resolve' })]);
      expect(actions(r).filter((call) => call.action === 'flag-attention')).toHaveLength(2);
      r.complete('attention-resolve', { outcome: 'close' }, 'supervisor-1');
      expect(actions(r).filter((call) => call.action === 'resolve-attention')).toEqual([expect.objectContaining({ outcome: 'close' })]);
      expect(actions(r).filter((call) => call.action === 'close' && call[MARK] === undefined)).toEqual([
        expect.objectContaining({ reason: 'needs-attention-closed' }),
      ]);
      expect(r.trace.status).toBe('SUCCEEDED');
      expect(r.trace.states.at(-1)).toBe('Attention: closed');
      expect(r.openTasks()).toEqual([]);
    },
  );

  it('a retry with none left closes the case', () => {
    const target = targets[0]!;
    const { run: r } = run(workflow, definition, target, errorsFor(taskOf(definition, target)).permanent, Number.POSITIVE_INFINITY, 0);
    r.advance(RETRY_WINDOW);
    r.complete('attention-resolve', { outcome: 'retry' });
    expect(actions(r).filter((call) => call.action === 'resolve-attention')).toEqual([expect.objectContaining({ outcome: 'close' })]);
    expect(r.trace.caseActions.filter((call) => call.reason === 'needs-attention-closed')).toHaveLength(1);
    expect(r.trace.status).toBe('SUCCEEDED');
  });

  it('every path of the attention sequence was taken', () => {
    expect(uncoveredAttentionPaths(workflow, definition)).toEqual([]);
  });
});

describe('the attention sequence', () => {
  it('is in every deployed definition, and in no process as written', () => {
    for (const declaration of programmes) {
      for (const [phase, process] of Object.entries(processesOf(declaration.programme))) {
        expect(JSON.stringify(process()), phase).not.toContain('flag-attention');
        expect(JSON.stringify(definitionsOf(declaration.programme)[phase]!()), phase).toContain('flag-attention');
      }
    }
  });

  it('two items of a Map failing at once: two flags, each resolved under its own id, both recorded on the case', async () => {
    const definition = withAttention(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'Begin',
        States: {
          Begin: { Type: 'Pass', Assign: { caseId: '{% $states.input.caseId %}' }, Next: 'Items' },
          Items: {
            Type: 'Map',
            Items: '{% [1, 2] %}',
            ItemProcessor: {
              ProcessorConfig: { Mode: 'INLINE' },
              StartAt: 'Work',
              States: { Work: caseAction({ action: "'work'" }, { end: true }) },
            },
            Next: 'Done',
          },
          Done: { Type: 'Succeed' },
        },
      },
      'main',
    );
    let failing = true;
    const r = new WorkflowRun('attention-map', definition)
      .stub({ action: 'flag-attention' }, () => ({ retriesLeft: MAX_ATTENTION_RETRIES, stage: 'some-stage' }))
      .stub({ action: 'resolve-attention' }, (invocation) => ({ outcome: invocation.payload.outcome }))
      .stub({ action: 'work' }, () => {
        if (failing) throw new TaskFailure('CaseNotFound', 'a cause');
        return {};
      })
      .start(CASE);
    r.advance(RETRY_WINDOW);
    const flags = actions(r).filter((call) => call.action === 'flag-attention');
    expect(flags).toHaveLength(2);
    expect(new Set(flags.map((call) => call.flagId)).size).toBe(2);
    const tasks = r.openTasks().filter((task) => task.step === 'attention-resolve');
    expect(tasks).toHaveLength(2);
    failing = false;
    for (const [index, task] of tasks.entries()) r.completeTask(task, { outcome: 'retry' }, `supervisor-${index + 1}`);
    const resolutions = actions(r).filter((call) => call.action === 'resolve-attention');
    expect(resolutions).toHaveLength(2);
    expect(new Set(resolutions.map((call) => call.flagId))).toEqual(new Set(flags.map((call) => call.flagId)));
    expect(r.trace.status).toBe('SUCCEEDED');
    // The same calls on a case: two flags, each resolved with its own task; nothing left waiting.
    const store = new MemoryCaseStore({
      caseId: CASE.caseId,
      reference: CASE.reference,
      programme: 'protection',
      caseType: 'protection',
      formId: 'protection-referral',
      formVersion: 1,
      stage: 'assessment',
      status: 'open',
      facts: {},
      createdAt: '2026-12-02T10:00:00.000Z',
      updatedAt: '2026-12-02T10:00:00.000Z',
      version: 1,
    } satisfies CaseRecord);
    const deps = { store, now: () => new Date('2026-12-02T10:00:00.000Z') };
    for (const call of flags) await flagAttention(call as Parameters<typeof flagAttention>[0], deps);
    expect(pendingAttention(store.record.attention)).toHaveLength(2);
    for (const call of resolutions)
      expect(await resolveAttention(call as Parameters<typeof resolveAttention>[0], deps)).toEqual({ outcome: 'retry' });
    expect(pendingAttention(store.record.attention)).toEqual([]);
    expect(store.record.attentionRetries).toBe(2);
    expect(new Set(store.events.filter((e) => e.type === 'case.attention-resolved').map((e) => e.details.taskId)).size).toBe(2);
  });

  it('keeps the catchers a task had before its own, a human step timing out first', () => {
    const definition = withAttention(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'Step',
        States: {
          Step: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Arguments: { FunctionName: ARNS.OpenHumanTaskFunctionArn, Payload: {} },
            Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'Done' }],
            Next: 'Done',
          },
          Done: { Type: 'Succeed' },
        },
      },
      'main',
    ) as { States: Record<string, { Catch?: { ErrorEquals: string[]; Next: string }[] }> };
    expect(definition.States.Step!.Catch!.map((catcher) => [catcher.ErrorEquals, catcher.Next])).toEqual([
      [['States.Timeout'], 'Done'],
      [['States.ALL'], 'Needs attention'],
    ]);
  });
});

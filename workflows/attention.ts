// "Needs attention", built into every state machine by `withAttention` (applied to every phase's
// definition by workflows/programmes.ts `definitionsOf`, so that no programme writes any of it).
//
// A Task state that still fails after its own retries (a bug, a record the function cannot handle, a
// dependency down for longer than the retries last) must not fail the execution and leave the case
// at its stage with nobody knowing. In each scope (the state machine, each Parallel branch, each Map
// item processor) that holds Task states, every Task gets a last catcher (States.ALL, after the
// catchers it has: a human step's States.Timeout keeps its own path) that records the failed state
// and the error's name, and goes to the scope's attention sequence:
//   Needs attention       case action `flag-attention`: the failure under its own flag id (a uuid drawn
//                         by the catcher) in the case's `attention`, `case.needs-attention` in its
//                         history, the CaseNeedsAttention metric (domain/cases/attention.ts)
//   Attention: resolve    human step `attention-resolve` for supervisors (their queue, overdue first);
//                         on timeout the task expires and the case is flagged again (a new task)
//   Attention: resolved   case action `resolve-attention`: that flag resolved (the others stay), the
//                         decision recorded; it answers the outcome granted
//   Attention: decision   retry → back to the failed state (at most MAX_ATTENTION_RETRIES per case,
//                         counted by the case: concurrent flags never exceed it); close →
//   Attention: close      the case closed with reason `needs-attention-closed`; the execution ends
//                         (a nested scope fails with Case.AttentionClosed, which its Map or Parallel
//                         catches to end the same way one level up).
// What is not caught: errors no catcher may intercept (States.Runtime, States.DataLimitExceeded),
// Fail states (business outcomes, caught by their Parallel as before) and the attention states
// themselves (a failure to flag fails the execution: the workflow failure alarm tells).
// Names in nested scopes carry the scope (`Needs attention (Services)`): state names are unique in
// a state machine, and so are variable names across scopes.
import { ATTENTION_CLOSURE_REASON, ATTENTION_STEP } from '../domain/cases/attention.ts';
import { caseAction, humanStep, jsonata, type State, type States } from './asl.ts';

export const ATTENTION_CLOSED_ERROR = 'Case.AttentionClosed';
const FLAG = 'Needs attention';
const RESOLVE = 'Attention: resolve';
const RESOLVED = 'Attention: resolved';
const DECISION = 'Attention: decision';
const CLOSE = 'Attention: close';
const CLOSED = 'Attention: closed';
/** The generated states' names start with one of these (workflow-harness.ts leaves them to test/workflows/attention.test.ts). */
export const ATTENTION_STATE_PREFIXES = [FLAG, 'Attention: '] as const;

export function isAttentionState(name: string): boolean {
  return ATTENTION_STATE_PREFIXES.some((prefix) => name.startsWith(prefix));
}

type Definition = Record<string, unknown> & { States: States };
type Scope = { States: States; StartAt?: string };

interface Catcher {
  ErrorEquals: string[];
  Next: string;
  [key: string]: unknown;
}

/** The names of a scope's generated states and variables. */
function names(suffix: string, id: string) {
  const named = (name: string) => (suffix ? `${name} (${suffix})` : name);
  return {
    flag: named(FLAG),
    resolve: named(RESOLVE),
    resolveTimedOut: `${named(RESOLVE)} timed out`,
    resolved: named(RESOLVED),
    decision: named(DECISION),
    close: named(CLOSE),
    closed: named(CLOSED),
    attention: `attention${id}`,
    flagged: `attentionFlag${id}`,
    resolution: `attentionResolution${id}`,
    outcome: `attentionOutcome${id}`,
  };
}

/** The Task states of a scope the attention sequence covers: every Task but the generated ones. */
export function caughtStates(states: States): string[] {
  return Object.entries(states)
    .filter(([name, state]) => state.Type === 'Task' && !isAttentionState(name))
    .map(([name]) => name);
}

/**
 * The definition with the attention sequence in every scope that has Task states. Pure: the given
 * definition is not changed. `phase`: the phase the attention task belongs to.
 */
export function withAttention<D extends Record<string, unknown>>(definition: D, phase: string): D {
  const copy = structuredClone(definition) as unknown as Definition;
  let scopes = 0;
  const transform = (scope: Scope, suffix: string, nested: boolean): boolean => {
    const id = nested ? `_${++scopes}` : '';
    // Nested scopes first: their Map or Parallel then learns whether to catch a closure from inside.
    for (const [name, state] of Object.entries(scope.States)) {
      const inner: Scope[] = [
        ...((state.Branches as Scope[] | undefined) ?? []),
        ...[state.ItemProcessor, state.Iterator].filter((processor) => processor !== undefined).map((processor) => processor as Scope),
      ];
      const closes = inner.map((branch, index) => transform(branch, inner.length > 1 ? `${name} ${index + 1}` : name, true)).some(Boolean);
      if (closes) addCatcher(state, { ErrorEquals: [ATTENTION_CLOSED_ERROR], Next: names(suffix, id).closed });
    }
    const caught = caughtStates(scope.States);
    const n = names(suffix, id);
    const closesInside = Object.values(scope.States).some((state) =>
      ((state.Catch as Catcher[] | undefined) ?? []).some((catcher) => catcher.Next === n.closed),
    );
    if (caught.length === 0 && !closesInside) return false;
    for (const name of caught) {
      const state = scope.States[name]!;
      if (((state.Catch as Catcher[] | undefined) ?? []).some((catcher) => catcher.ErrorEquals.includes('States.ALL'))) continue;
      addCatcher(state, {
        ErrorEquals: ['States.ALL'],
        // The error's name only: its Cause may hold what the function was handling. The flag id
        // names this failure on the case: items of a Map, branches of a Parallel failing at once
        // each have their own (and a re-flag after the supervisor's task expired keeps it).
        Assign: {
          [n.attention]: jsonata(
            `{ 'state': '${name.replace(/'/g, "\\'")}', 'error': $exists($states.errorOutput.Error) ? $substring($string($states.errorOutput.Error), 0, 100) : 'Unknown', 'flagId': $uuid() }`,
          ),
        },
        Next: n.flag,
      });
    }
    Object.assign(scope.States, sequence(n, caught, phase, nested));
    return true;
  };
  transform(copy, '', false);
  return copy as unknown as D;
}

/** Adds a catcher before a States.ALL one (which must stay last), or at the end. */
function addCatcher(state: State, catcher: Catcher): void {
  const catchers = [...((state.Catch as Catcher[] | undefined) ?? [])];
  const all = catchers.findIndex((c) => c.ErrorEquals.includes('States.ALL'));
  catchers.splice(all === -1 ? catchers.length : all, 0, catcher);
  state.Catch = catchers;
}

function sequence(n: ReturnType<typeof names>, caught: string[], phase: string, nested: boolean): States {
  const retry = (name: string) => ({
    Condition: jsonata(`$${n.outcome} = 'retry' and $${n.attention}.state = '${name.replace(/'/g, "\\'")}'`),
    Next: name,
  });
  return {
    ...(caught.length > 0
      ? {
          [n.flag]: caseAction(
            {
              action: "'flag-attention'",
              state: `$${n.attention}.state`,
              error: `$${n.attention}.error`,
              flagId: `$${n.attention}.flagId`,
              // Each entry flags once, however often its invocation is retried.
              entry: "$states.context.Execution.Name & '#' & $states.context.State.Name & '#' & $states.context.State.EnteredTime",
            },
            n.resolve,
            { [n.flagged]: '$states.result.Payload' },
          ),
          ...humanStep(n.resolve, {
            step: ATTENTION_STEP,
            phase,
            assignTo: n.resolution,
            payload: {
              stage: `$${n.flagged}.stage`,
              context: `{ 'state': $${n.attention}.state, 'error': $${n.attention}.error, 'retriesLeft': $${n.flagged}.retriesLeft }`,
            },
            next: n.resolved,
            // Nobody decided: the task expires and the case is flagged again, with a new task.
            onTimeout: n.flag,
          }),
          [n.resolved]: caseAction(
            {
              action: "'resolve-attention'",
              flagId: `$${n.attention}.flagId`,
              outcome: `$${n.resolution}.decision.outcome = 'retry' and $${n.flagged}.retriesLeft > 0 ? 'retry' : 'close'`,
              taskId: `$${n.resolution}.taskId`,
              completedBy: `$${n.resolution}.completedBy`,
            },
            n.decision,
            // The outcome granted: a retry only while the case has retries left, counted by the case.
            { [n.outcome]: '$states.result.Payload.outcome' },
          ),
          [n.decision]: { Type: 'Choice', Choices: caught.map(retry), Default: n.close },
          [n.close]: caseAction({ action: "'close'", reason: `'${ATTENTION_CLOSURE_REASON}'` }, n.closed),
        }
      : {}),
    [n.closed]: nested ? { Type: 'Fail', Error: ATTENTION_CLOSED_ERROR, Cause: 'closed after needing attention' } : { Type: 'Succeed' },
  };
}

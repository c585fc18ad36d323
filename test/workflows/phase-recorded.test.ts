// Every execution of every programme's phases records itself on the case (`case.workflow`: its
// phase and its name) before it opens any step, so that `GET /cases/{id}` says the phase the case
// is really in (AVRR: the travel phase during travel, a check-in during a check-in) and what stops a
// case's workflow names the execution running it. Checked on every path of each definition as
// written, and on the pure interpreter for the AVRR phases that used to leave it unrecorded.
import { describe, expect, it } from 'vitest';
import { programmes } from '../../domain/programmes/index.ts';
import { checkInPhase, travelPhase } from '../../workflows/avrr-definitions.ts';
import { processesOf } from '../../workflows/programmes.ts';
import { WorkflowRun } from '../support/workflow-harness.ts';
import { decision } from './avrr-decisions.ts';

type State = { Type: string; Next?: string; Default?: string; Choices?: { Next: string }[]; Resource?: string; Arguments?: unknown };

const EXECUTION_NAME = '{% $states.context.Execution.Name %}';

/** The paths (state names) on which a step opens, or a Parallel or Map begins, before the execution is recorded. */
function unrecordedPaths(definition: { StartAt: string; States: Record<string, State> }, phase: string): string[] {
  const problems: string[] = [];
  const visit = (name: string, path: string[]) => {
    if (path.includes(name)) return;
    const state = definition.States[name];
    if (!state) return;
    const here = [...path, name];
    const payload = (state.Arguments as { Payload?: Record<string, unknown> } | undefined)?.Payload;
    switch (state.Type) {
      case 'Task': {
        if (state.Resource?.includes('waitForTaskToken')) return void problems.push(here.join(' > '));
        const records =
          (payload?.action === "{% 'stage' %}" || payload?.action === "{% 'execution' %}") &&
          payload.phase === `{% '${phase}' %}` &&
          payload.executionName === EXECUTION_NAME;
        if (records) return;
        if (state.Next) visit(state.Next, here);
        return;
      }
      case 'Pass':
      case 'Wait':
        if (state.Next) visit(state.Next, here);
        return;
      case 'Choice':
        for (const choice of state.Choices ?? []) visit(choice.Next, here);
        if (state.Default) visit(state.Default, here);
        return;
      case 'Parallel':
      case 'Map':
        return void problems.push(here.join(' > '));
      default:
        return;
    }
  };
  visit(definition.StartAt, []);
  return problems;
}

describe('every phase of every programme', () => {
  for (const declaration of programmes) {
    for (const [phase, definition] of Object.entries(processesOf(declaration.programme))) {
      it(`${declaration.programme} ${phase}: records its execution before any step`, () => {
        expect(unrecordedPaths(definition() as never, phase)).toEqual([]);
      });
    }
  }

  it('the check finds a phase that opens a step first', () => {
    expect(unrecordedPaths(travelPhase() as never, 'return')).toEqual(['Begin > Record execution > Travel preparation']);
  });
});

describe('AVRR on the pure interpreter', () => {
  it('the travel phase records itself as the travel phase, before its preparation steps open', () => {
    const run = new WorkflowRun('avrr-travel', travelPhase()).start(
      {
        caseId: 'case-1',
        reference: 'AVRR-2026-0001',
        fitToTravelCheckRequired: false,
        escortRequired: false,
      },
      'case-1-travel',
    );
    expect(run.trace.caseActions[0]).toEqual({ caseId: 'case-1', action: 'execution', phase: 'travel', executionName: 'case-1-travel' });
    expect(run.trace.states.indexOf('Record execution')).toBeLessThan(run.trace.states.indexOf('Travel preparation'));
  });

  it('each check-in records itself as the check-in phase, under its own execution name', () => {
    const run = new WorkflowRun('avrr-check-in', checkInPhase()).start(
      { caseId: 'case-1', reference: 'AVRR-2026-0001', checkIn: 'checkin-6', last: false },
      'case-1-checkin-6',
    );
    expect(run.trace.caseActions).toEqual([
      { caseId: 'case-1', action: 'execution', phase: 'check-in', executionName: 'case-1-checkin-6' },
    ]);
    run.complete('check-in', decision('check-in', 'unreachable'));
    expect(run.trace.status).toBe('SUCCEEDED');
  });
});

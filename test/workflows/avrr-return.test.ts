// The AVRR return phase on the pure interpreter: screening (with bounded rounds of more information),
// four-eyes approval, then the travel phase started by name. Every Choice branch and timeout path.
import { describe, expect, it } from 'vitest';
import { MAX_INFORMATION_ROUNDS, returnPhase } from '../../workflows/avrr-definitions.ts';
import { ARNS, TaskFailure, uncoveredPaths, WorkflowRun } from '../support/workflow-harness.ts';
import { decision } from './avrr-decisions.ts';

/** The case actions of a run, without the execution recording itself as it starts (test/workflows/phase-recorded.test.ts). */
const actionsOf = (run: { trace: { caseActions: Record<string, unknown>[] } }) =>
  run.trace.caseActions.filter((a) => a.action !== 'execution');

const input = { caseId: 'case-1', reference: 'AVRR-2026-0001' };
const start = () => new WorkflowRun('avrr-return', returnPhase()).start(input);
const closedWith = (run: WorkflowRun) =>
  actionsOf(run)
    .filter((a) => a.action === 'close')
    .map((a) => a.reason);
const eligible = (flags: { fitToTravelCheckRequired?: boolean; escortRequired?: boolean } = {}) =>
  decision('screening', 'eligible', { fitToTravelCheckRequired: false, escortRequired: false, ...flags });
const moreInformation = decision('screening', 'more-information-needed', { requestedInformation: ['identity-document', 'family-consent'] });

describe('AVRR return phase', () => {
  it('an eligible applicant approved by a supervisor goes on to travel, with the screening flags', () => {
    const run = start()
      .complete('screening', eligible({ fitToTravelCheckRequired: true, escortRequired: false }), 'caseworker-1')
      .complete('approval', decision('approval', 'approved'), 'supervisor-1');
    expect(run.trace.humanSteps).toEqual(['screening', 'approval']);
    expect(run.trace.started).toEqual([
      {
        stateMachineArn: ARNS.TravelStateMachineArn,
        name: 'case-1-travel',
        // The approval's time goes with it: the departure recorded may not be before it.
        input: {
          caseId: 'case-1',
          reference: 'AVRR-2026-0001',
          fitToTravelCheckRequired: true,
          escortRequired: false,
          approvedAt: run.now.toISOString(),
        },
      },
    ]);
    expect(actionsOf(run)).toEqual([]);
    expect(run.trace.states.at(-1)).toBe('Approved');
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('the screener may not approve: the approval task names them as forbidden', () => {
    const run = start().complete('screening', eligible(), 'caseworker-7');
    expect(run.task('approval').payload).toMatchObject({ phase: 'return', step: 'approval', forbiddenActors: ['caseworker-7'] });
  });

  it('an ineligible applicant is closed as ineligible, without approval', () => {
    const run = start().complete('screening', decision('screening', 'ineligible'));
    expect(run.trace.humanSteps).toEqual(['screening']);
    expect(closedWith(run)).toEqual(['ineligible']);
    expect(run.trace.started).toEqual([]);
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('a supervisor who refuses the return closes the case', () => {
    const run = start().complete('screening', eligible()).complete('approval', decision('approval', 'rejected'), 'supervisor-1');
    expect(closedWith(run)).toEqual(['not-approved']);
    expect(run.trace.started).toEqual([]);
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('the applicant is asked for the missing documents, and screening starts again when they arrive', () => {
    const run = start().complete('screening', moreInformation);
    expect(run.task('additional-information').payload).toMatchObject({
      step: 'additional-information',
      beneficiaryTemplate: 'documents-requested',
      beneficiaryParams: { documents: 'identity-document, family-consent' },
    });
    run.complete('additional-information', decision('additional-information', 'received'));
    expect(run.trace.humanSteps).toEqual(['screening', 'additional-information', 'screening']);
    // Each round's screening is its own task, even when entered in the same millisecond.
    expect(run.task('screening').payload.stateEntry).toMatch(/#Screening#.*#1$/);
    run.complete('screening', eligible()).complete('approval', decision('approval', 'approved'));
    expect(run.trace.started.map((s) => s.name)).toEqual(['case-1-travel']);
  });

  it(`after ${MAX_INFORMATION_ROUNDS} rounds of missing information, a third request closes the case as incomplete`, () => {
    const run = start();
    for (let round = 0; round < MAX_INFORMATION_ROUNDS; round++) {
      run.complete('screening', moreInformation).complete('additional-information', decision('additional-information', 'received'));
    }
    run.complete('screening', moreInformation);
    expect(run.trace.humanSteps.filter((s) => s === 'additional-information')).toHaveLength(MAX_INFORMATION_ROUNDS);
    expect(closedWith(run)).toEqual(['information-incomplete']);
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('an applicant who withdraws while asked for information closes the case as withdrawn', () => {
    const run = start()
      .complete('screening', moreInformation)
      .complete('additional-information', decision('additional-information', 'withdrawn-by-applicant'));
    expect(closedWith(run)).toEqual(['withdrawn']);
  });

  describe('a human step nobody completes expires and closes the case as stalled', () => {
    it.each([
      ['screening', [], 'stalled-screening', 17],
      ['additional-information', ['screening'], 'no-response', 24],
      ['approval', ['screening'], 'stalled-approval', 15],
    ] as const)('%s', (step, before, reason, days) => {
      const run = start();
      if (before.length > 0) run.complete('screening', step === 'approval' ? eligible() : moreInformation);
      const opened = run.task(step).openedAt.getTime();
      run.timeOut(step);
      // Due date + 10 days.
      expect((run.now.getTime() - opened) / 86_400_000).toBe(days);
      expect(actionsOf(run).map((a) => [a.action, a.step ?? a.reason])).toEqual([
        ['expire-step', step],
        ['close', reason],
      ]);
      expect(run.trace.status).toBe('SUCCEEDED');
    });
  });

  it('a retried start finds the travel phase already started, and the return phase still ends approved', () => {
    const run = new WorkflowRun('avrr-return', returnPhase())
      .stub({ service: 'states:startExecution' }, () => {
        throw new TaskFailure('StepFunctions.ExecutionAlreadyExistsException', 'Execution Already Exists');
      })
      .start(input)
      .complete('screening', eligible())
      .complete('approval', decision('approval', 'approved'))
      .advance({ seconds: 120 });
    // "Already exists" means "already done": straight to the Catch, never retried.
    expect(run.trace.started).toHaveLength(1);
    expect(run.trace.states.at(-1)).toBe('Approved');
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('a case action that keeps failing is retried, then fails the execution (the case is not silently closed)', () => {
    const run = new WorkflowRun('avrr-return', returnPhase())
      .stub({ action: 'close' }, () => {
        throw new TaskFailure('Lambda.Unknown', 'DynamoDB unavailable');
      })
      .start(input)
      .complete('screening', decision('screening', 'ineligible'))
      .advance({ hours: 2 });
    // The first attempt and six retries with backoff.
    expect(actionsOf(run).filter((a) => a.action === 'close')).toHaveLength(7);
    expect(run.trace.status).toBe('FAILED');
    expect(run.trace.error).toBe('Lambda.Unknown');
  });

  it('a case action failing once on a throttled dependency is retried and the case closes', () => {
    let calls = 0;
    const run = new WorkflowRun('avrr-return', returnPhase())
      .stub({ action: 'close' }, () => {
        if (++calls === 1) throw new TaskFailure('CaseStoreUnavailable', 'throttled');
        return {};
      })
      .start(input)
      .complete('screening', decision('screening', 'ineligible'))
      .advance({ seconds: 60 });
    expect(calls).toBe(2);
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('covers every Choice branch, every timeout path and every state', () => {
    expect(uncoveredPaths('avrr-return', returnPhase())).toEqual([]);
  });
});

// A host institution's need on the pure interpreter (phase `need`): validated and open for matching,
// rejected, questions to the institution (answered, not answered, past the limit), and every timeout.
import { describe, expect, it } from 'vitest';
import { needPhase, NEED_TIMEOUT_DAYS, WORST_CASE_DAYS } from '../../workflows/migration-development-definitions.ts';
import { MAX_NEED_CLARIFICATIONS, needSteps } from '../../domain/migration-development/need-steps.ts';
import { uncoveredPaths, WorkflowRun } from '../support/workflow-harness.ts';
import { withoutFreeText } from '../../domain/tasks/complete-task.ts';

const WORKFLOW = 'migration-development-need';
const decision = (step: string, outcome: string): Record<string, unknown> => {
  const found = needSteps.find((s) => s.step === step)?.examples.find((e) => e.outcome === outcome);
  if (!found) throw new Error(`no example of ${step} ${outcome}`);
  // What the workflow receives: the decision without its free text (domain/tasks/complete-task.ts).
  return withoutFreeText(structuredClone(found));
};
const closedWith = (run: WorkflowRun) => run.trace.caseActions.filter((a) => a.action === 'close').map((a) => a.reason);
const start = () => new WorkflowRun(WORKFLOW, needPhase()).start({ caseId: 'case-1', reference: 'NEED-2026-000001' });
const ask = (run: WorkflowRun) => run.complete('need-validation', decision('need-validation', 'clarification-requested'));

describe('need phase', () => {
  it('names itself on the case, opens the validation with the questions left, and a validated need is recorded, open for matching, and the execution ends', () => {
    const run = start();
    expect(run.trace.caseActions[0]).toMatchObject({
      action: 'stage',
      stage: 'validation',
      phase: 'need',
      executionName: 'case-1-migration-development-need',
    });
    expect(run.task('need-validation').payload).toMatchObject({
      phase: 'need',
      stage: 'validation',
      context: { clarificationsLeft: MAX_NEED_CLARIFICATIONS },
    });
    run.complete('need-validation', decision('need-validation', 'validated'), 'caseworker-7');
    expect(run.trace.caseActions.at(-1)).toMatchObject({
      action: 'record-need-validation',
      taskId: expect.stringMatching(/^task-/) as string,
      completedBy: 'caseworker-7',
    });
    expect(closedWith(run)).toEqual([]);
    expect(run.openTasks()).toEqual([]);
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('a rejected need is closed with the reason’s code', () => {
    const run = start().complete('need-validation', decision('need-validation', 'rejected'));
    expect(run.trace.caseActions.at(-1)).toMatchObject({
      action: 'close',
      reason: 'need-rejected',
      details: { reasonCode: 'out-of-scope' },
    });
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('a question goes to staff to record the institution’s answer, then back to validation with one question fewer', () => {
    const run = ask(start());
    expect(run.trace.caseActions.at(-1)).toMatchObject({ action: 'stage', stage: 'clarification' });
    expect(run.task('need-clarification').payload).toMatchObject({
      stage: 'clarification',
      context: { questionCode: 'dates-unclear', validationTaskId: expect.stringMatching(/^task-/) as string },
    });
    run.complete('need-clarification', decision('need-clarification', 'answered'));
    expect(run.trace.caseActions.at(-1)).toMatchObject({ action: 'stage', stage: 'validation' });
    expect(run.openTasks().map((t) => [t.step, (t.payload.context as { clarificationsLeft: number }).clarificationsLeft])).toEqual([
      ['need-validation', MAX_NEED_CLARIFICATIONS - 1],
    ]);
    run.complete('need-validation', decision('need-validation', 'validated'));
    expect(run.trace.caseActions.at(-1)).toMatchObject({ action: 'record-need-validation' });
  });

  it('questions are bounded: past MAX_NEED_CLARIFICATIONS a further question closes the need (the step refuses it first)', () => {
    let run = start();
    for (let i = 0; i < MAX_NEED_CLARIFICATIONS; i++)
      run = ask(run).complete('need-clarification', decision('need-clarification', 'answered'));
    expect((run.task('need-validation').payload.context as { clarificationsLeft: number }).clarificationsLeft).toBe(0);
    ask(run);
    expect(closedWith(run)).toEqual(['need-not-clarified']);
    expect(run.openTasks()).toEqual([]);
  });

  it('an institution that does not answer closes the need', () => {
    const run = ask(start()).complete('need-clarification', decision('need-clarification', 'no-answer'));
    expect(closedWith(run)).toEqual(['institution-did-not-answer']);
  });

  it('a validation or a clarification nobody records closes the need as stalled', () => {
    expect(closedWith(start().timeOut('need-validation'))).toEqual(['stalled-need-validation']);
    expect(closedWith(ask(start()).timeOut('need-clarification'))).toEqual(['stalled-need-clarification']);
  });

  it('the worst case fits the execution’s timeout', () => {
    expect(WORST_CASE_DAYS.need).toBe(99);
    expect(WORST_CASE_DAYS.need).toBeLessThan(NEED_TIMEOUT_DAYS);
  });

  it('covers every path', () => {
    expect(uncoveredPaths(WORKFLOW, needPhase())).toEqual([]);
  });
});

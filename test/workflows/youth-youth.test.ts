// The youth track's first phase on the pure interpreter: orientation, the bounded loop of progress
// records (milestones, no change, nothing recorded in time), the exit and the two follow-ups
// scheduled from the exit date; a long track continues in a fresh execution. Every Choice branch
// and timeout path.
import { describe, expect, it } from 'vitest';
import {
  BUDGET_DAYS,
  FOLLOW_UPS,
  MAX_CONTINUATIONS,
  MAX_MISSED_IN_A_ROW,
  MAX_PROGRESS_ROUNDS,
  WORST,
  YOUTH_TIMEOUT_DAYS,
  youthPhase,
} from '../../workflows/youth-definitions.ts';
import { T0, TaskFailure, uncoveredPaths, WorkflowRun } from '../support/workflow-harness.ts';
import { decision, exit } from './youth-decisions.ts';

const DAY = 86_400_000;
const context = { enrolmentDate: '2026-11-20', softSkillsBeforeOn: null };
const start = (input: Record<string, unknown> = {}, name?: string) =>
  new WorkflowRun('youth-employability-youth', youthPhase())
    .stub({ action: 'youth-context' }, () => context)
    .start({ caseId: 'case-1', reference: 'YOUTH-2026-000001', ...input }, name);
const oriented = (run: WorkflowRun) => run.complete('youth-orientation', decision('youth-orientation', 'oriented'), 'partner-1');
const actions = (run: WorkflowRun) => run.trace.caseActions.map((a) => a.action);
const closedWith = (run: WorkflowRun) => run.trace.caseActions.filter((a) => a.action === 'close').map((a) => a.reason);
const noChange = decision('youth-track-progress', 'no-change');

describe('youth phase', () => {
  it('records the execution, orients the youth with the enrolment date in the task, then opens the first progress record', () => {
    const run = start();
    expect(run.trace.caseActions.slice(0, 2)).toEqual([
      { caseId: 'case-1', action: 'stage', stage: 'orientation', phase: 'youth', executionName: 'case-1-youth-employability-youth' },
      { caseId: 'case-1', action: 'youth-context' },
    ]);
    expect(run.task('youth-orientation').payload).toMatchObject({
      phase: 'youth',
      stage: 'orientation',
      context: { enrolmentDate: '2026-11-20' },
    });
    oriented(run);
    const orientationTask = run.trace.caseActions.find((a) => a.action === 'record-youth-orientation');
    expect(orientationTask).toEqual({
      caseId: 'case-1',
      action: 'record-youth-orientation',
      taskId: expect.any(String),
      completedBy: 'partner-1',
    });
    expect(actions(run).slice(-3)).toEqual(['record-youth-orientation', 'stage', 'youth-context']);
    expect(run.trace.caseActions.at(-2)).toMatchObject({ stage: 'track' });
    expect(run.task('youth-track-progress').payload).toMatchObject({ stage: 'track', context });
  });

  it('through the track to the exit: each milestone recorded by its task, no change recorded nowhere, then both follow-ups scheduled from the exit date', () => {
    const run = start();
    oriented(run)
      .complete('youth-track-progress', decision('youth-track-progress', 'milestone'), 'partner-1')
      .complete('youth-track-progress', noChange)
      .complete('youth-track-progress', exit('completed', '2026-11-25'), 'partner-2');
    expect(run.trace.humanSteps).toEqual(['youth-orientation', 'youth-track-progress', 'youth-track-progress', 'youth-track-progress']);
    const recorded = run.trace.caseActions.filter((a) => String(a.action).startsWith('record-youth'));
    expect(recorded.map((a) => a.action)).toEqual(['record-youth-orientation', 'record-youth-milestone', 'record-youth-exit']);
    expect(recorded[2]).toMatchObject({ completedBy: 'partner-2', taskId: expect.any(String) });
    expect(recorded[1]!.taskId).not.toBe(recorded[2]!.taskId);
    expect(run.trace.caseActions.at(-1)).toMatchObject({ action: 'stage', stage: 'follow-up' });
    const schedules = run.trace.schedules.map((s) => {
      const target = s.Target as { Input: string };
      const startExecution = JSON.parse(target.Input) as { StateMachineArn: string; Name: string; Input: string };
      return {
        name: s.Name,
        group: s.GroupName,
        at: s.ScheduleExpression,
        machine: startExecution.StateMachineArn,
        execution: startExecution.Name,
        input: JSON.parse(startExecution.Input) as unknown,
      };
    });
    expect(schedules).toEqual(
      FOLLOW_UPS.map(({ followUp, days, last }) => ({
        name: `case-1-${followUp}`,
        group: 'casework',
        at: `at(${new Date(Date.parse('2026-11-25T08:00:00Z') + days * DAY).toISOString().slice(0, 19)})`,
        machine: expect.stringMatching(/:stateMachine:YouthFollowUp$/),
        execution: `case-1-${followUp}`,
        input: { caseId: 'case-1', reference: 'YOUTH-2026-000001', followUp, last, exitOutcome: 'completed', enrolmentDate: '2026-11-20' },
      })),
    );
    expect(run.trace.states.at(-1)).toBe('Follow-ups scheduled');
    expect(run.trace.status).toBe('SUCCEEDED');
    expect(closedWith(run)).toEqual([]);
  });

  it('a follow-up whose date has already passed is scheduled an hour from now, never in the past; the dropout is passed on', () => {
    const run = start();
    oriented(run).advance({ days: 100 }).complete('youth-track-progress', exit('dropped-out', '2026-11-21'));
    const times = run.trace.schedules.map((s) => s.ScheduleExpression);
    expect(times[0]).toBe(`at(${new Date(run.now.getTime() + 3_600_000).toISOString().slice(0, 19)})`);
    expect(times[1]).toBe(`at(${new Date(Date.parse('2026-11-21T08:00:00Z') + 182 * DAY).toISOString().slice(0, 19)})`);
    const input = JSON.parse(
      (JSON.parse((run.trace.schedules[1]!.Target as { Input: string }).Input) as { Input: string }).Input,
    ) as unknown;
    expect(input).toMatchObject({ exitOutcome: 'dropped-out', last: true });
  });

  it('a follow-up already scheduled by an earlier attempt is not an error', () => {
    const run = start().stub({ service: 'aws-sdk:scheduler:createSchedule' }, (call) => {
      if (call.parameters.Name === 'case-1-follow-up-3') throw new TaskFailure('Scheduler.ConflictException', 'exists');
      return {};
    });
    oriented(run).complete('youth-track-progress', exit('completed', '2026-11-25'));
    expect(run.trace.states.filter((s) => s === 'Already scheduled')).toHaveLength(1);
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('a youth not continuing after orientation: recorded, then the case closes', () => {
    const run = start().complete('youth-orientation', decision('youth-orientation', 'not-continuing'));
    expect(actions(run).slice(-2)).toEqual(['record-youth-orientation', 'close']);
    expect(closedWith(run)).toEqual(['not-continuing']);
  });

  it('an orientation nobody does expires and closes the case as stalled', () => {
    const run = start().timeOut('youth-orientation');
    expect(actions(run).slice(-2)).toEqual(['expire-step', 'close']);
    expect(closedWith(run)).toEqual(['stalled-orientation']);
    // Due in 14 days, given up 10 days later.
    expect(run.now.getTime() - T0.getTime()).toBe(WORST.orientation * DAY);
  });

  it('a progress record nobody makes is noted and the loop goes on; a record in between resets the count; three in a row close the case as stalled', () => {
    const run = oriented(start());
    run.timeOut('youth-track-progress').timeOut('youth-track-progress');
    expect(actions(run).filter((a) => a === 'record-youth-progress-not-recorded')).toHaveLength(2);
    // Each names its round: a retried invocation counts nothing twice.
    expect(run.trace.caseActions.filter((a) => a.action === 'record-youth-progress-not-recorded').map((a) => a.round)).toEqual([
      'case-1-youth-employability-youth#0',
      'case-1-youth-employability-youth#1',
    ]);
    run.complete('youth-track-progress', noChange);
    for (let i = 0; i < MAX_MISSED_IN_A_ROW - 1; i++) run.timeOut('youth-track-progress');
    expect(run.openTasks()).toHaveLength(1);
    run.timeOut('youth-track-progress');
    expect(actions(run).filter((a) => a === 'record-youth-progress-not-recorded')).toHaveLength(2 + MAX_MISSED_IN_A_ROW);
    expect(closedWith(run)).toEqual(['stalled-track']);
  });

  it('a milestone also resets the count of records missed in a row', () => {
    const run = oriented(start());
    for (let i = 0; i < MAX_MISSED_IN_A_ROW - 1; i++) run.timeOut('youth-track-progress');
    run.complete('youth-track-progress', decision('youth-track-progress', 'milestone'));
    for (let i = 0; i < MAX_MISSED_IN_A_ROW - 1; i++) run.timeOut('youth-track-progress');
    expect(run.openTasks().map((t) => t.step)).toEqual(['youth-track-progress']);
    expect(closedWith(run)).toEqual([]);
  });

  it(`after ${MAX_PROGRESS_ROUNDS} records the track continues in a fresh execution of the same state machine, named once`, () => {
    const run = oriented(start());
    for (let i = 0; i < MAX_PROGRESS_ROUNDS; i++) run.complete('youth-track-progress', noChange);
    expect(run.trace.started).toEqual([
      {
        stateMachineArn: expect.stringMatching(/:stateMachine:youth-employability-youth$/),
        name: expect.stringMatching(/^case-1-track-\d+$/),
        input: { caseId: 'case-1', reference: 'YOUTH-2026-000001', entry: 'track', continuations: 1 },
      },
    ]);
    expect(run.trace.states.at(-1)).toBe('Handed over');
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('a progress record is entered only while its worst case ends within the budget: a slow track hands over before its timeout', () => {
    const run = oriented(start());
    let rounds = 0;
    while (run.trace.status === 'RUNNING') {
      run.advance({ days: WORST.progress - 1 }).complete('youth-track-progress', noChange);
      rounds++;
    }
    expect(rounds).toBeLessThan(MAX_PROGRESS_ROUNDS);
    expect(run.trace.started).toHaveLength(1);
    expect(run.now.getTime() - T0.getTime()).toBeLessThanOrEqual(BUDGET_DAYS * DAY);
    expect(BUDGET_DAYS).toBeLessThan(YOUTH_TIMEOUT_DAYS);
    expect(YOUTH_TIMEOUT_DAYS).toBeLessThan(365);
  });

  it('a busy youth: many milestones in a few weeks use no time budget, the track goes on in the same execution', () => {
    const run = oriented(start());
    for (let i = 0; i < 40; i++) run.advance({ days: 1 }).complete('youth-track-progress', decision('youth-track-progress', 'milestone'));
    expect(run.trace.started).toEqual([]);
    expect(run.trace.status).toBe('RUNNING');
    expect(run.task('youth-track-progress').payload).toMatchObject({ context });
    expect(actions(run).filter((a) => a === 'record-youth-milestone')).toHaveLength(40);
    expect(closedWith(run)).toEqual([]);
  });

  it('the continuation starts in the track; at its time limit the exit record opens (exit only), and the case gets its exit and follow-ups', () => {
    const run = start({ entry: 'track', continuations: MAX_CONTINUATIONS }, 'case-1-track-1');
    expect(run.trace.caseActions[0]).toMatchObject({ action: 'stage', stage: 'track', executionName: 'case-1-track-1' });
    expect(run.trace.humanSteps).toEqual(['youth-track-progress']);
    // A slow track: each record made just before it would time out.
    while (run.openTasks()[0]?.state === 'Track progress') run.advance({ days: WORST.progress - 1 }).complete('Track progress', noChange);
    expect(run.trace.started).toEqual([]);
    const exitTask = run.task('Track exit');
    expect(exitTask.step).toBe('youth-track-progress');
    expect(exitTask.payload).toMatchObject({ stage: 'track', context: { ...context, exitOnly: true } });
    // Even the exit record made at the last moment ends within the budget.
    run.advance({ days: WORST.progress - 1 });
    expect(run.now.getTime() - T0.getTime()).toBeLessThanOrEqual(BUDGET_DAYS * DAY);
    run.complete('Track exit', exit('dropped-out', '2027-10-01'), 'partner-1');
    expect(actions(run).slice(-2)).toEqual(['record-youth-exit', 'stage']);
    expect(run.trace.caseActions.find((a) => a.action === 'record-youth-exit')).toMatchObject({ completedBy: 'partner-1' });
    expect(run.trace.schedules.map((s) => s.Name)).toEqual(['case-1-follow-up-3', 'case-1-follow-up-6']);
    expect(run.trace.states.at(-1)).toBe('Follow-ups scheduled');
    expect(closedWith(run)).toEqual([]);
  });

  it(`the ${MAX_PROGRESS_ROUNDS}-record cap of the last continuation also ends in the exit record, not a closure`, () => {
    const run = start({ entry: 'track', continuations: MAX_CONTINUATIONS }, 'case-1-track-1');
    for (let i = 0; i < MAX_PROGRESS_ROUNDS; i++) run.complete('Track progress', noChange);
    expect(run.trace.started).toEqual([]);
    expect(run.openTasks().map((t) => t.state)).toEqual(['Track exit']);
    expect(closedWith(run)).toEqual([]);
  });

  it('an exit record nobody makes in time is noted, and only then the case closes at the time limit', () => {
    const run = start({ entry: 'track', continuations: MAX_CONTINUATIONS }, 'case-1-track-1');
    for (let i = 0; i < MAX_PROGRESS_ROUNDS; i++) run.complete('Track progress', noChange);
    run.timeOut('Track exit');
    expect(run.trace.caseActions.slice(-3)).toEqual([
      { caseId: 'case-1', action: 'expire-step', step: 'youth-track-progress' },
      { caseId: 'case-1', action: 'record-youth-progress-not-recorded', round: `case-1-track-1#${MAX_PROGRESS_ROUNDS}` },
      expect.objectContaining({ action: 'close', reason: 'track-time-limit' }),
    ]);
    expect(closedWith(run)).toEqual(['track-time-limit']);
  });

  it('covers every Choice branch, every timeout path and every state', () => {
    expect(uncoveredPaths('youth-employability-youth', youthPhase())).toEqual([]);
  });
});

// The AVRR travel phase on the pure interpreter: preparation in parallel (document; fit-to-travel and
// escort only when flagged; ticket), departure with at most two rebookings, arrival, then the
// reintegration phase started by name. Every Choice branch and timeout path.
import { describe, expect, it } from 'vitest';
import { MAX_REBOOKINGS, travelPhase } from '../../workflows/avrr-definitions.ts';
import { ARNS, T0, TaskFailure, uncoveredPaths, WorkflowRun } from '../support/workflow-harness.ts';
import { decision } from './avrr-decisions.ts';

/** The case actions of a run, without the execution recording itself as it starts (test/workflows/phase-recorded.test.ts). */
const actionsOf = (run: { trace: { caseActions: Record<string, unknown>[] } }) =>
  run.trace.caseActions.filter((a) => a.action !== 'execution');

interface Flags {
  fitToTravelCheckRequired?: boolean;
  escortRequired?: boolean;
  approvedAt?: string;
}
const start = (flags: Flags = {}) =>
  new WorkflowRun('avrr-travel', travelPhase()).start({
    caseId: 'case-1',
    reference: 'AVRR-2026-0001',
    fitToTravelCheckRequired: false,
    escortRequired: false,
    ...flags,
  });
const closedWith = (run: WorkflowRun) =>
  actionsOf(run)
    .filter((a) => a.action === 'close')
    .map((a) => a.reason);
const booked = (departureDate = '2027-01-15') => decision('ticket', 'booked', { departureDate });

/** Completes every preparation step that is open, except `skip`. */
function prepare(run: WorkflowRun, skip?: string): WorkflowRun {
  const answers: Record<string, Record<string, unknown>> = {
    'travel-document': decision('travel-document', 'obtained'),
    'fit-to-travel': decision('fit-to-travel', 'fit'),
    escort: decision('escort', 'arranged'),
    ticket: booked(),
  };
  for (const task of run.openTasks()) if (task.step !== skip) run.complete(task.step, answers[task.step] ?? {});
  return run;
}

describe('AVRR travel phase', () => {
  it('a prepared applicant departs, arrives and the reintegration phase starts by name', () => {
    const run = prepare(start());
    expect(run.trace.humanSteps).toEqual(['travel-document', 'ticket', 'departure']);
    run.complete('departure', decision('departure', 'departed')).complete('arrival', decision('arrival'));
    expect(run.trace.humanSteps).toEqual(['travel-document', 'ticket', 'departure', 'arrival']);
    // The departure's and the arrival's days as entered, not the moments they were recorded.
    expect(actionsOf(run)).toEqual([{ caseId: 'case-1', action: 'stage', stage: 'arrival', departed: true, departedOn: '2027-01-15' }]);
    expect(run.trace.started).toEqual([
      {
        stateMachineArn: ARNS.ReintegrationStateMachineArn,
        name: 'case-1-reintegration',
        input: { caseId: 'case-1', reference: 'AVRR-2026-0001', arrivedOn: '2027-01-15' },
      },
    ]);
    expect(run.trace.states.at(-1)).toBe('Arrived');
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('the fit-to-travel check is asked only when screening flagged it', () => {
    const flagged = start({ fitToTravelCheckRequired: true });
    expect(
      flagged
        .openTasks()
        .map((t) => t.step)
        .sort(),
    ).toEqual(['fit-to-travel', 'ticket', 'travel-document']);
    prepare(flagged);
    expect(flagged.trace.states).toContain('Fit-to-travel check ready');
    expect(flagged.task('departure')).toBeDefined();

    const notFlagged = start({ fitToTravelCheckRequired: false });
    expect(notFlagged.trace.states).toContain('Fit-to-travel check not needed');
    expect(notFlagged.openTasks().map((t) => t.step)).not.toContain('fit-to-travel');
  });

  it('an escort is arranged only for an applicant who needs one', () => {
    const escorted = start({ escortRequired: true });
    expect(
      escorted
        .openTasks()
        .map((t) => t.step)
        .sort(),
    ).toEqual(['escort', 'ticket', 'travel-document']);
    prepare(escorted);
    expect(escorted.task('departure')).toBeDefined();

    const alone = start();
    expect(alone.trace.states).toContain('Escort not needed');
    expect(alone.openTasks().map((t) => t.step)).not.toContain('escort');
  });

  it('a travel document that cannot be obtained closes the case, and the other preparation stops waiting', () => {
    const run = start({ fitToTravelCheckRequired: true, escortRequired: true }).complete(
      'travel-document',
      decision('travel-document', 'cannot-obtain'),
    );
    expect(closedWith(run)).toEqual(['no-travel-document']);
    expect(run.openTasks()).toEqual([]);
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('an applicant found unfit to travel is closed as medically unfit', () => {
    const run = start({ fitToTravelCheckRequired: true })
      .complete('travel-document', decision('travel-document', 'obtained'))
      .complete('fit-to-travel', decision('fit-to-travel', 'unfit'));
    expect(closedWith(run)).toEqual(['medically-unfit']);
    expect(run.trace.humanSteps).not.toContain('departure');
  });

  describe('a preparation step nobody completes expires it and closes the case as stalled', () => {
    it.each([
      ['travel-document', 31],
      ['fit-to-travel', 24],
      ['escort', 24],
      ['ticket', 24],
    ])('%s', (step, days) => {
      const run = prepare(start({ fitToTravelCheckRequired: true, escortRequired: true }), step);
      run.timeOut(step);
      // Opened at the start; due date + 10 days.
      expect(run.now.getTime()).toBe(T0.getTime() + days * 86_400_000);
      expect(actionsOf(run).map((a) => [a.action, a.step ?? a.reason])).toEqual([
        ['expire-step', step],
        ['close', 'stalled-travel-preparation'],
      ]);
      expect(run.trace.status).toBe('SUCCEEDED');
    });
  });

  it('the applicant is told the departure appointment, due the day after the booked flight', () => {
    const run = prepare(start());
    expect(run.task('departure').payload).toMatchObject({
      phase: 'travel',
      dueAt: '2027-01-16T23:59:59.000Z',
      beneficiaryTemplate: 'departure-appointment',
      beneficiaryParams: { departureDate: '2027-01-15', departureAirport: 'CMN' },
    });
  });

  it('a no-show is rebooked, and the departure then awaited is the new flight', () => {
    const run = prepare(start()).complete('departure', decision('departure', 'no-show'));
    expect(run.task('Rebooking').payload).toMatchObject({ step: 'ticket', stage: 'rebooking', context: { rebooking: 1 } });
    run.complete('Rebooking', booked('2027-02-20'));
    expect(run.task('departure').payload).toMatchObject({
      dueAt: '2027-02-21T23:59:59.000Z',
      beneficiaryParams: { departureDate: '2027-02-20' },
    });
    run.complete('departure', decision('departure', 'departed')).complete('arrival', decision('arrival'));
    expect(run.trace.started.map((s) => s.name)).toEqual(['case-1-reintegration']);
  });

  it(`after ${MAX_REBOOKINGS} rebookings, a third no-show closes the case`, () => {
    const run = prepare(start());
    for (let rebooking = 1; rebooking <= MAX_REBOOKINGS; rebooking++) {
      run.complete('departure', decision('departure', 'no-show')).complete('Rebooking', booked(`2027-0${rebooking + 1}-15`));
    }
    run.complete('departure', decision('departure', 'no-show'));
    expect(run.trace.humanSteps.filter((s) => s === 'departure')).toHaveLength(MAX_REBOOKINGS + 1);
    expect(closedWith(run)).toEqual(['no-show']);
    expect(run.trace.started).toEqual([]);
  });

  it('a departure nobody confirms closes the case twelve days after the booked flight', () => {
    const run = prepare(start()).timeOut('departure');
    expect(run.now.toISOString()).toBe('2027-01-27T23:59:59.000Z');
    expect(actionsOf(run).map((a) => [a.action, a.step ?? a.reason])).toEqual([
      ['expire-step', 'departure'],
      ['close', 'stalled-departure'],
    ]);
  });

  it('a rebooking nobody makes closes the case', () => {
    const run = prepare(start()).complete('departure', decision('departure', 'no-show')).timeOut('Rebooking');
    expect(actionsOf(run).map((a) => [a.action, a.step ?? a.reason])).toEqual([
      ['expire-step', 'ticket'],
      ['close', 'stalled-rebooking'],
    ]);
  });

  it('the departure is checked against the approval, the arrival against the departure entered', () => {
    const run = prepare(start({ approvedAt: '2026-12-20T16:30:00.000Z' }));
    expect(run.task('departure').payload).toMatchObject({ context: { approvedAt: '2026-12-20T16:30:00.000Z' } });
    run.complete('departure', decision('departure', 'departed', { departedOn: '2027-01-16' }));
    expect(run.task('arrival').payload).toMatchObject({ phase: 'travel', context: { departedOn: '2027-01-16' } });
    // A travel phase started before the approval's time was passed on checks the departure against nothing.
    expect(prepare(start()).task('departure').payload).toMatchObject({ context: { approvedAt: null } });
  });

  it('an arrival nobody records expires, and reintegration starts all the same, with no arrival day', () => {
    const run = prepare(start()).complete('departure', decision('departure', 'departed')).timeOut('arrival');
    expect(actionsOf(run).map((a) => a.action)).toEqual(['stage', 'expire-step']);
    expect(run.trace.started.map((s) => s.name)).toEqual(['case-1-reintegration']);
    expect(run.trace.started[0]!.input).toEqual({ caseId: 'case-1', reference: 'AVRR-2026-0001' });
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('a retried start finds the reintegration phase already started, and the travel phase still ends arrived', () => {
    const run = start().stub({ service: 'states:startExecution' }, () => {
      throw new TaskFailure('StepFunctions.ExecutionAlreadyExistsException', 'Execution Already Exists');
    });
    prepare(run).complete('departure', decision('departure', 'departed')).complete('arrival', decision('arrival'));
    expect(run.trace.started).toHaveLength(1);
    expect(run.trace.states.at(-1)).toBe('Arrived');
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('covers every Choice branch, every timeout path and every state', () => {
    expect(uncoveredPaths('avrr-travel', travelPhase())).toEqual([]);
  });
});

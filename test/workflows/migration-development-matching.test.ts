// Matching a need on the pure interpreter (phase `matching`): candidates → shortlist → proposals →
// answers → confirmed (an expert mission ends for the assignment, a job offer closes `filled`);
// searching and shortlisting again within MAX_MATCH_ROUNDS; no candidate, no match, a candidate
// gone before the confirmation (back to the round's answers once, then another round); the answers
// recorded whatever the outcome; every timeout.
import { describe, expect, it } from 'vitest';
import { matchingPhase, MATCHING_TIMEOUT_DAYS, needPhase, WORST_CASE_DAYS } from '../../workflows/migration-development-definitions.ts';
import { MAX_MATCH_ROUNDS, matchSteps } from '../../domain/migration-development/match-steps.ts';
import { needSteps } from '../../domain/migration-development/need-steps.ts';
import { uncoveredPaths, WorkflowRun } from '../support/workflow-harness.ts';
import { withoutFreeText } from '../../domain/tasks/complete-task.ts';

const WORKFLOW = 'migration-development-matching';
const EXPERT = '3f2c1a9e-8b7d-4c6e-9a1b-2d3e4f5a6b7c';
const OTHER = '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d';
const decision = (step: string, outcome: string): Record<string, unknown> => {
  const found = [...matchSteps, ...needSteps].find((s) => s.step === step)?.examples.find((e) => e.outcome === outcome);
  if (!found) throw new Error(`no example of ${step} ${outcome}`);
  return withoutFreeText(structuredClone(found));
};
const candidates = [
  { candidateKind: 'expert', candidateCaseId: EXPERT, score: 226, reasons: [{ criterion: 'skill', value: 'chirurgie pediatrique' }] },
  { candidateKind: 'expert', candidateCaseId: OTHER, score: 115, reasons: [{ criterion: 'skill', value: 'chirurgie pediatrique' }] },
];
const proposals = candidates.map(({ reasons: _r, ...rest }) => rest);
const closedWith = (run: WorkflowRun) => run.trace.caseActions.filter((a) => a.action === 'close').map((a) => a.reason);
const start = (engagement = 'expert-mission', confirmation?: Record<string, unknown>) =>
  new WorkflowRun(WORKFLOW, matchingPhase())
    .stub({ action: 'match-candidates' }, () => ({ candidates }))
    .stub({ action: 'propose' }, () => ({ round: 1, proposals }))
    .stub(
      { action: 'confirm-match' },
      () => confirmation ?? { confirmed: true, engagement, candidateKind: 'expert', candidateCaseId: EXPERT },
    )
    .start({ caseId: 'case-1', reference: 'NEED-2026-000001' });
const shortlist = (run: WorkflowRun) => run.complete('match-shortlist', decision('match-shortlist', 'shortlisted'));
const roundsLeftOf = (run: WorkflowRun, step: string) => (run.task(step).payload.context as { roundsLeft: number }).roundsLeft;

describe('need phase starts matching', () => {
  it('a validated need is recorded, then matching starts on the same case by name', () => {
    const run = new WorkflowRun('migration-development-need', needPhase())
      .start({ caseId: 'case-1', reference: 'NEED-2026-000001' })
      .complete('need-validation', decision('need-validation', 'validated'));
    expect(run.trace.started).toEqual([
      {
        stateMachineArn: expect.stringMatching(/:Matching$/) as string,
        name: 'case-1-matching',
        input: { caseId: 'case-1', reference: 'NEED-2026-000001' },
      },
    ]);
    expect(run.trace.status).toBe('SUCCEEDED');
  });
});

describe('matching phase', () => {
  it('ranks candidates into the shortlist, proposes the shortlisted, and a confirmed expert ends the phase for the assignment', () => {
    const run = start();
    expect(run.trace.caseActions.slice(0, 2)).toMatchObject([
      { action: 'stage', stage: 'matching', phase: 'matching', executionName: 'case-1-migration-development-matching' },
      { action: 'match-candidates' },
    ]);
    expect(run.task('match-shortlist').payload).toMatchObject({
      stage: 'matching',
      context: { candidates, round: 1, roundsLeft: MAX_MATCH_ROUNDS - 1 },
    });
    shortlist(run);
    expect(run.trace.caseActions.at(-2)).toMatchObject({ action: 'propose', taskId: expect.stringMatching(/^task-/) as string, round: 1 });
    expect(run.trace.caseActions.at(-1)).toMatchObject({ action: 'stage', stage: 'answers' });
    expect(run.task('match-answers').payload).toMatchObject({ stage: 'answers', context: { proposals, round: 1, gone: [] } });
    run.complete('match-answers', decision('match-answers', 'confirmed'), 'caseworker-3');
    expect(run.trace.caseActions.slice(-2)).toMatchObject([
      { action: 'record-match-answers', completedBy: 'caseworker-3' },
      { action: 'confirm-match', completedBy: 'caseworker-3' },
    ]);
    expect(run.trace.states.slice(-2)).toEqual(['Start assignment', 'Matched']);
    expect(closedWith(run)).toEqual([]);
    expect(run.trace.status).toBe('SUCCEEDED');
  });

  it('a job offer confirmed closes the need `filled`', () => {
    const run = shortlist(start('job-offer'));
    run.complete('match-answers', decision('match-answers', 'confirmed'));
    expect(run.trace.caseActions.at(-1)).toMatchObject({ action: 'close', reason: 'filled', details: { candidateCaseId: EXPERT } });
  });

  it('searching again and shortlisting again share MAX_MATCH_ROUNDS, then the steps refuse and a further one closes', () => {
    const run = start().complete('match-shortlist', decision('match-shortlist', 'search-again'));
    expect(roundsLeftOf(run, 'match-shortlist')).toBe(MAX_MATCH_ROUNDS - 2);
    shortlist(run).complete('match-answers', decision('match-answers', 'shortlist-again'));
    expect(run.trace.caseActions.filter((a) => a.action === 'match-candidates')).toHaveLength(3);
    expect(roundsLeftOf(run, 'match-shortlist')).toBe(0);
    run.complete('match-shortlist', decision('match-shortlist', 'search-again'));
    expect(closedWith(run)).toEqual(['no-suitable-candidate']);
  });

  it('shortlisting again past the rounds closes `matching-rounds-exhausted`', () => {
    let run = start();
    for (let i = 1; i < MAX_MATCH_ROUNDS; i++) run = shortlist(run).complete('match-answers', decision('match-answers', 'shortlist-again'));
    shortlist(run).complete('match-answers', decision('match-answers', 'shortlist-again'));
    expect(closedWith(run)).toEqual(['matching-rounds-exhausted']);
  });

  it('no suitable candidate and no match close with their reason codes', () => {
    expect(closedWith(start().complete('match-shortlist', decision('match-shortlist', 'no-suitable-candidate')))).toEqual([
      'no-suitable-candidate',
    ]);
    const run = shortlist(start()).complete('match-answers', decision('match-answers', 'no-match'));
    expect(run.trace.caseActions.at(-2)).toMatchObject({ action: 'record-match-answers' });
    expect(run.trace.caseActions.at(-1)).toMatchObject({
      action: 'close',
      reason: 'no-match',
      details: { reasonCode: 'institution-declined' },
    });
  });

  it('the answers are recorded before shortlisting again, and the next search has the next round', () => {
    const run = shortlist(start()).complete('match-answers', decision('match-answers', 'shortlist-again'));
    expect(run.trace.caseActions.slice(-3).map((a) => a.action)).toEqual(['record-match-answers', 'stage', 'match-candidates']);
    shortlist(run);
    expect(run.trace.caseActions.filter((a) => a.action === 'propose').map((a) => a.round)).toEqual([1, 2]);
  });

  it('a candidate gone before the confirmation: back to the round’s answers once (marked gone), then another round', () => {
    const gone = { confirmed: false, reasonCode: 'candidate-no-longer-available' };
    const confirmedOther = { confirmed: true, engagement: 'expert-mission', candidateKind: 'expert', candidateCaseId: OTHER };
    const answers = decision('match-answers', 'confirmed');
    const other = {
      outcome: 'confirmed',
      candidateCaseId: OTHER,
      answers: [OTHER, EXPERT].map((candidateCaseId) => ({ candidateCaseId, candidate: 'accepted', institution: 'accepted' })),
    };
    let calls = 0;
    const run = shortlist(start('expert-mission', gone).stub({ action: 'confirm-match' }, () => (calls++ === 0 ? gone : confirmedOther)));
    run.complete('match-answers', answers);
    expect(run.task('match-answers').payload).toMatchObject({ stage: 'answers', context: { proposals, round: 1, gone: [EXPERT] } });
    expect(roundsLeftOf(run, 'match-answers')).toBe(MAX_MATCH_ROUNDS - 1);
    run.complete('match-answers', other);
    expect(run.trace.states.slice(-2)).toEqual(['Start assignment', 'Matched']);

    // Gone twice in the round: another round, or closed when none is left.
    const twice = shortlist(start('expert-mission', gone)).complete('match-answers', answers).complete('match-answers', other);
    expect(twice.trace.caseActions.at(-1)).toMatchObject({ action: 'match-candidates' });
    expect(roundsLeftOf(twice, 'match-shortlist')).toBe(MAX_MATCH_ROUNDS - 2);
    let last = start('expert-mission', gone);
    for (let i = 1; i < MAX_MATCH_ROUNDS; i++)
      last = shortlist(last).complete('match-answers', decision('match-answers', 'shortlist-again'));
    shortlist(last).complete('match-answers', answers).complete('match-answers', other);
    expect(closedWith(last)).toEqual(['match-not-confirmed']);
    const closed = shortlist(start('expert-mission', { confirmed: false, reasonCode: 'need-not-open-for-matching' })).complete(
      'match-answers',
      answers,
    );
    expect(closedWith(closed)).toEqual(['match-not-confirmed']);
  });

  it('every step that nobody decides closes the need', () => {
    expect(closedWith(start().timeOut('match-shortlist'))).toEqual(['stalled-match-shortlist']);
    expect(closedWith(shortlist(start()).timeOut('match-answers'))).toEqual(['stalled-match-answers']);
  });

  it('the worst case stays within the timeout', () => {
    expect(WORST_CASE_DAYS.matching).toBe(MAX_MATCH_ROUNDS * (7 + 10 + 2 * (14 + 10)));
    expect(WORST_CASE_DAYS.matching).toBeLessThan(MATCHING_TIMEOUT_DAYS);
    expect(matchingPhase().TimeoutSeconds / 86_400).toBe(MATCHING_TIMEOUT_DAYS);
  });

  it('covers every path', () => {
    expect(uncoveredPaths(WORKFLOW, matchingPhase())).toEqual([]);
  });
});

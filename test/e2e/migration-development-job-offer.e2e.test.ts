// A job offer taken by a qualified national, over HTTP on the local system with its clock: returnees
// found eligible wait at stage `opportunity`; an employer's job offer (need form version 2) validated →
// matching's context ranks the returnees of its sector (not one who closed, nor one still at
// eligibility) → shortlist → both answers accepted → confirmed: the need closed `filled`, the returnee
// no longer offered to another need; the returnee's opportunity naming a need not matched to them
// refused (409, fr/ar/en), naming the right one accepted → the plan within the job offer's ceiling →
// four-eyes approval → the return → follow-ups at 3 and 12 months → closed `return-completed`.
import { describe, expect, it } from 'vitest';
import { problemTitle } from '../../domain/i18n/index.ts';
import { RETURN_BUDGET_CEILING_MAD } from '../../domain/migration-development/return-steps.ts';
import { returnDecision, returnScenario } from '../support/return-driver.ts';
import { accepted, shortlistContext, validatedNeed } from '../support/matching.ts';

const driver = returnScenario();
const SKILLS = ['science des donnees'];

describe('a job offer for a qualified national', () => {
  it('matches a waiting returnee to a job offer, then takes them through their return to closure', { timeout: 300_000 }, async () => {
    // Returnees of the job offer's sector: two waiting for an opportunity, one closed, one at eligibility.
    const best = await driver.applyForReturn({
      sector: 'education',
      regionOfReturn: 'rabat-sale-kenitra',
      supportNeeded: ['job-placement'],
    });
    await driver.atOpportunity(best);
    const other = await driver.applyForReturn({ sector: 'education', experienceYears: 8 });
    await driver.atOpportunity(other);
    const closed = await driver.applyForReturn({
      sector: 'education',
      regionOfReturn: 'rabat-sale-kenitra',
      supportNeeded: ['job-placement'],
    });
    await driver.atOpportunity(closed);
    await driver.step(closed, 'return-opportunity', 'caseworker', returnDecision('return-opportunity', 'no-opportunity'));
    await driver.closed(closed, 'no-opportunity');
    const waiting = await driver.applyForReturn({ sector: 'education', supportNeeded: ['job-placement'] });
    await driver.openTask(waiting, 'return-eligibility');
    const elsewhere = await driver.applyForReturn();
    await driver.atOpportunity(elsewhere);

    // The job offer (education, on site in Rabat): its returnees ranked with their reasons, ids and codes only.
    const needId = await validatedNeed(driver, SKILLS, 'job-offer');
    const { taskId, candidates } = await shortlistContext(driver, needId);
    expect(candidates.map((c) => [c.candidateKind, c.candidateCaseId, c.score])).toEqual([
      ['returnee', best, 10 + 30 + 20 + 12],
      ['returnee', other, 10 + 8],
    ]);
    expect(candidates[0]!.reasons).toEqual([
      { criterion: 'sector', value: 'education' },
      { criterion: 'region', value: 'rabat-sale-kenitra' },
      { criterion: 'support', value: 'job-placement' },
      { criterion: 'experience', value: '12' },
    ]);
    expect(JSON.stringify(candidates)).not.toMatch(/Bennani|Karim/);

    // Shortlisted, proposed, both answers: the returnee confirmed, the need closed filled.
    expect((await driver.complete(taskId, 'caseworker', { outcome: 'shortlisted', candidateCaseIds: [best, other] })).status).toBe(200);
    const answers = await driver.openTask(needId, 'match-answers');
    const done = await driver.complete(answers, 'caseworker', {
      outcome: 'confirmed',
      candidateCaseId: best,
      answers: [accepted(best), { candidateCaseId: other, candidate: 'declined', institution: 'accepted' }],
    });
    expect(done.status, done.text).toBe(200);
    const need = await driver.closed(needId, 'filled');
    expect((need as unknown as { facts: { need: Record<string, unknown> } }).facts.need).toMatchObject({
      status: 'matched',
      match: { candidateKind: 'returnee', candidateCaseId: best },
    });
    expect((await driver.history(best)).map((e) => e.type)).toEqual(expect.arrayContaining(['match.proposed', 'match.confirmed']));

    // Another job offer: the returnee matched to the first is no longer offered.
    const secondNeed = await validatedNeed(driver, SKILLS, 'job-offer');
    const second = await shortlistContext(driver, secondNeed);
    expect(second.candidates.map((c) => c.candidateCaseId)).toEqual([other]);

    // The returnee's opportunity: a need not matched to them is refused in every language; theirs is accepted.
    const opportunity = await driver.openTask(best, 'return-opportunity');
    for (const language of ['fr', 'ar', 'en']) {
      const refused = await driver.completeIn(
        opportunity,
        'caseworker',
        returnDecision('return-opportunity', 'job-offer', { needCaseId: secondNeed }),
        language,
      );
      expect(refused.status, refused.text).toBe(409);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body).toMatchObject({
        type: 'urn:casework:problem:needNotMatchedToReturnee',
        title: problemTitle('needNotMatchedToReturnee', language as 'fr' | 'ar' | 'en'),
      });
    }
    const taken = await driver.complete(
      opportunity,
      'caseworker',
      returnDecision('return-opportunity', 'job-offer', { needCaseId: needId }),
    );
    expect(taken.status, taken.text).toBe(200);
    await driver.waitUntil(best, (v) => v.stage === 'reintegration-plan', 'stage reintegration-plan');
    expect((await driver.returnFacts(best)).opportunity).toMatchObject({ kind: 'job-offer', needCaseId: needId });

    // The plan within the job offer's ceiling (over it: 422), approved by another supervisor (four eyes).
    const planTask = await driver.openTask(best, 'return-plan');
    const ceiling = RETURN_BUDGET_CEILING_MAD['job-offer'];
    const over = await driver.complete(
      planTask,
      'screenerSupervisor',
      returnDecision('return-plan', 'proposed', {
        lines: [
          { category: 'training', amountMAD: ceiling, supplierKind: 'training-institute' },
          { category: 'schooling', amountMAD: 1, supplierKind: 'school' },
        ],
      }),
    );
    expect(over.status, over.text).toBe(422);
    const lines = [
      { category: 'training', amountMAD: 8_000, supplierKind: 'training-institute' },
      { category: 'schooling', amountMAD: 12_000, supplierKind: 'school' },
    ];
    expect((await driver.complete(planTask, 'screenerSupervisor', returnDecision('return-plan', 'proposed', { lines }))).status).toBe(200);
    const approval = await driver.openTask(best, 'return-plan-approval');
    expect((await driver.complete(approval, 'screenerSupervisor', returnDecision('return-plan-approval', 'approved'))).status).toBe(403);
    expect((await driver.complete(approval, 'supervisor', returnDecision('return-plan-approval', 'approved'))).status).toBe(200);
    await driver.waitUntil(best, (v) => v.stage === 'return', 'stage return');
    expect((await driver.returnFacts(best)).plan).toMatchObject({ supportKind: 'job-offer', totalMAD: 20_000, lineCount: 2 });

    // The return, then the follow-ups at about 3 and 12 months, both recorded; the case closes.
    const returnedOn = await driver.today();
    await driver.step(best, 'return-arrival', 'caseworker', { outcome: 'returned', returnedOn });
    await driver.waitUntil(best, (v) => v.stage === 'follow-up', 'stage follow-up');
    await driver.advance('P92D');
    await driver.step(best, 'return-follow-up', 'caseworker', returnDecision('return-follow-up', 'recorded', { situation: 'in-post' }));
    await driver.waitUntil(
      best,
      (v) => (v as { facts?: { return?: { followUps?: object } } }).facts?.return?.followUps !== undefined,
      'follow-up-3',
    );
    expect((await driver.view(best)).status).toBe('open');
    await driver.advance('P274D');
    await driver.step(best, 'return-follow-up', 'caseworker', returnDecision('return-follow-up', 'recorded', { situation: 'in-post' }));
    await driver.closed(best, 'return-completed');
    const followUps = (await driver.returnFacts(best)).followUps;
    expect(followUps?.['follow-up-3']).toMatchObject({ outcome: 'recorded', situation: 'in-post' });
    expect(followUps?.['follow-up-12']).toMatchObject({ outcome: 'recorded', situation: 'in-post' });
    const history = await driver.history(best);
    expect(history.filter((e) => e.type.startsWith('return.')).map((e) => e.type)).toEqual([
      'return.opportunity-recorded',
      'return.plan-approved',
      'return.returned',
      'return.follow-up-recorded',
      'return.follow-up-recorded',
    ]);
    expect(JSON.stringify(history)).not.toMatch(/Bennani|Karim/);
  });
});

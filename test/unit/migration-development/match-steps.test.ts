// The matching steps' decisions: examples valid, every field error at once, the context rules (only
// candidates the search listed, only proposed candidates answered, both answers accepted to confirm,
// rounds bounded, a candidate gone at the confirmation not confirmed again) and the 409 when a shortlisted
// or confirmed candidate is no longer available (closed, left the stage, or an expert's consent revoked).
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../../domain/cases/model.ts';
import {
  answersIssues,
  candidateAvailable,
  confirmationGuard,
  matchSteps,
  shortlistGuard,
  shortlistIssues,
} from '../../../domain/migration-development/match-steps.ts';

const step = (id: string) => matchSteps.find((s) => s.step === id)!;
const A = '3f2c1a9e-8b7d-4c6e-9a1b-2d3e4f5a6b7c';
const B = '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d';
const C = '00000000-0000-4000-a000-00000000000c';
const listed = [A, B].map((candidateCaseId, i) => ({ candidateKind: 'expert', candidateCaseId, score: 200 - i }));
const codes = (issues: { code: string; path: (string | number)[] }[]) => issues.map((i) => [i.path.join('.'), i.code]);
const expertCase = (stage: string, status: 'open' | 'closed' = 'open', consent = true, caseId = A) =>
  ({ caseId, caseType: 'diaspora-expert', stage, status, facts: { consentFollowUpContact: consent } }) as unknown as CaseRecord;

describe('matching steps', () => {
  it('every example is a valid decision, with titles in three languages', () => {
    for (const s of matchSteps) {
      for (const example of s.examples) expect(s.decision.safeParse(example).success).toBe(true);
      expect(Object.keys(s.title).sort()).toEqual(['ar', 'en', 'fr']);
    }
  });

  it('a shortlist lists one to five distinct candidate case ids', () => {
    const parse = (ids: unknown) => step('match-shortlist').decision.safeParse({ outcome: 'shortlisted', candidateCaseIds: ids });
    expect(parse([]).success).toBe(false);
    expect(parse([A, A]).success).toBe(false);
    expect(parse(['not-a-case']).success).toBe(false);
    expect(parse([A, B]).success).toBe(true);
  });

  it('only candidates the search listed may be shortlisted; a search again needs a round left', () => {
    const context = { candidates: listed, roundsLeft: 1 };
    expect(shortlistIssues({ outcome: 'shortlisted', candidateCaseIds: [A, C] }, context)).toMatchObject([
      {
        path: ['candidateCaseIds', 1],
        code: 'candidate_not_in_context',
        message: { fr: expect.any(String), ar: expect.any(String), en: expect.any(String) },
      },
    ]);
    expect(shortlistIssues({ outcome: 'search-again' }, context)).toEqual([]);
    expect(codes(shortlistIssues({ outcome: 'search-again' }, { ...context, roundsLeft: 0 }))).toEqual([
      ['outcome', 'match_rounds_exhausted'],
    ]);
  });

  it('answers name proposed candidates only; a confirmation needs both answers accepted for a proposed candidate', () => {
    const context = { proposals: listed, roundsLeft: 0 };
    const both = { candidateCaseId: A, candidate: 'accepted', institution: 'accepted' };
    expect(answersIssues({ outcome: 'confirmed', candidateCaseId: A, answers: [both] }, context)).toEqual([]);
    expect(
      codes(answersIssues({ outcome: 'confirmed', candidateCaseId: A, answers: [{ ...both, institution: 'declined' }] }, context)),
    ).toEqual([['answers', 'both_answers_required']]);
    expect(codes(answersIssues({ outcome: 'confirmed', candidateCaseId: C, answers: [{ ...both, candidateCaseId: C }] }, context))).toEqual(
      [
        ['answers.0.candidateCaseId', 'candidate_not_proposed'],
        ['candidateCaseId', 'candidate_not_proposed'],
      ],
    );
    expect(codes(answersIssues({ outcome: 'shortlist-again', answers: [both] }, context))).toEqual([['outcome', 'match_rounds_exhausted']]);
  });

  it('a candidate gone at the confirmation cannot be confirmed again in the round; another accepted one can', () => {
    const context = { proposals: listed, roundsLeft: 0, gone: [A] };
    const answers = [A, B].map((candidateCaseId) => ({ candidateCaseId, candidate: 'accepted', institution: 'accepted' }));
    expect(codes(answersIssues({ outcome: 'confirmed', candidateCaseId: A, answers }, context))).toEqual([
      ['candidateCaseId', 'candidate_gone'],
    ]);
    expect(answersIssues({ outcome: 'confirmed', candidateCaseId: B, answers }, context)).toEqual([]);
  });

  it('an expert who revoked their consent to be contacted is neither shortlisted nor confirmed (409)', () => {
    const revoked = expertCase('listed', 'open', false);
    expect(candidateAvailable(revoked)).toBe(false);
    expect(confirmationGuard({ outcome: 'confirmed', candidateCaseId: A }, { named: [revoked] })).toBe('candidate-no-longer-available');
    const shortlisted = { outcome: 'shortlisted', candidateCaseIds: [A, B] };
    expect(step('match-shortlist').namesCases!(shortlisted)).toEqual([A, B]);
    expect(shortlistGuard(shortlisted, { named: [expertCase('listed'), expertCase('listed', 'open', true, B)] })).toBeUndefined();
    expect(shortlistGuard(shortlisted, { named: [revoked, expertCase('listed', 'open', true, B)] })).toBe('candidate-no-longer-available');
    expect(shortlistGuard(shortlisted, { named: [expertCase('listed')] })).toBe('candidate-no-longer-available');
    expect(shortlistGuard({ outcome: 'search-again' }, { named: [] })).toBeUndefined();
  });

  it('the confirmed candidate must still be open at the stage its kind is matched at, else a 409 refusal', () => {
    const confirmed = { outcome: 'confirmed', candidateCaseId: A };
    expect(confirmationGuard(confirmed, { named: [expertCase('listed')] })).toBeUndefined();
    expect(confirmationGuard(confirmed, { named: [expertCase('listed', 'closed')] })).toBe('candidate-no-longer-available');
    expect(confirmationGuard(confirmed, { named: [] })).toBe('candidate-no-longer-available');
    expect(confirmationGuard({ outcome: 'no-match' }, { named: [] })).toBeUndefined();
    expect(step('match-answers').namesCases!(confirmed)).toEqual([A]);
    expect(candidateAvailable({ caseType: 'skilled-return', stage: 'opportunity', status: 'open', facts: {} })).toBe(true);
    expect(candidateAvailable({ caseType: 'skilled-return', stage: 'eligibility', status: 'open', facts: {} })).toBe(false);
  });
});

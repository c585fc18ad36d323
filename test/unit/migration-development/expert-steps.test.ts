import { describe, expect, it } from 'vitest';
import { expertSteps } from '../../../domain/migration-development/expert-steps.ts';

const step = expertSteps.find((s) => s.step === 'expert-verification')!;

describe('expert-verification', () => {
  it('accepts its published examples', () => {
    for (const example of step.examples) expect(step.decision.safeParse(example).success, JSON.stringify(example)).toBe(true);
  });
  it('refuses a verification without the checks, with unknown languages or no skill, every error listed', () => {
    const result = step.decision.safeParse({
      outcome: 'verified',
      identityChecked: false,
      skillsConfirmed: [],
      languagesConfirmed: ['French'],
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'identityChecked',
      'languagesConfirmed.0',
      'qualificationsChecked',
      'skillsConfirmed',
    ]);
  });
  it('refuses a rejection without a known reason code', () => {
    expect(step.decision.safeParse({ outcome: 'rejected', reasonCode: 'bored' }).success).toBe(false);
  });
  it('refuses a confirmed skill that leaves no search key, in three languages', () => {
    const issues = step.checkInContext!({ outcome: 'verified', skillsConfirmed: ['Cybersécurité', ' -- '] }, {}, new Date());
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: ['skillsConfirmed', 1], code: 'skill_without_key' });
    expect(Object.keys(issues[0]!.message).sort()).toEqual(['ar', 'en', 'fr']);
  });
});

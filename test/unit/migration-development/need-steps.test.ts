// The need steps' decisions: every example valid, the validated need's own rules (skills as search
// keys, the window, the mission city), the context rules (the window not ended, questions bounded),
// every error localized in French, Arabic and English.
import { describe, expect, it } from 'vitest';
import {
  needSteps,
  NEED_RULE_CODES,
  NEED_WINDOW_MAX_LEAD_DAYS,
  validationIssues,
} from '../../../domain/migration-development/need-steps.ts';
import { stepDefinition } from '../../../domain/tasks/steps.ts';
import { withoutFreeText } from '../../../domain/tasks/complete-task.ts';
import { hasMessage, LANGUAGES, localizeIssues, type Language } from '../../../domain/i18n/index.ts';

const step = (id: string) => stepDefinition(id)!;
const errors = (id: string, decision: unknown, language: Language = 'en') => {
  const parsed = step(id).decision.safeParse(decision);
  return parsed.success ? [] : localizeIssues(parsed.error.issues, language);
};
const validated = (overrides: Record<string, unknown> = {}) => ({ ...needSteps[0]!.examples[0]!, ...overrides });
const NOW = new Date('2026-08-01T10:00:00Z');

describe('need decisions', () => {
  it('are registered, for caseworkers and supervisors', () => {
    expect(needSteps.map((s) => s.step)).toEqual(['need-validation', 'need-clarification']);
    for (const s of needSteps) {
      expect(stepDefinition(s.step)).toBe(s);
      expect(s.roles).toEqual(['caseworker', 'supervisor']);
    }
  });

  it.each(needSteps.flatMap((s) => s.examples.map((e) => [s.step, e] as const)))('%s example %o is valid', (id, example) => {
    expect(errors(id, example)).toEqual([]);
    expect(step(id).checkInContext?.(example, { clarificationsLeft: 2 }, NOW) ?? []).toEqual([]);
  });

  it('every rule code has its message in every language', () => {
    for (const code of NEED_RULE_CODES) expect(hasMessage(`field.custom.${code}`), code).toBe(true);
  });

  it('a validated need’s skills are search keys, distinct, one to ten', () => {
    expect(
      errors('need-validation', validated({ skills: ['Chirurgie pédiatrique', ' cybersecurite', 'ok'] })).map((e) => [e.pointer, e.code]),
    ).toEqual([
      ['/skills/0', 'skill_not_normalised'],
      ['/skills/1', 'skill_not_normalised'],
    ]);
    expect(errors('need-validation', validated({ skills: [] })).map((e) => e.code)).toEqual(['too_small']);
    expect(errors('need-validation', validated({ skills: ['a', 'a'] })).map((e) => e.code)).toEqual(['duplicate']);
  });

  it('the window: end after start, the duration fits; an on-site mission has its city; every error at once, localized', () => {
    const bad = validated({ window: { from: '2026-09-01', to: '2026-09-10' }, missionCity: undefined, mode: 'hybrid', durationWeeks: 30 });
    expect(errors('need-validation', bad).map((e) => [e.pointer, e.code])).toEqual([
      ['/durationWeeks', 'too_big'],
      ['/durationWeeks', 'duration_exceeds_window'],
      ['/missionCity', 'mission_city_required'],
    ]);
    const reversed = validated({ window: { from: '2026-09-01', to: '2026-08-01' } });
    for (const language of LANGUAGES) {
      const [error] = errors('need-validation', reversed, language);
      expect(error).toMatchObject({ pointer: '/window/to', code: 'window_end_before_start' });
    }
    expect(errors('need-validation', reversed, 'ar')[0]?.message).toMatch(/[\u0600-\u06FF]/);
  });

  it('a rejection and a question are codes; unknown ones and stray fields are refused', () => {
    expect(errors('need-validation', { outcome: 'rejected', reasonCode: 'too-expensive' }).map((e) => [e.pointer, e.code])).toEqual([
      ['/reasonCode', 'invalid_value'],
    ]);
    expect(errors('need-validation', { outcome: 'clarification-requested', question: 'when?' }).map((e) => [e.pointer, e.code])).toEqual([
      ['/questionCode', 'invalid_value'],
      ['/question', 'unrecognized_key'],
    ]);
  });

  it('refuses a window starting more than NEED_WINDOW_MAX_LEAD_DAYS from today (an assignment could not wait for it), in every language', () => {
    expect(NEED_WINDOW_MAX_LEAD_DAYS).toBe(77);
    expect(validationIssues(validated({ window: { from: '2026-10-17', to: '2027-01-31' } }), { clarificationsLeft: 2 }, NOW)).toEqual([]);
    const [refused, ...rest] = validationIssues(
      validated({ window: { from: '2026-10-18', to: '2027-01-31' } }),
      { clarificationsLeft: 2 },
      NOW,
    );
    expect(rest).toEqual([]);
    expect(refused).toMatchObject({ path: ['window', 'from'], code: 'window_start_too_far' });
    for (const text of Object.values(refused!.message)) {
      expect(text).toContain('2026-10-17');
      expect(text).toContain('77');
      expect(text).not.toMatch(/\{\w+\}/);
    }
  });

  it('refuses a window that has already ended, and a question past the limit', () => {
    expect(validationIssues(validated({ window: { from: '2026-06-01', to: '2026-07-31' } }), { clarificationsLeft: 2 }, NOW)).toMatchObject(
      [{ path: ['window', 'to'], code: 'window_ended' }],
    );
    const question = needSteps[0]!.examples[2]!;
    expect(validationIssues(question, { clarificationsLeft: 0 }, NOW)).toMatchObject([
      { path: ['outcome'], code: 'clarification_limit_reached', message: { en: expect.stringContaining('validate or reject') as string } },
    ]);
    expect(validationIssues(question, { clarificationsLeft: 1 }, NOW)).toEqual([]);
  });

  it('the institution’s answer and the validator’s notes never reach the workflow', () => {
    for (const s of needSteps) for (const e of s.examples) expect(withoutFreeText(e)).not.toHaveProperty('notes');
  });
});

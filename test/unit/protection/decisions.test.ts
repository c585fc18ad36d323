// The protection steps' decision schemas: every published example valid, every error a 422 field
// error with a stable code and a message in French, Arabic and English; the trafficking details
// never reach the workflow's history.
import { describe, expect, it } from 'vitest';
import { protectionSteps, PROTECTION_RULE_CODES } from '../../../domain/protection/steps.ts';
import { stepDefinition } from '../../../domain/tasks/steps.ts';
import { withoutFreeText } from '../../../domain/tasks/complete-task.ts';
import { localizeIssues, LANGUAGES, hasMessage, type Language } from '../../../domain/i18n/index.ts';

const step = (id: string) => stepDefinition(id)!;
const errors = (id: string, decision: unknown, language: Language = 'en') => {
  const parsed = step(id).decision.safeParse(decision);
  return parsed.success ? [] : localizeIssues(parsed.error.issues, language);
};
const assessment = (overrides: Record<string, unknown>) => ({ outcome: 'assessed', categories: ['medical'], ...overrides });
const trafficking = protectionSteps.find((s) => s.step === 'vulnerability-assessment')!.examples[0]!.trafficking as Record<string, unknown>;

describe('protection decisions', () => {
  it('are registered with the AVRR steps, none of them sharing an id', () => {
    expect(protectionSteps.map((s) => s.step)).toEqual([
      'registration',
      'vulnerability-assessment',
      'bia',
      'bia-approval',
      'bid',
      'assistance-plan',
      'assistance-plan-approval',
      'service-delivery',
      'follow-up-visit',
    ]);
    for (const s of protectionSteps) expect(stepDefinition(s.step)).toBe(s);
    expect(stepDefinition('plan-approval')?.fourEyesAgainst).toEqual(['reintegration-plan']);
    expect(step('assistance-plan-approval').fourEyesAgainst).toEqual(['assistance-plan']);
    expect(step('bia-approval').fourEyesAgainst).toEqual(['bia']);
  });

  it.each(protectionSteps.flatMap((s) => s.examples.map((e) => [s.step, e] as const)))('%s example %o is valid', (id, example) => {
    expect(errors(id, example)).toEqual([]);
    expect(step(id).checkInContext?.(example, { childNeedsBid: true, bidRecordedAt: null }, new Date()) ?? []).toEqual([]);
  });

  it('every outcome has an example, and every title is in three languages', () => {
    for (const s of protectionSteps) {
      expect(Object.keys(s.title).sort()).toEqual([...LANGUAGES].sort());
      const outcomes = new Set(s.examples.map((e) => e.outcome));
      expect(outcomes.size).toBeGreaterThan(0);
    }
  });

  it('every rule code has its message in every language', () => {
    for (const code of PROTECTION_RULE_CODES) expect(hasMessage(`field.custom.${code}`), code).toBe(true);
  });

  it('victim of trafficking: the HTCDS details are required, listed with every other field error at once', () => {
    const found = errors(
      'vulnerability-assessment',
      assessment({ categories: ['victim-of-trafficking', 'elderly'], notes: 'x'.repeat(2001) }),
    );
    expect(found.map((e) => [e.pointer, e.code])).toEqual([
      ['/notes', 'too_big'],
      ['/trafficking', 'trafficking_required'],
    ]);
    expect(errors('vulnerability-assessment', assessment({ categories: ['elderly', 'elderly'] })).map((e) => e.code)).toEqual([
      'duplicate',
    ]);
    const fr = errors('vulnerability-assessment', assessment({ categories: ['victim-of-trafficking'] }), 'fr');
    expect(fr).toEqual([
      { pointer: '/trafficking', code: 'trafficking_required', message: expect.stringContaining('victime de traite') as string },
    ]);
    const ar = errors('vulnerability-assessment', assessment({ categories: ['victim-of-trafficking'] }), 'ar');
    expect(ar[0]!.message).toMatch(/[\u0600-\u06FF]/);
  });

  it('each trafficking field is a closed list; every wrong field is reported, with the path to it', () => {
    const found = errors(
      'vulnerability-assessment',
      assessment({
        categories: ['victim-of-trafficking'],
        trafficking: {
          ...trafficking,
          recruitmentMethods: ['promised a job in Spain'],
          meansOfControl: [],
          exploitationLocations: [{ country: 'XX' }, { country: 'SN', region: 'oriental' }],
          recruiterRelationship: undefined,
          account: 'free text',
        },
      }),
    );
    expect(found.map((e) => [e.pointer, e.code])).toEqual(
      expect.arrayContaining([
        ['/trafficking/recruitmentMethods/0', 'invalid_value'],
        ['/trafficking/meansOfControl', 'too_small'],
        ['/trafficking/exploitationLocations/0/country', 'unknown_country'],
        ['/trafficking/exploitationLocations/1/region', 'region_only_in_morocco'],
        ['/trafficking/recruiterRelationship', 'invalid_value'],
        ['/trafficking/account', 'unrecognized_key'],
      ]),
    );
    expect(found).toHaveLength(6);
  });

  it('trafficking details without the category, or a child both unaccompanied and separated, are refused', () => {
    expect(errors('vulnerability-assessment', assessment({ trafficking })).map((e) => e.code)).toEqual(['trafficking_not_applicable']);
    expect(
      errors('vulnerability-assessment', assessment({ categories: ['unaccompanied-child', 'separated-child'] })).map((e) => e.code),
    ).toEqual(['unaccompanied_or_separated']);
  });

  it('the trafficking details never reach the workflow (its execution history): they stay on the task', () => {
    const example = protectionSteps.find((s) => s.step === 'vulnerability-assessment')!.examples[0]!;
    expect(withoutFreeText(example)).toEqual({ outcome: 'assessed', categories: ['victim-of-trafficking', 'medical'] });
  });

  it('registration: a risk level from the list, or a closure with its code; no other outcome', () => {
    expect(errors('registration', { outcome: 'confirmed', riskLevel: 'urgent' }).map((e) => [e.pointer, e.code])).toEqual([
      ['/riskLevel', 'invalid_value'],
    ]);
    expect(errors('registration', { outcome: 'not-in-scope' }).map((e) => [e.pointer, e.code])).toEqual([['/reasonCode', 'invalid_value']]);
    expect(errors('registration', { outcome: 'closed' }).map((e) => [e.pointer, e.code])).toEqual([['/outcome', 'invalid_value']]);
  });

  it('BID: members by role and organisation (no names), a recommendation from the list, implementation after the panel', () => {
    const bid = step('bid').examples[0]!;
    const found = errors('bid', {
      ...bid,
      panel: [{ role: 'chair', organisation: 'mission', name: 'Fatima' }],
      recommendation: 'adoption',
      implementationDate: '2026-12-01',
    });
    expect(found.map((e) => [e.pointer, e.code])).toEqual(
      expect.arrayContaining([
        ['/panel', 'too_small'],
        ['/panel/0/name', 'unrecognized_key'],
        ['/recommendation', 'invalid_value'],
      ]),
    );
    expect(errors('bid', { ...bid, implementationDate: '2026-12-01' }).map((e) => [e.pointer, e.code])).toEqual([
      ['/implementationDate', 'implementation_before_panel'],
    ]);
  });

  it('assistance plan: service types and urgencies from the lists', () => {
    const found = errors('assistance-plan', {
      outcome: 'proposed',
      services: [{ type: 'housing', urgency: '2-hours', appointmentDate: '14/12/2026' }],
    });
    expect(found.map((e) => [e.pointer, e.code])).toEqual([
      ['/services/0/type', 'invalid_value'],
      ['/services/0/urgency', 'invalid_value'],
      ['/services/0/appointmentDate', 'invalid_format'],
    ]);
    expect(errors('assistance-plan', { outcome: 'proposed', services: [] }).map((e) => e.code)).toEqual(['too_small']);
  });

  it("assistance plan: a child's durable solution needs a recorded BID; asking for one is only for a child without it", () => {
    const check = (decision: Record<string, unknown>, context: Record<string, unknown>) =>
      step('assistance-plan').checkInContext!(decision, context, new Date());
    const plan = { outcome: 'proposed', services: [{ type: 'shelter', urgency: '1-day' }], durableSolution: 'return' };
    expect(check(plan, { childNeedsBid: true, bidRecordedAt: null }).map((i) => [i.path, i.code])).toEqual([
      [['durableSolution'], 'bid_required'],
    ]);
    const [issue] = check(plan, { childNeedsBid: true, bidRecordedAt: null });
    expect(issue!.message.en).toMatch(/best interests determination/);
    expect(issue!.message.ar).toMatch(/[\u0600-\u06FF]/);
    expect(issue!.message.fr).toMatch(/intérêt supérieur/);
    expect(check(plan, { childNeedsBid: true, bidRecordedAt: '2026-12-20T10:00:00.000Z' })).toEqual([]);
    expect(check(plan, { childNeedsBid: false, bidRecordedAt: null })).toEqual([]);
    expect(check({ outcome: 'bid-needed' }, { childNeedsBid: false, bidRecordedAt: null }).map((i) => i.code)).toEqual([
      'bid_already_recorded',
    ]);
  });

  it('service delivery and follow-up: reason codes, bounded next visit, closure reasons from the list', () => {
    expect(errors('service-delivery', { outcome: 'not-delivered', reason: 'She was not there' }).map((e) => [e.pointer, e.code])).toEqual([
      ['/reasonCode', 'invalid_value'],
      ['/reason', 'unrecognized_key'],
    ]);
    expect(
      errors('service-delivery', { outcome: 'delivered', deliveredOn: '2026-12-09', deliveredBy: 'volunteer' }).map((e) => e.code),
    ).toEqual(['invalid_value']);
    expect(errors('follow-up-visit', { outcome: 'continue', visitedOn: '2027-01-10', nextVisitInDays: 400 }).map((e) => e.code)).toEqual([
      'too_big',
    ]);
    expect(
      errors('follow-up-visit', { outcome: 'close', closureReason: 'repatriated', closureDetails: 'Went home by bus' }).map(
        (e) => e.pointer,
      ),
    ).toEqual(['/closureReason', '/closureDetails']);
  });

  it.each(LANGUAGES)('every error is localized (%s), never zod’s English', (language) => {
    const found = errors(
      'vulnerability-assessment',
      assessment({ categories: ['victim-of-trafficking', 'separated-child', 'unaccompanied-child'] }),
      language,
    );
    expect(found.map((e) => e.code).sort()).toEqual(['trafficking_required', 'unaccompanied_or_separated']);
    for (const e of found) expect(e.message).not.toMatch(/^Invalid|custom/);
  });
});

// The assignment steps' decisions: every example valid, the rules beyond the schema (the preparation
// fits the mode, the arrival after the departure, a start neither in the future nor before the
// window's start minus a few days, an end not before the start nor in the future, a report or
// feedback not received in the future), every error localized in French, Arabic and English.
import { describe, expect, it } from 'vitest';
import {
  assignmentSteps,
  ASSIGNMENT_RULE_CODES,
  EARLY_START_DAYS,
  endIssues,
  preparationIssues,
  startIssues,
} from '../../../domain/migration-development/assignment-steps.ts';
import { stepDefinition } from '../../../domain/tasks/steps.ts';
import { hasMessage, LANGUAGES, localizeIssues, type Language } from '../../../domain/i18n/index.ts';

const step = (id: string) => stepDefinition(id)!;
const errors = (id: string, decision: unknown, language: Language = 'en') => {
  const parsed = step(id).decision.safeParse(decision);
  return parsed.success ? [] : localizeIssues(parsed.error.issues, language);
};
const example = (id: string, outcome: string) => step(id).examples.find((e) => e.outcome === outcome)!;
const NOW = new Date('2026-10-01T10:00:00Z');
const CONTEXT = { mode: 'on-site', windowFrom: '2026-09-01', windowTo: '2026-11-30', startedOn: '2026-09-01' };
const codes = (issues: { code: string }[]) => issues.map((i) => i.code);

describe('assignment decisions', () => {
  it('are registered, for caseworkers and supervisors, with titles and one example per outcome', () => {
    expect(assignmentSteps.map((s) => s.step)).toEqual([
      'assignment-preparation',
      'assignment-start',
      'assignment-midterm-check',
      'assignment-end',
      'assignment-expert-report',
      'assignment-institution-feedback',
    ]);
    for (const s of assignmentSteps) {
      expect(stepDefinition(s.step)).toBe(s);
      expect(s.roles).toEqual(['caseworker', 'supervisor']);
      for (const language of LANGUAGES) expect(s.title[language]).not.toBe('');
      const outcomes = (s.decision as unknown as { options: { shape: { outcome: { value: string } } }[] }).options.map(
        (o) => o.shape.outcome.value,
      );
      expect(s.examples.map((e) => e.outcome).sort()).toEqual([...outcomes].sort());
    }
  });

  it('every rule has its message', () => {
    for (const code of ASSIGNMENT_RULE_CODES) expect(hasMessage(`field.custom.${code}`), code).toBe(true);
  });

  it.each(assignmentSteps.flatMap((s) => s.examples.map((e) => [s.step, e] as const)))('%s example %o is valid', (id, decision) => {
    expect(errors(id, decision)).toEqual([]);
    const context = decision.outcome === 'online-set-up' ? { ...CONTEXT, mode: 'remote' } : CONTEXT;
    expect(step(id).checkInContext?.(decision, context, NOW) ?? []).toEqual([]);
  });

  it('lists every field error at once, in each language', () => {
    const bad = { outcome: 'travel-arranged', travelMode: 'bike', departureOn: '2026-13-01', lodgingArranged: 'yes' };
    for (const language of LANGUAGES) {
      const found = errors('assignment-preparation', bad, language);
      expect(found.map((e) => e.pointer).sort()).toEqual(['/arrivalOn', '/departureOn', '/lodgingArranged', '/travelMode']);
      for (const e of found) expect(e.message).not.toBe('');
    }
    const feedback = {
      outcome: 'received',
      receivedOn: '2026-09-30',
      satisfaction: { objectivesMet: 6, expertise: 0 },
      wouldHostAgain: true,
    };
    expect(
      errors('assignment-institution-feedback', feedback)
        .map((e) => e.pointer)
        .sort(),
    ).toEqual(['/satisfaction/communication', '/satisfaction/expertise', '/satisfaction/knowledgeTransfer', '/satisfaction/objectivesMet']);
    expect(errors('assignment-midterm-check', { outcome: 'issues', issueCodes: [] }).map((e) => e.pointer)).toEqual(['/issueCodes']);
    expect(
      errors('assignment-expert-report', { ...example('assignment-expert-report', 'received'), documentReference: 'a b' }),
    ).toHaveLength(1);
  });

  it('the preparation fits the mode: travel on site or hybrid, an online set-up when remote; the arrival not before the departure', () => {
    const travel = example('assignment-preparation', 'travel-arranged');
    const online = example('assignment-preparation', 'online-set-up');
    expect(codes(preparationIssues(travel, { mode: 'remote' }))).toEqual(['preparation_mode_mismatch']);
    expect(codes(preparationIssues(online, { mode: 'hybrid' }))).toEqual(['preparation_mode_mismatch']);
    // Each message names what it is about (not "this date" for the preparation's kind).
    expect(preparationIssues(travel, { mode: 'remote' })[0]!.message.en).toMatch(/^The preparation: /);
    expect(preparationIssues(travel, { mode: 'remote' })[0]!.message.fr).toMatch(/^La préparation : /);
    expect(preparationIssues(travel, { mode: 'hybrid' })).toEqual([]);
    expect(preparationIssues(example('assignment-preparation', 'cancelled'), { mode: 'remote' })).toEqual([]);
    const backwards = preparationIssues({ ...travel, arrivalOn: '2026-08-29' }, { mode: 'on-site' });
    expect(backwards).toMatchObject([{ path: ['arrivalOn'], code: 'arrival_before_departure' }]);
    expect(backwards[0]!.message.en).toMatch(/^The arrival date /);
    for (const language of LANGUAGES) expect(backwards[0]!.message[language]).not.toMatch(/\{/);
  });

  it(`the start is not in the future (the day in Morocco), nor more than ${EARLY_START_DAYS} days before the window starts`, () => {
    expect(codes(startIssues({ outcome: 'started', startedOn: '2026-10-02' }, CONTEXT, NOW))).toEqual(['date_in_future']);
    // 23:30 UTC on 30 September is already 1 October in Morocco.
    expect(startIssues({ outcome: 'started', startedOn: '2026-10-01' }, CONTEXT, new Date('2026-09-30T23:30:00Z'))).toEqual([]);
    expect(startIssues({ outcome: 'started', startedOn: '2026-08-27' }, CONTEXT, NOW)).toEqual([]);
    const early = startIssues({ outcome: 'started', startedOn: '2026-08-26' }, CONTEXT, NOW);
    expect(early).toMatchObject([{ path: ['startedOn'], code: 'start_before_window' }]);
    expect(early[0]!.message.en).toContain('2026-08-27');
    expect(early[0]!.message.fr).toContain('2026-08-27');
    expect(early[0]!.message.ar).toContain('2026-08-27');
  });

  it('an end (or an early end at mid-term) is not before the start nor in the future; a report is not received in the future', () => {
    const end = example('assignment-end', 'completed');
    expect(codes(endIssues({ ...end, endedOn: '2026-08-31' }, CONTEXT, NOW))).toEqual(['end_before_start']);
    expect(codes(endIssues({ ...end, endedOn: '2026-10-02' }, CONTEXT, NOW))).toEqual(['date_in_future']);
    expect(
      codes(
        step('assignment-midterm-check').checkInContext!(
          { ...example('assignment-midterm-check', 'ended-early'), endedOn: '2026-08-01' },
          CONTEXT,
          NOW,
        ),
      ),
    ).toEqual(['end_before_start']);
    const report = { ...example('assignment-expert-report', 'received'), receivedOn: '2026-10-05' };
    expect(codes(step('assignment-expert-report').checkInContext!(report, {}, NOW))).toEqual(['date_in_future']);
  });
});

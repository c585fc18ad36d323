// The youth steps' decision schemas: every published example valid, every error a 422 field error
// with a stable code and a message in French, Arabic and English; a milestone or an exit dated
// before the enrolment or in the future refused with a clear message; an "after" soft-skills
// assessment refused without a "before" one; free text never reaching the workflow.
import { describe, expect, it } from 'vitest';
import { youthSteps, YOUTH_RULE_CODES } from '../../../domain/youth-employability/youth-steps.ts';
import { stepDefinition } from '../../../domain/tasks/steps.ts';
import { withoutFreeText } from '../../../domain/tasks/complete-task.ts';
import { localizeIssues, LANGUAGES, hasMessage, type Language } from '../../../domain/i18n/index.ts';

const step = (id: string) => stepDefinition(id)!;
const errors = (id: string, decision: unknown, language: Language = 'en') => {
  const parsed = step(id).decision.safeParse(decision);
  return parsed.success ? [] : localizeIssues(parsed.error.issues, language);
};
const NOW = new Date('2026-12-02T10:00:00Z');
const context = { enrolmentDate: '2026-11-20', softSkillsBeforeOn: null };
const contextIssues = (id: string, decision: Record<string, unknown>, ctx: Record<string, unknown> = context) =>
  step(id).checkInContext?.(decision, ctx, NOW) ?? [];
const evidence = { kind: 'certificate', details: 'Attestation n° 2026/114' };
const milestone = (m: Record<string, unknown>) => ({ outcome: 'milestone', milestone: { evidence, ...m } });
const scores = { communication: 2, teamwork: 3, 'problem-solving': 2, 'self-confidence': 1, reliability: 3 };

describe('youth decisions', () => {
  it('are registered with the other programmes’ steps, every id prefixed youth-', () => {
    expect(youthSteps.map((s) => s.step)).toEqual(['youth-orientation', 'youth-track-progress', 'youth-follow-up']);
    for (const s of youthSteps) {
      expect(stepDefinition(s.step)).toBe(s);
      expect(s.roles).toContain('partner');
      expect(Object.keys(s.title).sort()).toEqual([...LANGUAGES].sort());
    }
  });

  it.each(youthSteps.flatMap((s) => s.examples.map((e) => [s.step, e] as const)))('%s example %o is valid', (id, example) => {
    expect(errors(id, example)).toEqual([]);
    expect(contextIssues(id, example)).toEqual([]);
  });

  it('every rule code has its message in every language', () => {
    for (const code of YOUTH_RULE_CODES) expect(hasMessage(`field.custom.${code}`), code).toBe(true);
  });

  it('orientation: every field error at once: an activity not of the track, an end before its start, a plan too long, an unknown track', () => {
    const found = errors('youth-orientation', {
      outcome: 'oriented',
      track: 'community',
      plan: [
        { activity: 'internship', plannedStart: '2027-01-04' },
        { activity: 'volunteering', plannedStart: '2027-02-01', plannedEnd: '2027-01-01' },
      ],
    });
    expect(found.map((e) => [e.pointer, e.code])).toEqual([
      ['/plan/0/activity', 'activity_not_in_track'],
      ['/plan/1/plannedEnd', 'planned_end_before_start'],
    ]);
    const many = errors('youth-orientation', { outcome: 'oriented', track: 'sailing', plan: [], extra: 1 });
    expect(many.map((e) => e.pointer).sort()).toEqual(['/extra', '/plan', '/track']);
    expect(
      errors('youth-orientation', {
        outcome: 'oriented',
        track: 'education',
        plan: Array(11).fill({ activity: 'literacy', plannedStart: '2027-01-04' }),
      }).map((e) => e.code),
    ).toEqual(['too_big']);
    expect(
      errors('youth-orientation', { outcome: 'not-continuing', reason: 'free text' })
        .map((e) => e.pointer)
        .sort(),
    ).toEqual(['/reason', '/reasonCode']);
  });

  it('orientation errors are localized in French, Arabic and English', () => {
    const bad = { outcome: 'oriented', track: 'community', plan: [{ activity: 'internship', plannedStart: 'soon' }] };
    const fr = errors('youth-orientation', bad, 'fr');
    const ar = errors('youth-orientation', bad, 'ar');
    const en = errors('youth-orientation', bad, 'en');
    expect(en.map((e) => [e.pointer, e.code])).toEqual([
      ['/plan/0/plannedStart', 'invalid_format'],
      ['/plan/0/activity', 'activity_not_in_track'],
    ]);
    expect(new Set([fr[0]!.message, ar[0]!.message, en[0]!.message]).size).toBe(3);
    const track = errors('youth-orientation', { ...bad, plan: [{ activity: 'internship', plannedStart: '2027-01-04' }] }, 'fr');
    expect(track[0]!.message).toContain('parcours');
  });

  it('track progress: each kind of milestone with its own fields, an evidence kind from the list, scores 1 to 5', () => {
    const valid = [
      { type: 'training-started', date: '2026-11-21' },
      { type: 'training-completed', date: '2026-11-28' },
      { type: 'internship-started', date: '2026-11-28', sector: 'trade' },
      { type: 'internship-completed', date: '2026-11-29' },
      { type: 'job-found', date: '2026-11-30', sector: 'crafts', employment: 'self-employment', contract: 'not-applicable' },
      { type: 'back-in-school-or-training', date: '2026-11-30', level: 'vocational-training' },
      { type: 'soft-skills-assessment', date: '2026-11-21', moment: 'before', scores },
    ];
    for (const m of valid) expect(errors('youth-track-progress', milestone(m)), m.type).toEqual([]);
    const found = errors('youth-track-progress', {
      outcome: 'milestone',
      milestone: {
        type: 'soft-skills-assessment',
        date: '2026-13-01',
        moment: 'during',
        scores: { ...scores, teamwork: 6 },
        evidence: { kind: 'rumour' },
      },
    });
    expect(found.map((e) => e.pointer).sort()).toEqual(
      ['/milestone/date', '/milestone/evidence/kind', '/milestone/moment', '/milestone/scores/teamwork'].sort(),
    );
    expect(
      errors('youth-track-progress', milestone({ type: 'job-found', date: '2026-11-30' }))
        .map((e) => e.pointer)
        .sort(),
    ).toEqual(['/milestone/contract', '/milestone/employment', '/milestone/sector'].sort());
    expect(
      errors('youth-track-progress', { outcome: 'exit', exit: { outcome: 'dropped-out', date: '2026-11-30' } }).map((e) => e.pointer),
    ).toEqual(['/exit/reasonCode']);
  });

  it('a milestone dated before the enrolment, or in the future, is refused with a clear message in three languages', () => {
    const before = contextIssues('youth-track-progress', milestone({ type: 'training-started', date: '2026-11-19' }));
    expect(before.map((i) => [i.path, i.code])).toEqual([[['milestone', 'date'], 'date_before_enrolment']]);
    expect(before[0]!.message.en).toBe('This date cannot be before the young person’s enrolment date (2026-11-20).');
    expect(before[0]!.message.fr).toContain('2026-11-20');
    expect(before[0]!.message.ar).toContain('2026-11-20');
    const future = contextIssues('youth-track-progress', milestone({ type: 'training-started', date: '2026-12-03' }));
    expect(future.map((i) => i.code)).toEqual(['date_in_future']);
    expect(future[0]!.message.en).toBe('This date cannot be in the future: record what has happened.');
    // Today and the enrolment date itself are fine.
    expect(contextIssues('youth-track-progress', milestone({ type: 'training-started', date: '2026-12-02' }))).toEqual([]);
    expect(contextIssues('youth-track-progress', milestone({ type: 'training-started', date: '2026-11-20' }))).toEqual([]);
  });

  it('an exit dated before the enrolment or in the future is refused the same way', () => {
    expect(
      contextIssues('youth-track-progress', { outcome: 'exit', exit: { outcome: 'completed', date: '2026-10-01' } }).map((i) => [
        i.path,
        i.code,
      ]),
    ).toEqual([[['exit', 'date'], 'date_before_enrolment']]);
    expect(
      contextIssues('youth-track-progress', { outcome: 'exit', exit: { outcome: 'completed', date: '2027-01-01' } }).map((i) => i.code),
    ).toEqual(['date_in_future']);
  });

  it('a soft-skills assessment "after" is refused until a "before" one is recorded for the case', () => {
    const after = milestone({ type: 'soft-skills-assessment', date: '2026-12-01', moment: 'after', scores });
    expect(contextIssues('youth-track-progress', after).map((i) => [i.path, i.code])).toEqual([
      [['milestone', 'moment'], 'soft_skills_before_missing'],
    ]);
    expect(contextIssues('youth-track-progress', after, { ...context, softSkillsBeforeOn: '2026-11-21' })).toEqual([]);
    const early = contextIssues('youth-track-progress', after, { ...context, softSkillsBeforeOn: '2026-12-02' });
    expect(early.map((i) => [i.path, i.code, i.message.en])).toEqual([
      [
        ['milestone', 'date'],
        'soft_skills_after_too_early',
        'This date cannot be before this young person’s “before” assessment (2026-12-02).',
      ],
    ]);
  });

  it('follow-up: the situation by status; a "since" in the future refused', () => {
    expect(
      errors('youth-follow-up', { outcome: 'reached', situation: { status: 'employed', since: '2026-08-01' } })
        .map((e) => e.pointer)
        .sort(),
    ).toEqual(['/situation/employment', '/situation/sector'].sort());
    expect(errors('youth-follow-up', { outcome: 'reached', situation: { status: 'neither' } })).toEqual([]);
    expect(
      errors('youth-follow-up', { outcome: 'reached', situation: { status: 'studying', since: '2026-09-01', level: 'higher-education' } }),
    ).toEqual([]);
    const future = { outcome: 'reached', situation: { status: 'studying', since: '2027-09-01', level: 'higher-education' } };
    expect(contextIssues('youth-follow-up', future, {}).map((i) => [i.path, i.code])).toEqual([[['situation', 'since'], 'date_in_future']]);
  });

  it('"today" is the day in Morocco: at 23:30 UTC a date that is already today there is accepted, the day after is not', () => {
    // 2 December 2026, 23:30 UTC: 3 December, 00:30 in Casablanca (UTC+1).
    const lateEvening = new Date('2026-12-02T23:30:00Z');
    const at = (decision: Record<string, unknown>, id = 'youth-track-progress') => step(id).checkInContext!(decision, context, lateEvening);
    expect(at(milestone({ type: 'training-started', date: '2026-12-03' }))).toEqual([]);
    expect(at({ outcome: 'exit', exit: { outcome: 'completed', date: '2026-12-03' } })).toEqual([]);
    expect(
      at({ outcome: 'reached', situation: { status: 'studying', since: '2026-12-03', level: 'higher-education' } }, 'youth-follow-up'),
    ).toEqual([]);
    expect(at(milestone({ type: 'training-started', date: '2026-12-04' })).map((i) => i.code)).toEqual(['date_in_future']);
  });

  it('at the track’s time limit (exitOnly) only the exit may be recorded, with a clear message in three languages', () => {
    const limit = { ...context, exitOnly: true };
    for (const other of [milestone({ type: 'training-started', date: '2026-11-21' }), { outcome: 'no-change' }]) {
      const found = contextIssues('youth-track-progress', other, limit);
      expect(found.map((i) => [i.path, i.code])).toEqual([[['outcome'], 'exit_required']]);
      expect(found[0]!.message.en).toBe(
        'The track has reached its time limit: record its exit (completed, or dropped out with its reason).',
      );
      expect(found[0]!.message.fr).toContain('sortie');
      expect(found[0]!.message.ar).toContain('الخروج');
    }
    expect(contextIssues('youth-track-progress', { outcome: 'exit', exit: { outcome: 'completed', date: '2026-11-25' } }, limit)).toEqual(
      [],
    );
    // Its dates are still checked.
    expect(
      contextIssues('youth-track-progress', { outcome: 'exit', exit: { outcome: 'completed', date: '2027-01-01' } }, limit).map(
        (i) => i.code,
      ),
    ).toEqual(['date_in_future']);
  });

  it('the context rules read only what is there: malformed decisions raise no error', () => {
    const malformed: unknown[] = [
      {},
      { outcome: 42 },
      { outcome: 'milestone', milestone: 'soon' },
      { outcome: 'milestone', milestone: { type: 'soft-skills-assessment', moment: 'after', date: 20261201 } },
      { outcome: 'exit', exit: null },
      { outcome: 'exit', exit: { date: ['2026-12-01'] } },
      { outcome: 'reached', situation: 'employed' },
      { outcome: 'reached', situation: { since: 2027 } },
      { outcome: 'reached', situation: null },
    ];
    for (const s of youthSteps)
      for (const decision of malformed)
        expect(
          () => s.checkInContext?.(decision as Record<string, unknown>, { ...context, exitOnly: true }, NOW),
          `${s.step} ${JSON.stringify(decision)}`,
        ).not.toThrow();
  });

  it('the notes and an evidence’s reference stay on the task item: the workflow receives codes and dates', () => {
    const withText = milestone({ type: 'training-started', date: '2026-11-21' });
    const sent = withoutFreeText({ ...withText, notes: 'Lives with her aunt in Salé' });
    expect(JSON.stringify(sent)).not.toContain('Salé');
    expect(JSON.stringify(sent)).not.toContain('2026/114');
    expect(sent).toEqual({
      outcome: 'milestone',
      milestone: { type: 'training-started', date: '2026-11-21', evidence: { kind: 'certificate' } },
    });
  });
});

// An association's capacity building in the domain: the versioned instrument, the capacity form's
// version 3 on instrument 2 (versions 1 and 2 still accepted and readable on instrument 1), the
// decisions of its steps (every outcome; every error a localized 422 field error; the rules needing
// the task's context or the clock), and the case actions on an in-memory store.
import { describe, expect, it } from 'vitest';
import { getForm, splitSubmission, validateSubmission, toJsonSchema } from '../../../domain/forms/index.ts';
import {
  baselineOf,
  CAPACITY_INSTRUMENTS,
  compareScores,
  domainScores,
  INSTRUMENT_2,
  INSTRUMENT_OF_FORM_VERSION,
  instrumentVersionOf,
  mean1,
} from '../../../domain/youth-employability/capacity-instrument.ts';
import { addMonths, capacitySteps } from '../../../domain/youth-employability/capacity-steps.ts';
import { fieldsOf } from '../../../domain/forms/define.ts';
import {
  activityCheckpoints,
  capacityContext,
  recordCapacityActivities,
  recordCapacityPlan,
  recordCapacityReassessment,
  ReassessmentOnAnotherInstrument,
} from '../../../domain/youth-employability/capacity-case-actions.ts';
import { stepDefinition } from '../../../domain/tasks/steps.ts';
import { withoutFreeText } from '../../../domain/tasks/complete-task.ts';
import { LANGUAGES, localizeIssues, type Language } from '../../../domain/i18n/index.ts';
import type { CaseRecord } from '../../../domain/cases/model.ts';
import type { TaskRecord } from '../../../domain/tasks/model.ts';
import { MemoryCaseStore } from '../../support/memory-case-store.ts';

const FORM = 'association-capacity-assessment';
const ARABIC = /[\u0600-\u06FF]/;
const form = (version: number) => getForm(FORM, version)!;
const example = (version: number) => structuredClone(form(version).examples[0]) as Record<string, unknown>;
const step = (id: string) => stepDefinition(id)!;
const exampleOf = (id: string, outcome?: string) =>
  structuredClone(step(id).examples.find((e) => outcome === undefined || e.outcome === outcome)!);
const errors = (id: string, decision: unknown, language: Language = 'en') => {
  const parsed = step(id).decision.safeParse(decision);
  return parsed.success ? [] : localizeIssues(parsed.error.issues, language);
};
const NOW = new Date('2027-06-10T09:00:00.000Z');

describe('the capacity instrument', () => {
  it('instrument 2 is the OCA’s seven domains, each with 3 to 5 sub-items scored 1 to 4, labelled and described in three languages', () => {
    expect(INSTRUMENT_2.domains.map((d) => d.domain)).toEqual([
      'governance',
      'financialManagement',
      'administrationProcurement',
      'humanResources',
      'programmeManagement',
      'performanceManagement',
      'sustainability',
    ]);
    expect(INSTRUMENT_2.scale).toEqual({ min: 1, max: 4 });
    expect(INSTRUMENT_2.levels).toHaveLength(4);
    for (const d of INSTRUMENT_2.domains) {
      expect(d.subItems.length).toBeGreaterThanOrEqual(3);
      expect(d.subItems.length).toBeLessThanOrEqual(5);
      for (const text of [d.label, ...d.subItems.flatMap((s) => [s.label, s.descriptor])]) {
        expect(Object.keys(text).sort()).toEqual([...LANGUAGES].sort());
        expect(text.ar).toMatch(ARABIC);
      }
    }
    for (const level of INSTRUMENT_2.levels) expect(level.ar).toMatch(ARABIC);
  });

  it('instrument 1 is the five domains scored 1 to 5 of the form’s versions 1 and 2; version 3 is on instrument 2', () => {
    expect(CAPACITY_INSTRUMENTS[1].domains.map((d) => d.domain)).toEqual([
      'governance',
      'financialManagement',
      'projectManagement',
      'monitoringEvaluation',
      'partnerships',
    ]);
    expect(CAPACITY_INSTRUMENTS[1].scale).toEqual({ min: 1, max: 5 });
    expect(INSTRUMENT_OF_FORM_VERSION).toEqual({ 1: 1, 2: 1, 3: 2 });
    expect(instrumentVersionOf({})).toBe(1);
    expect(instrumentVersionOf({ instrumentVersion: 2 })).toBe(2);
  });

  it('a domain’s score is the mean of its sub-items to one decimal; the change per domain is set beside both', () => {
    expect(mean1([2, 2, 1, 1])).toBe(1.5);
    expect(mean1([3, 4, 2])).toBe(3);
    expect(mean1([1, 2, 2])).toBe(1.7);
    const scores = example(3).scores as Record<string, Record<string, number>>;
    const byDomain = domainScores(2, scores);
    expect(byDomain).toEqual({
      governance: 2.8,
      financialManagement: 1.5,
      administrationProcurement: 1.7,
      humanResources: 1.8,
      programmeManagement: 2.7,
      performanceManagement: 1.5,
      sustainability: 2,
    });
    expect(compareScores(2, byDomain, { ...byDomain, governance: 3.3, sustainability: 1.7 }).filter((c) => c.change !== 0)).toEqual([
      { domain: 'governance', baseline: 2.8, reassessment: 3.3, change: 0.5 },
      { domain: 'sustainability', baseline: 2, reassessment: 1.7, change: -0.3 },
    ]);
  });
});

describe('the capacity form', () => {
  it('version 3 (latest) is on instrument 2: its example is valid, and the facts hold the instrument, the scores per domain and overall', () => {
    expect(getForm(FORM)?.version).toBe(3);
    expect(validateSubmission(form(3), example(3))).toMatchObject({ ok: true });
    const { facts, persons } = splitSubmission(form(3), example(3));
    expect(facts).toMatchObject({
      instrumentVersion: 2,
      assessmentDate: '2026-11-20',
      capacityDomainScores: { governance: 2.8, financialManagement: 1.5, sustainability: 2 },
      capacityOverallScore: 2,
      capacityItemScores: { governance: { visionMission: 3, legalStatus: 4, board: 2, organisationalStructure: 2 } },
      associationName: 'Association Tadamoun pour le développement local',
    });
    expect(Object.keys(facts).filter((k) => k.startsWith('score'))).toEqual([]);
    expect(JSON.stringify(facts)).not.toContain('Lahlou');
    expect(persons).toHaveLength(1);
  });

  it('version 3 labels every domain and sub-item in three languages, with the descriptor as help', () => {
    const fields = form(3).fields;
    expect(fields['/scores/governance/board']?.label.ar).toMatch(ARABIC);
    expect(fields['/scores/governance/board']?.help?.fr).toContain('bureau');
    expect(fields['/scores/sustainability']?.label.en).toContain('Organisational sustainability');
    const schema = toJsonSchema(form(3)) as { properties: { scores: { properties: Record<string, unknown> } } };
    expect(Object.keys(schema.properties.scores.properties)).toHaveLength(7);
  });

  it('version 3 refuses a score out of 1..4, a missing sub-item, an instrument 1 score, every error listed and localized', () => {
    const body = example(3);
    const scores = body.scores as Record<string, Record<string, unknown>>;
    scores.governance!.board = 5;
    delete scores.humanResources!.jobDescriptions;
    scores.partnerships = 3 as never;
    const result = validateSubmission(form(3), body, 'fr');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => `${e.pointer} ${e.code}`).sort()).toEqual(
      [
        '/scores/governance/board too_big',
        '/scores/humanResources/jobDescriptions required',
        '/scores/partnerships unrecognized_key',
      ].sort(),
    );
    const ar = validateSubmission(form(3), body, 'ar');
    expect(ar.ok === false && ar.errors.every((e) => ARABIC.test(e.message))).toBe(true);
  });

  it('versions 1 and 2 are still accepted and readable on instrument 1 (no instrumentVersion: 1)', () => {
    for (const version of [1, 2]) {
      expect(validateSubmission(form(version), example(version))).toMatchObject({ ok: true });
      const { facts } = splitSubmission(form(version), example(version));
      expect(facts).toMatchObject({ scoreGovernance: 3, scoreFinancialManagement: 2, scorePartnerships: 4, scoreAverage: 2.8 });
      expect(facts.instrumentVersion).toBeUndefined();
      expect(baselineOf(facts)).toEqual({
        instrumentVersion: 1,
        domainScores: { governance: 3, financialManagement: 2, projectManagement: 3, monitoringEvaluation: 2, partnerships: 4 },
      });
    }
    // A version 2 body is not a version 3 one.
    expect(validateSubmission(form(3), example(2)).ok).toBe(false);
  });
});

describe('the capacity steps’ decisions', () => {
  it('are declared with their roles: the association’s staff draw the plan, record activities and reassess; mission staff approve (four eyes)', () => {
    expect(capacitySteps.map((s) => [s.step, s.roles])).toEqual([
      ['capacity-plan', ['caseworker', 'partner']],
      ['capacity-plan-approval', ['caseworker', 'supervisor']],
      ['capacity-activity', ['caseworker', 'partner']],
      ['capacity-reassessment', ['caseworker', 'partner']],
    ]);
    expect(step('capacity-plan-approval').fourEyesAgainst).toEqual(['capacity-plan']);
    for (const s of capacitySteps) expect(s.title.ar).toMatch(ARABIC);
  });

  it.each(capacitySteps.flatMap((s) => s.examples.map((e) => [s.step, e] as const)))('%s example %o is valid', (id, decision) => {
    expect(errors(id, decision)).toEqual([]);
    const context = { instrumentVersion: 2, assessmentDate: '2026-11-20', approvedOn: '2026-12-01' };
    expect(step(id).checkInContext?.(decision, context, NOW) ?? []).toEqual([]);
  });

  it('an approval defaults the reassessment to 6 months, allows 3 to 9; changes need a reason', () => {
    expect(step('capacity-plan-approval').decision.parse({ outcome: 'approved' })).toEqual({
      outcome: 'approved',
      reassessmentAfterMonths: 6,
    });
    expect(errors('capacity-plan-approval', { outcome: 'approved', reassessmentAfterMonths: 12 }).map((e) => e.pointer)).toEqual([
      '/reassessmentAfterMonths',
    ]);
    expect(errors('capacity-plan-approval', { outcome: 'changes-requested' }).map((e) => `${e.pointer} ${e.code}`)).toEqual([
      '/reason required',
    ]);
    expect(errors('capacity-plan-approval', { outcome: 'maybe' }).map((e) => e.pointer)).toEqual(['/outcome']);
  });

  it('a plan has 1 to 30 actions, each with a known domain, a short description and owner and a date; every error listed', () => {
    expect(errors('capacity-plan', { outcome: 'proposed', actions: [] }).map((e) => `${e.pointer} ${e.code}`)).toEqual([
      '/actions too_small',
    ]);
    const plan = exampleOf('capacity-plan');
    const actions = plan.actions as Record<string, unknown>[];
    actions[0]!.domain = 'marketing';
    actions[1]!.owner = '';
    actions[2]!.dueDate = '2027-02-30';
    const found = errors('capacity-plan', plan, 'fr');
    expect(found.map((e) => `${e.pointer} ${e.code}`)).toEqual([
      '/actions/0/domain invalid_value',
      '/actions/1/owner too_small',
      '/actions/2/dueDate invalid_format',
    ]);
    expect(found.every((e) => e.message.length > 0)).toBe(true);
    const many = { outcome: 'proposed', actions: Array.from({ length: 31 }, () => actions[0]) };
    expect(errors('capacity-plan', many).map((e) => `${e.pointer} ${e.code}`)).toContain('/actions too_big');
  });

  it('a plan’s domains are its instrument’s; its dates not before the assessment nor more than 18 months away', () => {
    const check = step('capacity-plan').checkInContext!;
    const plan = exampleOf('capacity-plan');
    const actions = plan.actions as Record<string, unknown>[];
    actions[0]!.dueDate = '2026-11-01';
    actions[1]!.dueDate = '2029-01-01';
    actions[2]!.domain = 'partnerships';
    const issues = check(plan, { instrumentVersion: 2, assessmentDate: '2026-11-20' }, new Date('2026-12-05T00:00:00Z'));
    expect(issues.map((i) => [i.path.join('/'), i.code])).toEqual([
      ['actions/2/domain', 'domain_not_in_instrument'],
      ['actions/0/dueDate', 'due_before_assessment'],
      ['actions/1/dueDate', 'due_too_late'],
    ]);
    for (const issue of issues) expect(issue.message.ar).toMatch(ARABIC);
    expect(issues[2]!.message.en).toContain('2028-06-05');
    // On instrument 1, its five domains.
    const v1 = exampleOf('capacity-plan');
    (v1.actions as Record<string, unknown>[]).forEach((a) => (a.domain = 'partnerships'));
    expect(check(v1, { instrumentVersion: 1, assessmentDate: '2026-02-25' }, new Date('2026-12-05T00:00:00Z'))).toEqual([]);
  });

  it('an activity is dated between the plan’s approval and today, on a domain of the instrument; another topic needs a title', () => {
    const check = step('capacity-activity').checkInContext!;
    const decision = {
      outcome: 'recorded',
      activities: [
        { kind: 'training', domain: 'governance', topic: 'governance', date: '2026-11-30', hours: 3, participants: 2 },
        { kind: 'coaching', domain: 'governance', topic: 'other', date: '2027-06-11', hours: 1.5, participants: 1 },
        { kind: 'coaching', domain: 'projectManagement', topic: 'fundraising', date: '2027-01-11', hours: 1, participants: 1 },
      ],
    };
    expect(errors('capacity-activity', decision)).toEqual([]);
    const issues = check(decision, { instrumentVersion: 2, approvedOn: '2026-12-01' }, NOW);
    expect(issues.map((i) => [i.path.join('/'), i.code])).toEqual([
      ['activities/2/domain', 'domain_not_in_instrument'],
      ['activities/0/date', 'before_plan_approval'],
      ['activities/1/description', 'details_required'],
      ['activities/1/date', 'date_in_future'],
    ]);
    expect(issues.find((i) => i.code === 'date_in_future')!.message.fr).toContain('2027-06-10');
    expect(check({ outcome: 'none' }, {}, NOW)).toEqual([]);
    expect(
      errors('capacity-activity', {
        outcome: 'recorded',
        activities: [{ kind: 'lecture', domain: 'governance', topic: 'governance', date: '2027-01-01', hours: 0.3, participants: 0 }],
      }).map((e) => `${e.pointer} ${e.code}`),
    ).toEqual(['/activities/0/kind invalid_value', '/activities/0/hours not_multiple_of', '/activities/0/participants too_small']);
  });

  it('a reassessment’s scores follow the instrument it names; another instrument than the first assessment’s is refused, localized', () => {
    const reassessment = exampleOf('capacity-reassessment');
    (reassessment.scores as Record<string, Record<string, number>>).governance!.board = 9;
    expect(errors('capacity-reassessment', reassessment).map((e) => `${e.pointer} ${e.code}`)).toEqual([
      '/scores/governance/board too_big',
    ]);
    const onInstrument1 = {
      outcome: 'reassessed',
      instrumentVersion: 1,
      assessmentDate: '2027-06-01',
      scores: { governance: 4, financialManagement: 3, projectManagement: 3, monitoringEvaluation: 3, partnerships: 5 },
    };
    expect(errors('capacity-reassessment', onInstrument1)).toEqual([]);
    expect(errors('capacity-reassessment', { ...onInstrument1, instrumentVersion: 3 }).map((e) => e.pointer)).toEqual([
      '/instrumentVersion',
    ]);
    // Instrument 1's scores named as instrument 2's: each domain is wrong, each one said.
    expect(errors('capacity-reassessment', { ...onInstrument1, instrumentVersion: 2 }).map((e) => e.pointer)).toContain(
      '/scores/governance',
    );
    const check = step('capacity-reassessment').checkInContext!;
    const issues = check(onInstrument1, { instrumentVersion: 2, approvedOn: '2026-12-01' }, NOW);
    expect(issues.map((i) => [i.path.join('/'), i.code])).toEqual([['instrumentVersion', 'instrument_mismatch']]);
    expect(issues[0]!.message.en).toContain('must use the same instrument');
    expect(issues[0]!.message.fr).toContain('même instrument');
    expect(issues[0]!.message.ar).toMatch(ARABIC);
    expect(check(onInstrument1, { instrumentVersion: 1, approvedOn: '2027-06-02' }, NOW).map((i) => i.code)).toEqual([
      'before_plan_approval',
    ]);
    expect(check({ ...onInstrument1, assessmentDate: '2027-07-01' }, { instrumentVersion: 1 }, NOW).map((i) => i.code)).toEqual([
      'date_in_future',
    ]);
  });

  it('every field of every capacity decision is labelled in three languages: a 422 names the field in fr, ar and en', () => {
    for (const s of capacitySteps) {
      const fields = fieldsOf(s.decision);
      expect(Object.keys(fields).length, s.step).toBeGreaterThan(0);
      for (const info of Object.values(fields)) for (const language of LANGUAGES) expect(info.label[language]).not.toBe('');
    }
    expect(Object.keys(fieldsOf(step('capacity-plan').decision))).toEqual(
      expect.arrayContaining([
        '/actions',
        '/actions/*/domain',
        '/actions/*/description',
        '/actions/*/owner',
        '/actions/*/dueDate',
        '/notes',
      ]),
    );
    expect(Object.keys(fieldsOf(step('capacity-activity').decision))).toEqual(
      expect.arrayContaining([
        '/activities/*/kind',
        '/activities/*/topic',
        '/activities/*/date',
        '/activities/*/hours',
        '/activities/*/participants',
      ]),
    );
    expect(Object.keys(fieldsOf(step('capacity-plan-approval').decision))).toEqual(
      expect.arrayContaining(['/reassessmentAfterMonths', '/reason']),
    );
    expect(Object.keys(fieldsOf(step('capacity-reassessment').decision))).toEqual(
      expect.arrayContaining(['/instrumentVersion', '/assessmentDate', '/scores']),
    );
    // As a completion localizes them with the step's labels.
    const plan = exampleOf('capacity-plan');
    (plan.actions as Record<string, unknown>[])[1]!.owner = '';
    const fields = fieldsOf(step('capacity-plan').decision);
    const labelFor = (pointer: string) => fields[pointer]?.label;
    const parsed = step('capacity-plan').decision.safeParse(plan);
    const message = (language: Language) => localizeIssues(parsed.error!.issues, language, labelFor)[0]!.message;
    expect(message('fr')).toContain('Responsable (fonction)');
    expect(message('ar')).toContain('المسؤول (المهمة)');
    expect(message('en')).toContain('Owner (position)');
  });

  it('a domain outside the instrument is named as the instrument names its domains, in fr, ar and en (no codes)', () => {
    const check = step('capacity-plan').checkInContext!;
    const plan = exampleOf('capacity-plan');
    (plan.actions as Record<string, unknown>[]).forEach((a) => (a.domain = 'partnerships'));
    (plan.actions as Record<string, unknown>[])[0]!.domain = 'sustainability';
    const [issue, ...rest] = check(plan, { instrumentVersion: 1, assessmentDate: '2026-02-25' }, new Date('2026-12-05T09:00:00Z'));
    expect(rest).toEqual([]);
    expect(issue!.code).toBe('domain_not_in_instrument');
    expect(issue!.message.fr).toContain('« Pérennité (mobilisation de ressources, relations extérieures, plaidoyer) »');
    expect(issue!.message.fr).toContain('Gouvernance, Gestion financière, Gestion de projet, Suivi et évaluation, Partenariats');
    expect(issue!.message.ar).toContain('الحكامة، التدبير المالي، تدبير المشاريع، التتبع والتقييم، الشراكات');
    expect(issue!.message.ar).toContain('الاستدامة');
    expect(issue!.message.en).toContain('Governance, Financial management, Project management, Monitoring and evaluation, Partnerships');
    // No domain code in any language.
    for (const language of LANGUAGES) expect(issue!.message[language]).not.toMatch(/[a-z][A-Z]|«\s*sustainability|"sustainability"/);
    for (const language of ['fr', 'ar'] as const) expect(issue!.message[language]).not.toMatch(/sustainability|governance|partnerships/);
  });

  it('months are added on the calendar: the 31st of a shorter month is its last day (leap years too)', () => {
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2028-02-29', 12)).toBe('2029-02-28');
    expect(addMonths('2028-02-29', 1)).toBe('2028-03-29');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-08-31', 18)).toBe('2028-02-29');
    expect(addMonths('2026-12-15', 18)).toBe('2028-06-15');
    // A plan drafted on 31 August 2026 may run to 29 February 2028, not into March.
    const check = step('capacity-plan').checkInContext!;
    const plan = exampleOf('capacity-plan');
    (plan.actions as Record<string, unknown>[])[2]!.dueDate = '2028-03-01';
    (plan.actions as Record<string, unknown>[])[1]!.dueDate = '2028-02-29';
    const issues = check(plan, { instrumentVersion: 2, assessmentDate: '2026-08-20' }, new Date('2026-08-31T10:00:00Z'));
    expect(issues.map((i) => [i.path.join('/'), i.code])).toEqual([['actions/2/dueDate', 'due_too_late']]);
    expect(issues[0]!.message.en).toContain('2028-02-29 at the latest');
  });

  it('“today” is the day in Morocco: at 23:30 UTC it is already tomorrow there', () => {
    // 5 December 2026, 23:30 UTC: 6 December 00:30 in Morocco (UTC+1).
    const lateEvening = new Date('2026-12-05T23:30:00.000Z');
    const activities = step('capacity-activity').checkInContext!;
    const recorded = {
      outcome: 'recorded',
      activities: [{ kind: 'training', domain: 'governance', topic: 'governance', date: '2026-12-06', hours: 3, participants: 2 }],
    };
    expect(activities(recorded, { instrumentVersion: 2, approvedOn: '2026-12-01' }, lateEvening)).toEqual([]);
    const dayAfter = { ...recorded, activities: [{ ...recorded.activities[0]!, date: '2026-12-07' }] };
    const [future] = activities(dayAfter, { instrumentVersion: 2, approvedOn: '2026-12-01' }, lateEvening);
    expect(future!.code).toBe('date_in_future');
    expect(future!.message.en).toContain('today is 2026-12-06');
    const reassessment = step('capacity-reassessment').checkInContext!;
    const reassessed = { ...exampleOf('capacity-reassessment'), assessmentDate: '2026-12-06' };
    expect(reassessment(reassessed, { instrumentVersion: 2, approvedOn: '2026-06-01' }, lateEvening)).toEqual([]);
    // The plan's 18 months count from Morocco's day too: 6 December 2026 + 18 months.
    const plan = exampleOf('capacity-plan');
    (plan.actions as Record<string, unknown>[])[0]!.dueDate = '2028-06-06';
    expect(step('capacity-plan').checkInContext!(plan, { instrumentVersion: 2, assessmentDate: '2026-11-20' }, lateEvening)).toEqual([]);
  });

  it('the plan’s actions, owners and titles never reach the workflow', () => {
    const plan = withoutFreeText(exampleOf('capacity-plan'));
    expect(JSON.stringify(plan)).not.toMatch(/Trésorier|manuel/);
    expect(plan.actions).toEqual([
      { domain: 'financialManagement', dueDate: '2027-03-31' },
      { domain: 'performanceManagement', dueDate: '2027-05-31' },
      { domain: 'sustainability', dueDate: '2027-06-30' },
    ]);
    expect(JSON.stringify(withoutFreeText(exampleOf('capacity-activity', 'recorded')))).not.toContain('Indicateurs');
  });
});

// --- case actions ----------------------------------------------------------------------------------

const caseId = '40000000-0000-4000-a000-000000000001';
const createdAt = '2026-12-01T08:00:00.000Z';

const capacityCase = (version: 2 | 3): CaseRecord => ({
  caseId,
  reference: 'CAP-2026-000001',
  programme: 'youth-employability',
  caseType: 'association-capacity',
  formId: FORM,
  formVersion: version,
  stage: 'submitted',
  status: 'open',
  partnerId: 'asso-tadamoun-oujda',
  facts: splitSubmission(form(version), example(version)).facts,
  createdAt,
  updatedAt: createdAt,
  version: 1,
});
const task = (
  taskId: string,
  step: string,
  decision: Record<string, unknown>,
  completedByKind: TaskRecord['completedByKind'] = 'partner',
): TaskRecord => ({
  taskId,
  caseId,
  reference: 'CAP-2026-000001',
  programme: 'youth-employability',
  step,
  phase: 'capacity',
  roles: ['caseworker', 'partner'],
  status: 'completed',
  forbiddenActors: [],
  context: {},
  decision,
  completedByKind,
  dueAt: createdAt,
  createdAt,
  updatedAt: createdAt,
  version: 3,
});
const deps = (store: MemoryCaseStore) => ({ store, now: () => NOW });

describe('the capacity case actions', () => {
  it('the context is the case’s instrument and assessment date (instrument 1 for the older forms)', async () => {
    expect(await capacityContext({ caseId }, deps(new MemoryCaseStore(capacityCase(3))))).toEqual({
      instrumentVersion: 2,
      assessmentDate: '2026-11-20',
    });
    expect(await capacityContext({ caseId }, deps(new MemoryCaseStore(capacityCase(2))))).toEqual({
      instrumentVersion: 1,
      assessmentDate: '2026-02-25',
    });
  });

  it('monthly checkpoints follow the calendar from the approval (the 31st of a short month is its last day)', () => {
    expect(activityCheckpoints(new Date('2027-01-31T10:00:00.000Z'), 3)).toEqual([
      '2027-02-28T10:00:00.000Z',
      '2027-03-31T10:00:00.000Z',
      '2027-04-30T10:00:00.000Z',
    ]);
  });

  it('the approved plan is recorded once, codes and counts only, with its reassessment date', async () => {
    const store = new MemoryCaseStore(capacityCase(3), [task('plan-1', 'capacity-plan', exampleOf('capacity-plan'))]);
    const input = {
      caseId,
      planTaskId: 'plan-1',
      approvedAt: '2026-12-10T09:00:00.000Z',
      approvedBy: 'supervisor-1',
      reassessmentAfterMonths: 6,
    };
    const answer = await recordCapacityPlan(input, deps(store));
    expect(answer).toEqual({
      approvedOn: '2026-12-10',
      instrumentVersion: 2,
      checkpoints: activityCheckpoints(new Date(input.approvedAt), 6),
    });
    await recordCapacityPlan(input, deps(store));
    expect(store.record.facts.capacityPlan).toEqual({
      planTaskId: 'plan-1',
      actionCount: 3,
      domains: ['financialManagement', 'performanceManagement', 'sustainability'],
      approvedOn: '2026-12-10',
      reassessmentAfterMonths: 6,
      reassessmentDueOn: '2027-06-10',
    });
    expect(store.events.map((e) => [e.type, e.actor])).toEqual([['capacity.plan-approved', { kind: 'staff', id: 'supervisor-1' }]]);
    expect(JSON.stringify(store.events)).not.toMatch(/Trésorier|manuel/);
  });

  it('each month’s activities add up once (a retry counts nothing twice)', async () => {
    const store = new MemoryCaseStore(capacityCase(3), [
      task('month-1', 'capacity-activity', exampleOf('capacity-activity', 'recorded')),
      task('month-2', 'capacity-activity', {
        outcome: 'recorded',
        activities: [{ kind: 'training', domain: 'governance', topic: 'governance', date: '2027-01-15', hours: 4, participants: 5 }],
      }),
    ]);
    await recordCapacityActivities({ caseId, taskId: 'month-1', completedBy: 'partner-user-1' }, deps(store));
    await recordCapacityActivities({ caseId, taskId: 'month-1', completedBy: 'partner-user-1' }, deps(store));
    await recordCapacityActivities({ caseId, taskId: 'month-2', completedBy: 'partner-user-1' }, deps(store));
    expect(store.record.facts.capacityActivities).toEqual({
      taskIds: ['month-1', 'month-2'],
      trainings: 2,
      coachingSessions: 1,
      hours: 12,
      participants: 10,
      hoursByDomain: { financialManagement: 6, performanceManagement: 2, governance: 4 },
    });
    expect(store.events.map((e) => e.type)).toEqual(['capacity.activities-recorded', 'capacity.activities-recorded']);
    // The association's own staff recorded them: named partners in the history, not staff.
    expect(store.events.map((e) => e.actor)).toEqual([
      { kind: 'partner', id: 'partner-user-1' },
      { kind: 'partner', id: 'partner-user-1' },
    ]);
    expect(JSON.stringify(store.events)).not.toContain('Indicateurs');
  });

  it('the reassessment is set beside the baseline per domain, with the overall change', async () => {
    const store = new MemoryCaseStore(capacityCase(3), [task('re-1', 'capacity-reassessment', exampleOf('capacity-reassessment'))]);
    const { comparison } = await recordCapacityReassessment({ caseId, taskId: 're-1', completedBy: 'partner-user-1' }, deps(store));
    expect(comparison).toEqual([
      { domain: 'governance', baseline: 2.8, reassessment: 3.3, change: 0.5 },
      { domain: 'financialManagement', baseline: 1.5, reassessment: 2.5, change: 1 },
      { domain: 'administrationProcurement', baseline: 1.7, reassessment: 2.3, change: 0.6 },
      { domain: 'humanResources', baseline: 1.8, reassessment: 2.5, change: 0.7 },
      { domain: 'programmeManagement', baseline: 2.7, reassessment: 3, change: 0.3 },
      { domain: 'performanceManagement', baseline: 1.5, reassessment: 2.5, change: 1 },
      { domain: 'sustainability', baseline: 2, reassessment: 2.3, change: 0.3 },
    ]);
    expect(store.record.facts).toMatchObject({
      capacityComparison: comparison,
      capacityReassessment: { taskId: 're-1', instrumentVersion: 2, assessmentDate: '2027-06-05', overallScore: 2.6 },
      capacityOverallChange: { baseline: 2, reassessment: 2.6, change: 0.6 },
    });
    await recordCapacityReassessment({ caseId, taskId: 're-1' }, deps(store));
    expect(store.events.map((e) => e.type)).toEqual(['capacity.reassessed']);
    expect(store.events[0]!.actor).toEqual({ kind: 'partner', id: 'partner-user-1' });
  });

  it('who completed a task is named as its item records them: mission staff as staff, an older item without the kind as staff', async () => {
    const store = new MemoryCaseStore(capacityCase(3), [
      task('month-1', 'capacity-activity', exampleOf('capacity-activity', 'recorded'), 'staff'),
      { ...task('month-2', 'capacity-activity', exampleOf('capacity-activity', 'recorded')), completedByKind: undefined },
    ]);
    await recordCapacityActivities({ caseId, taskId: 'month-1', completedBy: 'caseworker-1' }, deps(store));
    await recordCapacityActivities({ caseId, taskId: 'month-2', completedBy: 'caseworker-2' }, deps(store));
    await recordCapacityActivities({ caseId, taskId: 'month-2', completedBy: undefined }, deps(store));
    expect(store.events.map((e) => e.actor)).toEqual([
      { kind: 'staff', id: 'caseworker-1' },
      { kind: 'staff', id: 'caseworker-2' },
    ]);
  });

  it('an instrument 1 case is compared on instrument 1, and never with another instrument', async () => {
    const onInstrument1 = {
      outcome: 'reassessed',
      instrumentVersion: 1,
      assessmentDate: '2027-06-01',
      scores: { governance: 4, financialManagement: 3, projectManagement: 3, monitoringEvaluation: 3, partnerships: 4 },
    };
    const store = new MemoryCaseStore(capacityCase(2), [task('re-1', 'capacity-reassessment', onInstrument1)]);
    const { comparison } = await recordCapacityReassessment({ caseId, taskId: 're-1' }, deps(store));
    expect(comparison.map((c) => [c.domain, c.change])).toEqual([
      ['governance', 1],
      ['financialManagement', 1],
      ['projectManagement', 0],
      ['monitoringEvaluation', 1],
      ['partnerships', 0],
    ]);
    const other = new MemoryCaseStore(capacityCase(2), [task('re-2', 'capacity-reassessment', exampleOf('capacity-reassessment'))]);
    // A defect the step's 422 prevents: a typed error the workflow catches by name (never retried).
    const refused = recordCapacityReassessment({ caseId, taskId: 're-2' }, deps(other));
    await expect(refused).rejects.toBeInstanceOf(ReassessmentOnAnotherInstrument);
    await expect(refused).rejects.toMatchObject({ name: 'Capacity.InstrumentMismatch', expected: 1, given: 2 });
    expect(other.events).toEqual([]);
  });
});

// The youth case actions on an in-memory store: facts and history hold codes and dates only (never
// notes or an evidence's reference), retries change nothing, and a job counts as kept at 90 days
// when held since at least 90 days before the follow-up.
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../../domain/cases/model.ts';
import type { TaskRecord } from '../../../domain/tasks/model.ts';
import {
  jobKeptAt90Days,
  recordYouthExit,
  recordYouthFollowUp,
  recordYouthMilestone,
  recordYouthOrientation,
  recordYouthProgressNotRecorded,
  youthContext,
  type YouthFacts,
} from '../../../domain/youth-employability/youth-case-actions.ts';
import { MemoryCaseStore } from '../../support/memory-case-store.ts';

const caseId = '40000000-0000-4000-a000-000000000001';
const createdAt = '2026-11-20T08:00:00.000Z';
let now = new Date('2026-12-02T10:00:00.000Z');

const youthCase = (): CaseRecord => ({
  caseId,
  reference: 'YOUTH-2026-000001',
  programme: 'youth-employability',
  caseType: 'youth-enrolment',
  formId: 'youth-enrolment',
  formVersion: 2,
  stage: 'track',
  status: 'open',
  partnerId: 'asso-jeunesse-avenir-sale',
  facts: { enrolmentDate: '2026-11-20', track: 'professional-insertion', sex: 'female' },
  createdAt,
  updatedAt: createdAt,
  version: 1,
});
const task = (taskId: string, step: string, decision: Record<string, unknown>): TaskRecord => ({
  taskId,
  caseId,
  reference: 'YOUTH-2026-000001',
  programme: 'youth-employability',
  step,
  phase: 'youth',
  roles: ['partner', 'caseworker', 'supervisor'],
  status: 'completed',
  forbiddenActors: [],
  context: {},
  decision,
  dueAt: createdAt,
  createdAt,
  updatedAt: createdAt,
  version: 2,
});
const evidence = { kind: 'assessment-sheet', details: 'Fiche remplie avec Mme Alaoui' };
const scores = (n: number) => ({ communication: n, teamwork: n, 'problem-solving': n, 'self-confidence': n, reliability: n });
const deps = (store: MemoryCaseStore) => ({ store, now: () => now });
const youth = (store: MemoryCaseStore) => store.record.facts.youth as YouthFacts;

describe('youth case actions', () => {
  it('the track chosen and its activities, a milestone’s codes, the soft-skills change, the exit: codes and dates only, once each', async () => {
    const store = new MemoryCaseStore(youthCase(), [
      task('t-orientation', 'youth-orientation', {
        outcome: 'oriented',
        track: 'professional-insertion',
        plan: [
          { activity: 'vocational-training', plannedStart: '2026-12-01' },
          { activity: 'internship', plannedStart: '2027-02-01' },
        ],
        notes: 'Father works in Kenitra',
      }),
      task('t-before', 'youth-track-progress', {
        outcome: 'milestone',
        milestone: { type: 'soft-skills-assessment', date: '2026-11-21', moment: 'before', scores: scores(2), evidence },
      }),
      task('t-job', 'youth-track-progress', {
        outcome: 'milestone',
        milestone: {
          type: 'job-found',
          date: '2026-11-30',
          sector: 'trade',
          employment: 'wage-employment',
          contract: 'fixed-term',
          evidence: { kind: 'contract', details: 'CDD n° 7781' },
        },
      }),
      task('t-after', 'youth-track-progress', {
        outcome: 'milestone',
        milestone: {
          type: 'soft-skills-assessment',
          date: '2026-12-01',
          moment: 'after',
          scores: { ...scores(3), reliability: 4 },
          evidence,
        },
      }),
      task('t-exit', 'youth-track-progress', { outcome: 'exit', exit: { outcome: 'completed', date: '2026-12-01' } }),
    ]);
    expect(await youthContext({ caseId }, deps(store))).toEqual({ enrolmentDate: '2026-11-20', softSkillsBeforeOn: null });
    await recordYouthOrientation({ caseId, taskId: 't-orientation', completedBy: 'partner-1' }, deps(store));
    await recordYouthOrientation({ caseId, taskId: 't-orientation', completedBy: 'partner-1' }, deps(store));
    await recordYouthMilestone({ caseId, taskId: 't-before' }, deps(store));
    expect(await youthContext({ caseId }, deps(store))).toEqual({ enrolmentDate: '2026-11-20', softSkillsBeforeOn: '2026-11-21' });
    await recordYouthMilestone({ caseId, taskId: 't-job', completedBy: 'partner-1' }, deps(store));
    await recordYouthMilestone({ caseId, taskId: 't-job', completedBy: 'partner-1' }, deps(store));
    await recordYouthMilestone({ caseId, taskId: 't-after' }, deps(store));
    await recordYouthExit({ caseId, taskId: 't-exit' }, deps(store));
    await recordYouthExit({ caseId, taskId: 't-exit' }, deps(store));
    expect(youth(store)).toEqual({
      orientation: {
        outcome: 'oriented',
        track: 'professional-insertion',
        activities: ['vocational-training', 'internship'],
        on: '2026-12-02',
      },
      milestones: [
        {
          taskId: 't-before',
          type: 'soft-skills-assessment',
          date: '2026-11-21',
          evidenceKind: 'assessment-sheet',
          moment: 'before',
          softSkillsMean: 2,
        },
        {
          taskId: 't-job',
          type: 'job-found',
          date: '2026-11-30',
          evidenceKind: 'contract',
          sector: 'trade',
          employment: 'wage-employment',
          contract: 'fixed-term',
        },
        {
          taskId: 't-after',
          type: 'soft-skills-assessment',
          date: '2026-12-01',
          evidenceKind: 'assessment-sheet',
          moment: 'after',
          softSkillsMean: 3.2,
        },
      ],
      softSkillsBeforeOn: '2026-11-21',
      softSkillsChange: 1.2,
      exit: { outcome: 'completed', date: '2026-12-01' },
    });
    expect(store.events.map((e) => e.type)).toEqual([
      'youth.orientation-recorded',
      'youth.milestone-recorded',
      'youth.milestone-recorded',
      'youth.milestone-recorded',
      'youth.exit-recorded',
    ]);
    expect(store.events[0]!.actor).toEqual({ kind: 'staff', id: 'partner-1' });
    expect(store.events[3]!.details).toMatchObject({ moment: 'after', softSkillsChange: 1.2 });
    const written = JSON.stringify([store.record, store.events]);
    for (const text of ['Kenitra', 'Alaoui', '7781']) expect(written).not.toContain(text);
  });

  it('not continuing after orientation: the reason code', async () => {
    const store = new MemoryCaseStore(youthCase(), [
      task('t-o', 'youth-orientation', { outcome: 'not-continuing', reasonCode: 'moved-away', notes: 'Gone to Agadir' }),
    ]);
    await recordYouthOrientation({ caseId, taskId: 't-o' }, deps(store));
    expect(youth(store).orientation).toEqual({ outcome: 'not-continuing', reasonCode: 'moved-away', on: '2026-12-02' });
    expect(JSON.stringify(store.events)).not.toContain('Agadir');
  });

  it('a task of another case is not read', async () => {
    const store = new MemoryCaseStore(youthCase(), [
      { ...task('t-x', 'youth-orientation', { outcome: 'oriented', track: 'community', plan: [] }), caseId: 'other' },
    ]);
    await expect(recordYouthOrientation({ caseId, taskId: 't-x' }, deps(store))).rejects.toThrow();
  });

  it('a month with nothing recorded is counted once: a retried action for the same round counts nothing', async () => {
    const store = new MemoryCaseStore(youthCase());
    const execution = `${caseId}-youth`;
    await recordYouthProgressNotRecorded({ caseId, round: `${execution}#0` }, deps(store));
    await recordYouthProgressNotRecorded({ caseId, round: `${execution}#0` }, deps(store));
    await recordYouthProgressNotRecorded({ caseId, round: `${execution}#1` }, deps(store));
    // The same round number in a continuation is another round.
    await recordYouthProgressNotRecorded({ caseId, round: `${caseId}-track-1#1` }, deps(store));
    expect(youth(store).progressNotRecorded).toBe(3);
    expect(store.events.map((e) => [e.type, e.actor, e.details])).toEqual([
      ['youth.progress-not-recorded', { kind: 'system', id: 'workflow' }, {}],
      ['youth.progress-not-recorded', { kind: 'system', id: 'workflow' }, {}],
      ['youth.progress-not-recorded', { kind: 'system', id: 'workflow' }, {}],
    ]);
  });

  it('who completed a task is named as the task item records them: a partner association’s user as partner, mission staff as staff', async () => {
    const store = new MemoryCaseStore(youthCase(), [
      {
        ...task('t-o', 'youth-orientation', {
          outcome: 'oriented',
          track: 'community',
          plan: [{ activity: 'volunteering', plannedStart: '2026-12-01' }],
        }),
        completedBy: 'partner-user-1',
        completedByKind: 'partner',
      },
      {
        ...task('t-m', 'youth-track-progress', {
          outcome: 'milestone',
          milestone: { type: 'training-started', date: '2026-11-25', evidence },
        }),
        completedBy: 'caseworker-1',
        completedByKind: 'staff',
      },
      {
        ...task('t-e', 'youth-track-progress', { outcome: 'exit', exit: { outcome: 'completed', date: '2026-12-01' } }),
        completedBy: 'partner-user-2',
        completedByKind: 'partner',
      },
      {
        ...task('t-f', 'youth-follow-up', { outcome: 'unreachable' }),
        completedBy: 'partner-user-2',
        completedByKind: 'partner',
      },
      // Completed before the task item recorded the kind: staff, as before.
      {
        ...task('t-old', 'youth-track-progress', {
          outcome: 'milestone',
          milestone: { type: 'training-completed', date: '2026-11-30', evidence },
        }),
        completedBy: 'amina',
      },
    ]);
    await recordYouthOrientation({ caseId, taskId: 't-o', completedBy: 'partner-user-1' }, deps(store));
    await recordYouthMilestone({ caseId, taskId: 't-m', completedBy: 'caseworker-1' }, deps(store));
    await recordYouthMilestone({ caseId, taskId: 't-old', completedBy: 'amina' }, deps(store));
    await recordYouthExit({ caseId, taskId: 't-e', completedBy: 'partner-user-2' }, deps(store));
    await recordYouthFollowUp(
      { caseId, followUp: 'follow-up-3', outcome: 'recorded', taskId: 't-f', completedBy: 'partner-user-2' },
      deps(store),
    );
    expect(store.events.map((e) => [e.type, e.actor])).toEqual([
      ['youth.orientation-recorded', { kind: 'partner', id: 'partner-user-1' }],
      ['youth.milestone-recorded', { kind: 'staff', id: 'caseworker-1' }],
      ['youth.milestone-recorded', { kind: 'staff', id: 'amina' }],
      ['youth.exit-recorded', { kind: 'partner', id: 'partner-user-2' }],
      ['youth.follow-up-recorded', { kind: 'partner', id: 'partner-user-2' }],
    ]);
  });

  it('the day recorded is the day in Morocco: at 23:30 UTC it is already the next day there', async () => {
    const store = new MemoryCaseStore(youthCase(), [
      task('t-o', 'youth-orientation', { outcome: 'not-continuing', reasonCode: 'moved-away' }),
    ]);
    const saved = now;
    now = new Date('2026-12-02T23:30:00.000Z');
    try {
      await recordYouthOrientation({ caseId, taskId: 't-o' }, deps(store));
    } finally {
      now = saved;
    }
    expect(youth(store).orientation?.on).toBe('2026-12-03');
  });

  it('a job held since before the enrolment is recorded as given, but not counted as kept at 90 days', async () => {
    const store = new MemoryCaseStore(youthCase(), [
      task('t-3', 'youth-follow-up', {
        outcome: 'reached',
        situation: { status: 'employed', since: '1990-01-01', employment: 'self-employment', sector: 'crafts' },
      }),
    ]);
    const saved = now;
    now = new Date('2027-06-01T10:00:00.000Z');
    try {
      expect(await recordYouthFollowUp({ caseId, followUp: 'follow-up-3', outcome: 'recorded', taskId: 't-3' }, deps(store))).toEqual({
        jobKeptAt90Days: false,
      });
    } finally {
      now = saved;
    }
    expect(youth(store).followUps?.['follow-up-3']).toMatchObject({ status: 'employed', since: '1990-01-01', jobKeptAt90Days: false });
    expect(youth(store).jobKeptAt90Days).toBe(false);
  });

  it.each([
    [{ status: 'employed', since: '2026-09-03' }, '2026-12-02', true],
    [{ status: 'employed', since: '2026-09-04' }, '2026-12-02', false],
    [{ status: 'employed', since: '2026-12-01' }, '2026-12-02', false],
    [{ status: 'studying', since: '2026-01-01' }, '2026-12-02', false],
    [{ status: 'neither' }, '2026-12-02', false],
  ])('job kept at 90 days: %o at a follow-up on %s ⇒ %s', (situation, on, kept) => {
    expect(jobKeptAt90Days(situation, on)).toBe(kept);
    expect(jobKeptAt90Days(situation, on, '2026-01-01')).toBe(kept);
  });

  it.each([
    ['1990-01-01', false],
    ['2026-08-31', false],
    ['2026-09-01', true],
    ['2026-09-03', true],
  ])('job kept at 90 days counts only work held since the enrolment (2026-09-01): since %s ⇒ %s', (since, kept) => {
    expect(jobKeptAt90Days({ status: 'employed', since }, '2026-12-02', '2026-09-01')).toBe(kept);
  });

  it('each follow-up: the situation’s codes and dates with whether the job was kept; missed ones; the case’s flag stays once set', async () => {
    const store = new MemoryCaseStore(youthCase(), [
      task('t-3', 'youth-follow-up', {
        outcome: 'reached',
        situation: { status: 'employed', since: '2027-01-15', employment: 'wage-employment', sector: 'trade' },
        notes: 'Works at the Bab Fès market',
      }),
      task('t-6', 'youth-follow-up', {
        outcome: 'reached',
        situation: { status: 'employed', since: '2027-01-15', employment: 'wage-employment', sector: 'trade' },
      }),
    ]);
    now = new Date('2027-03-02T10:00:00.000Z');
    expect(
      await recordYouthFollowUp(
        { caseId, followUp: 'follow-up-3', outcome: 'recorded', taskId: 't-3', completedBy: 'partner-1' },
        deps(store),
      ),
    ).toEqual({ jobKeptAt90Days: false });
    now = new Date('2027-06-01T10:00:00.000Z');
    expect(await recordYouthFollowUp({ caseId, followUp: 'follow-up-6', outcome: 'recorded', taskId: 't-6' }, deps(store))).toEqual({
      jobKeptAt90Days: true,
    });
    expect(await recordYouthFollowUp({ caseId, followUp: 'follow-up-6', outcome: 'recorded', taskId: 't-6' }, deps(store))).toEqual({
      jobKeptAt90Days: true,
    });
    expect(youth(store).followUps).toEqual({
      'follow-up-3': {
        outcome: 'reached',
        recordedOn: '2027-03-02',
        status: 'employed',
        since: '2027-01-15',
        employment: 'wage-employment',
        sector: 'trade',
        jobKeptAt90Days: false,
      },
      'follow-up-6': {
        outcome: 'reached',
        recordedOn: '2027-06-01',
        status: 'employed',
        since: '2027-01-15',
        employment: 'wage-employment',
        sector: 'trade',
        jobKeptAt90Days: true,
      },
    });
    expect(youth(store).jobKeptAt90Days).toBe(true);
    expect(store.events.map((e) => e.type)).toEqual(['youth.follow-up-recorded', 'youth.follow-up-recorded']);
    expect(JSON.stringify(store.events)).not.toContain('Bab');

    const missed = new MemoryCaseStore(youthCase());
    await recordYouthFollowUp({ caseId, followUp: 'follow-up-3', outcome: 'missed' }, deps(missed));
    expect(youth(missed)).toEqual({
      followUps: { 'follow-up-3': { outcome: 'missed', recordedOn: '2027-06-01' } },
      jobKeptAt90Days: false,
    });
    expect(missed.events.map((e) => [e.type, e.actor, e.details])).toEqual([
      [
        'youth.follow-up-missed',
        { kind: 'system', id: 'workflow' },
        { followUp: 'follow-up-3', outcome: 'missed', recordedOn: '2027-06-01' },
      ],
    ]);
  });
});

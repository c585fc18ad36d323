// Use case: a caseworker refers a case to another programme (today: protection → AVRR, when the
// person decides to go home).
//
// Primary course:
//  1. Read the case: it must be open, and the target programme must accept referrals from its
//     programme (REFERRALS below: the programme declarations can absorb this table).
//  2. A referral of the same case to the same programme whose case is still open is refused (409),
//     naming that case: the request is idempotent while the first referral is alive.
//  3. The person's consent to processing is checked: without it, only a legal ground from the
//     closed list (overrideReason) lets the referral through, and it is recorded.
//  4. A new case of the target programme is built: its own reference, the facts it needs carried
//     (nationality, vulnerability, child and best-interests facts, consent flags), the person items
//     copied from the source case (never retyped: same data, same subjectId, sealed again under the
//     new case by the adapter), the link back to the source case, and the request to start its first
//     workflow phase.
//  5. One transaction stores it all with the source case's change (its link to the new case and its
//     stage), conditional on the source case's version: a concurrent change re-reads and retries.
//
// What the history says: ids and codes only, on both cases.
//
// Reactions of the source case to what happens to the new one (withdrawal, departure) are in
// `linkedReactions`, called by the case actions that close a case or record its departure, and
// written in the same transaction as that change.
import { randomUUID } from 'node:crypto';
import type { Caller } from '../access/roles.ts';
import { currentConsents } from '../consent/consents.ts';
import type { ConsentRecord, GroundWithoutConsent } from '../consent/legal-basis.ts';
import { CaseConflict, CaseNotFound } from '../errors.ts';
import type { WorkflowStartRecord } from '../intake/submit-form.ts';
import type { OutboxMessage } from '../notifications/model.ts';
import type { TaskRecord } from '../tasks/model.ts';
import { newEventId } from './event-id.ts';
import {
  executionName,
  type Actor,
  type CaseEvent,
  type CaseLink,
  type CaseRecord,
  type PersonRecord,
  type Programme,
  type WorkflowStopRecord,
} from './model.ts';
import { firstPhase, runsUntilClosed } from '../programmes/index.ts';
import { formatReference, referencePrefix } from './reference.ts';

/**
 * Which programme accepts referrals from which, the case type it opens and the stage the source
 * case moves to. One row per target programme; the programme declarations can absorb it.
 */
export const REFERRALS: Partial<Record<Programme, { accepts: Programme[]; caseType: string; sourceStage: string }>> = {
  avrr: { accepts: ['protection'], caseType: 'avrr', sourceStage: 'referred-to-avrr' },
};

/**
 * Why a case may be referred without the person's consent to processing for the new purpose (law
 * 09-08 art. 4 grounds, as a share's override): recorded on the new case's consent record and in
 * both histories.
 */
export const REFERRAL_OVERRIDE_REASONS = [
  'vital-interests',
  'legal-obligation',
  'public-interest-mission',
  'best-interests-of-child',
] as const;
export type ReferralOverrideReason = (typeof REFERRAL_OVERRIDE_REASONS)[number];

const OVERRIDE_BASIS: Record<ReferralOverrideReason, GroundWithoutConsent> = {
  'vital-interests': 'vital-interests',
  'legal-obligation': 'legal-obligation',
  'public-interest-mission': 'public-interest-mission',
  // A child's best interests are their vital interests (law 09-08 art. 4 d), as at intake.
  'best-interests-of-child': 'vital-interests',
};

/** Person roles a referral carries over: the referring organisation's contact is not the person's. */
const CARRIED_ROLES = new Set(['applicant', 'family-member', 'guardian']);

/** Refusals of a referral, each a localized 409. */
export class ReferralRefused extends Error {
  constructor(
    readonly reason: 'not-accepted' | 'case-closed' | 'no-consent' | 'already-referred',
    /** The open case of the earlier referral, for 'already-referred'. */
    readonly existing?: { caseId: string; reference: string },
  ) {
    super(`referral refused: ${reason}`);
    this.name = 'ReferralRefused';
  }
}

export interface ReferralRecords {
  source: CaseRecord;
  sourceChanges: Partial<CaseRecord>;
  sourceEvent: CaseEvent;
  target: CaseRecord;
  persons: PersonRecord[];
  /** The source persons the new ones were copied from, each with the subject they now share. */
  sourceSubjects: { personId: string; subjectId: string }[];
  targetEvent: CaseEvent;
  workflowStart: WorkflowStartRecord;
}

/** Secondary port: where a referral reads the source case and stores both. */
export interface ReferralStore {
  /** Consistent read. */
  getCase(caseId: string): Promise<CaseRecord | undefined>;
  /** With their sensitive answers opened: they are sealed again under the new case. */
  getPersons(caseId: string): Promise<PersonRecord[]>;
  nextReferenceSequence(prefix: string, year: number): Promise<number>;
  /** Atomic, conditional on the source case's version: false when it changed meanwhile. */
  saveReferral(records: ReferralRecords): Promise<boolean>;
}

export interface ReferCaseCommand {
  caseId: string;
  programme: Programme;
  overrideReason?: ReferralOverrideReason;
  actor: Caller;
}

export async function referCase(command: ReferCaseCommand, deps: { store: ReferralStore; now: () => Date }): Promise<CaseRecord> {
  const target = REFERRALS[command.programme];
  for (let attempt = 0; attempt < 5; attempt++) {
    // 1.
    const source = await deps.store.getCase(command.caseId);
    if (!source) throw new CaseNotFound(command.caseId);
    if (!target || !target.accepts.includes(source.programme)) throw new ReferralRefused('not-accepted');
    if (source.status !== 'open') throw new ReferralRefused('case-closed');

    // 2.
    for (const link of source.links ?? []) {
      if (link.relation !== 'referred-to' || link.programme !== command.programme) continue;
      const earlier = await deps.store.getCase(link.caseId);
      if (earlier?.status === 'open')
        throw new ReferralRefused('already-referred', { caseId: earlier.caseId, reference: earlier.reference });
    }

    // 3.
    const processing = currentConsents(source).find((record) => record.purpose === 'processing');
    const consented = processing?.given === true && source.facts.consentProcessing !== false;
    if (!consented && command.overrideReason === undefined) throw new ReferralRefused('no-consent');

    // 4.
    const now = deps.now();
    const sequence = await deps.store.nextReferenceSequence(referencePrefix(target.caseType), now.getUTCFullYear());
    const persons = await deps.store.getPersons(source.caseId);
    const records = buildReferral({
      source,
      programme: command.programme,
      caseType: target.caseType,
      sourceStage: target.sourceStage,
      reference: formatReference(referencePrefix(target.caseType), now.getUTCFullYear(), sequence),
      persons,
      consented,
      ...(command.overrideReason && !consented ? { overrideReason: command.overrideReason } : {}),
      actor: command.actor,
      now,
    });

    // 5.
    if (await deps.store.saveReferral(records)) return records.target;
  }
  throw new CaseConflict('concurrent-update');
}

export function buildReferral(args: {
  source: CaseRecord;
  programme: Programme;
  caseType: string;
  sourceStage: string;
  reference: string;
  persons: PersonRecord[];
  consented: boolean;
  overrideReason?: ReferralOverrideReason;
  actor: Caller;
  now: Date;
}): ReferralRecords {
  const { source, programme, caseType, reference, consented, overrideReason, actor } = args;
  const at = args.now.toISOString();
  const caseId = randomUUID();
  const phase = firstPhase(caseType);
  const basis = consented ? 'consent' : `override:${String(overrideReason)}`;
  const staff: Actor = { kind: 'staff', id: actor.sub };

  const carried = args.persons.filter((person) => person.erasedAt === undefined && CARRIED_ROLES.has(person.role));
  const sourceSubjects = carried.map((person) => ({ personId: person.personId, subjectId: person.subjectId ?? person.personId }));
  const persons: PersonRecord[] = carried.map((person) => {
    const personId = randomUUID();
    const sensitiveFields = (person.sensitiveFields ?? []).filter((key) => person.data[key] !== undefined);
    return {
      personId,
      caseId,
      role: person.role,
      data: structuredClone(person.data),
      ...(sensitiveFields.length > 0 ? { sensitiveFields } : {}),
      createdAt: at,
      // One person across programmes: the new item shares the subject of the one it is copied from.
      subjectId: person.subjectId ?? person.personId,
    };
  });

  const target: CaseRecord = {
    caseId,
    reference,
    programme,
    caseType,
    // The person's data keeps the shape of the form that collected it (corrections check it against that form).
    formId: source.formId,
    formVersion: source.formVersion,
    stage: 'submitted',
    status: 'open',
    facts: carriedFacts(source),
    createdAt: at,
    updatedAt: at,
    version: 1,
    workflow: { phase, executionName: executionName(caseId, phase) },
    consents: carriedConsents(source, consented, overrideReason, actor, at),
    ...(source.notice ? { notice: source.notice } : {}),
    links: [{ caseId: source.caseId, programme: source.programme, relation: 'referred-from' }],
  };
  const link: CaseLink = { caseId, programme, relation: 'referred-to' };
  const sourceChanges: Partial<CaseRecord> = {
    stage: args.sourceStage,
    updatedAt: at,
    links: [...(source.links ?? []), link],
  };
  const sourceEvent: CaseEvent = {
    caseId: source.caseId,
    eventId: newEventId(),
    at,
    type: 'case.referred',
    actor: staff,
    details: { toCaseId: caseId, toProgramme: programme, toReference: reference, basis, from: source.stage, to: args.sourceStage },
  };
  const targetEvent: CaseEvent = {
    caseId,
    eventId: newEventId(),
    at,
    type: 'case.referred-in',
    actor: staff,
    details: {
      reference,
      fromCaseId: source.caseId,
      fromProgramme: source.programme,
      fromReference: source.reference,
      personCount: persons.length,
      basis,
    },
  };
  const workflowStart: WorkflowStartRecord = {
    caseId,
    phase,
    executionName: executionName(caseId, phase),
    input: { caseId, reference, programme, caseType, phase },
    requestedAt: at,
  };
  return { source, sourceChanges, sourceEvent, target, persons, sourceSubjects, targetEvent, workflowStart };
}

const UNACCOMPANIED = new Set(['unaccompanied-or-separated-child', 'unaccompanied-child', 'separated-child']);
/** Protection's vulnerability categories as AVRR's indicators. */
const AVRR_INDICATOR: Record<string, string> = {
  'unaccompanied-or-separated-child': 'unaccompanied-or-separated-child',
  'unaccompanied-child': 'unaccompanied-or-separated-child',
  'separated-child': 'unaccompanied-or-separated-child',
  'victim-of-trafficking': 'victim-of-trafficking',
  elderly: 'elderly',
  medical: 'medical-condition',
  other: 'other',
};

/** The categories of the source case: its assessment's if any, else its referral's. */
function categoriesOf(source: CaseRecord): string[] {
  const assessed = source.facts.vulnerabilityCategories;
  if (Array.isArray(assessed)) return assessed.filter((c): c is string => typeof c === 'string');
  return typeof source.facts.vulnerabilityCategory === 'string' ? [source.facts.vulnerabilityCategory] : [];
}

/** Whether an unaccompanied or separated child's durable solution needs a best interests determination. */
export function childNeedsBid(facts: CaseRecord['facts']): boolean {
  if (facts.childNeedsBid === true) return true;
  const categories = Array.isArray(facts.vulnerabilityCategories)
    ? facts.vulnerabilityCategories
    : Array.isArray(facts.vulnerabilities)
      ? facts.vulnerabilities
      : [facts.vulnerabilityCategory];
  return facts.isChild === true && categories.some((c) => typeof c === 'string' && UNACCOMPANIED.has(c));
}

/** The non-personal facts the new case needs: nothing is retyped, nothing personal is copied here. */
export function carriedFacts(source: CaseRecord): CaseRecord['facts'] {
  const f = source.facts;
  const pick = (...names: string[]) => Object.fromEntries(names.filter((n) => f[n] !== undefined).map((n) => [n, f[n]]));
  const categories = categoriesOf(source);
  return {
    ...pick(
      'nationality',
      'sex',
      'ageGroup',
      'ageIsEstimated',
      'isChild',
      'hasGuardian',
      'city',
      'preferredLanguage',
      'medicalNeeds',
      'vulnerabilityCategory',
      'vulnerabilityCategories',
      'bestInterests',
      'consentProcessing',
      'consentFollowUpContact',
      'consentSharingWithPartners',
    ),
    vulnerabilities: [...new Set(categories.map((c) => AVRR_INDICATOR[c] ?? 'other'))],
    familyMemberCount: 0,
    childNeedsBid: childNeedsBid(f),
    referredFromProgramme: source.programme,
  };
}

/**
 * The new case's consent records: processing for the new purpose on the person's consent (as given
 * on the source case) or on the recorded ground; follow-up contact and sharing as the person chose.
 */
function carriedConsents(
  source: CaseRecord,
  consented: boolean,
  overrideReason: ReferralOverrideReason | undefined,
  actor: Caller,
  at: string,
): ConsentRecord[] {
  const records = currentConsents(source);
  const processing = records.find((r) => r.purpose === 'processing');
  const carried: ConsentRecord = consented
    ? {
        purpose: 'processing',
        basis: 'consent',
        given: true,
        source: 'staff',
        at,
        givenAt: processing?.givenAt ?? at,
        givenBy: processing?.givenBy ?? actor.sub,
      }
    : { purpose: 'processing', basis: OVERRIDE_BASIS[overrideReason!], given: false, source: 'staff', at };
  // A justification note is the source case's: the record here does not point to it.
  const others = records.filter((r) => r.purpose !== 'processing').map(({ justificationNoteId: _note, ...rest }) => rest as ConsentRecord);
  return [carried, ...others];
}

// --- what a linked case does when the case it was referred to ends --------------------------

/** A change of a linked case written in the same transaction as the change of the case it reacts to. */
export interface LinkedChange {
  found: CaseRecord;
  changes: Partial<CaseRecord>;
  event: CaseEvent;
  cancelTasks?: TaskRecord[];
  workflowStart?: WorkflowStartRecord;
  workflowStop?: WorkflowStopRecord;
  messages?: OutboxMessage[];
}

export interface LinkedCaseReader {
  getCase(caseId: string): Promise<CaseRecord | undefined>;
  openTasksOfCase(caseId: string): Promise<TaskRecord[]>;
}

/** The closure reason of a protection case whose person went home through AVRR. */
export const RETURNED_HOME_AVRR = 'returned-home-avrr';

/**
 * What the cases a case was referred from do when it ends:
 * - closed before departure (withdrawn, not approved, ineligible...): the source case is told (an
 *   event), goes back to follow-up (stage `follow-up`), and when its own workflow no longer runs
 *   (no open task waits on it, and its phase is not one that runs until closure) a follow-up
 *   execution of its phase `main` is requested;
 * - departed: the source case closes as `returned-home-avrr`, its open tasks cancelled and its
 *   running execution stopped (a WorkflowStop, carried out from the stream).
 * A source case already closed is left as it is.
 */
export async function linkedReactions(
  changed: CaseRecord,
  what: { kind: 'closed'; reason: string } | { kind: 'departed' },
  deps: { store: LinkedCaseReader; at: string },
): Promise<LinkedChange[]> {
  const reactions: LinkedChange[] = [];
  const system: Actor = { kind: 'system', id: 'case-link' };
  for (const link of changed.links ?? []) {
    if (link.relation !== 'referred-from') continue;
    const source = await deps.store.getCase(link.caseId);
    if (!source || source.status !== 'open') continue;
    const open = await deps.store.openTasksOfCase(source.caseId);
    const at = deps.at;
    if (what.kind === 'closed') {
      // Its workflow runs while a task waits on it, or always for a phase that runs until closure
      // (between two visits protection's waits on a timer with no task open).
      const running = open.length > 0 || (source.workflow !== undefined && runsUntilClosed(source.caseType, source.workflow.phase));
      const n = (source.followUpCount ?? 0) + 1;
      const name = `${source.caseId}-follow-up-${n}`;
      reactions.push({
        found: source,
        changes: {
          stage: 'follow-up',
          updatedAt: at,
          ...(running ? {} : { followUpCount: n, workflow: { phase: 'main', executionName: name } }),
        },
        event: {
          caseId: source.caseId,
          eventId: newEventId(),
          at,
          type: 'case.linked-case-closed',
          actor: system,
          details: {
            linkedCaseId: changed.caseId,
            linkedProgramme: changed.programme,
            reason: what.reason,
            from: source.stage,
            to: 'follow-up',
            followUp: running ? 'in-running-workflow' : name,
          },
        },
        ...(running
          ? {}
          : {
              workflowStart: {
                caseId: source.caseId,
                phase: 'main',
                executionName: name,
                input: {
                  caseId: source.caseId,
                  reference: source.reference,
                  programme: source.programme,
                  caseType: source.caseType,
                  phase: 'main',
                  entry: 'follow-up',
                },
                requestedAt: at,
              },
            }),
      });
    } else {
      reactions.push({
        found: source,
        changes: { status: 'closed', stage: 'closed', closureReason: RETURNED_HOME_AVRR, closedAt: at, updatedAt: at },
        event: {
          caseId: source.caseId,
          eventId: newEventId(),
          at,
          type: 'case.closed',
          actor: system,
          details: {
            reason: RETURNED_HOME_AVRR,
            linkedCaseId: changed.caseId,
            linkedProgramme: changed.programme,
            cancelledTasks: open.map((t) => t.taskId),
          },
        },
        cancelTasks: open,
        ...(source.workflow
          ? {
              workflowStop: {
                caseId: source.caseId,
                caseType: source.caseType,
                phase: source.workflow.phase,
                executionName: source.workflow.executionName,
                cause: RETURNED_HOME_AVRR,
                requestedAt: at,
              },
            }
          : {}),
        messages: [
          {
            messageId: randomUUID(),
            at,
            channel: 'email',
            recipient: { kind: 'role', role: 'caseworker' },
            template: 'case-closed',
            language: 'fr',
            caseId: source.caseId,
            params: { reference: source.reference, reason: RETURNED_HOME_AVRR },
          },
        ],
      });
    }
  }
  return reactions;
}

// The one mapping between each record of the domain and its item in the single table: its key
// (from keys.ts), its entity tag and its attributes. Reading an item keeps only the record's own
// attributes, so keys, index keys and tags never leak into records or API answers.
import type { AccessRecord } from '../../../domain/access/access-log.ts';
import type { ShareRecord } from '../../../domain/sharing/shares.ts';
import {
  executionName,
  type CaseEvent,
  type CaseNote,
  type CaseRecord,
  type IdempotencyRecord,
  type PartnerAccess,
  type PersonRecord,
  type SubmissionRecord,
  type WorkflowStopRecord,
} from '../../../domain/cases/model.ts';
import type { WorkflowStartRecord } from '../../../domain/intake/submit-form.ts';
import type { OutboxMessage } from '../../../domain/notifications/model.ts';
import type { TaskRecord, TaskStatus } from '../../../domain/tasks/model.ts';
import { indexKeysOfPerson, type IdentityKey } from '../../../domain/privacy/identity.ts';
import { searchKeysOfPerson } from '../../../domain/identity/search.ts';
import type { CorrectionAudit } from '../../../domain/privacy/correction.ts';
import type { MatchSuggestion } from '../../../domain/identity/matches.ts';
import type { AssociationRecord } from '../../../domain/associations/association.ts';
import type { SessionIdempotencyRecord, SessionRecord } from '../../../domain/remittances/sessions.ts';
import type { CorridorPrice } from '../../../domain/remittances/corridor-prices.ts';
import type { NeedListing } from '../../../domain/migration-development/need-case-actions.ts';
import type { ReturneeListing } from '../../../domain/migration-development/returnee-listing.ts';
import type { IndexPartition, IndexedExpert, RegisterEntry } from '../../../domain/migration-development/register.ts';
import type { AssignmentEntry } from '../../../domain/migration-development/assignment-case-actions.ts';
import type { CaseIndicatorState } from '../../../domain/indicators/contributions.ts';
import type { CtdcRow } from '../../../domain/indicators/ctdc.ts';
import { keys, type ItemKey } from './keys.ts';
import type { FieldLocation, FieldOpener, FieldSealer } from '../encryption/field-cipher.ts';

/** An item as the document client reads it. */
export type Item = Record<string, unknown>;

/** A task's entry in its case's partition. */
export interface CaseTaskLink {
  taskId: string;
  caseId: string;
  step: string;
  status: TaskStatus;
  dueAt: string;
}

/** A task's entry in a work queue: enough to list it without reading the task. */
export interface QueueEntry {
  taskId: string;
  caseId: string;
  reference: string;
  programme: string;
  step: string;
  dueAt: string;
  roles: string[];
  /** The association of a partner step: who else may see the task (never shown as such). */
  partnerId?: string;
  /** The service the step delivers: partners see it through an accepted referral of that service. */
  serviceId?: string;
  assignee?: string;
  escalatedAt?: string;
}

/** A case as a queue lists it (GSI1). */
export interface CaseSummary {
  caseId: string;
  reference: string;
  programme: string;
  caseType: string;
  stage: string;
  status: string;
  partnerId?: string;
  createdAt: string;
  updatedAt: string;
  /** In a partner association's list: the service referrals made to it, pending or accepted (ids and codes). */
  referrals?: NonNullable<PartnerAccess[string]['referrals']>;
}

/** An outbox message and, once the outbox sender has handled it, how that went. */
export type OutboxEntry = OutboxMessage & { status?: string; sentAt?: string };

/** Absent attributes stay absent (DynamoDB has no undefined). */
function defined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

// --- cases -------------------------------------------------------------------------------

export function caseItem(record: CaseRecord): Item {
  return {
    ...keys.case(record.caseId),
    ...keys.caseQueue(record.programme, record.stage, record.updatedAt, record.caseId),
    ...ownPartnerListKeys(record),
    entity: 'Case',
    ...record,
  };
}

/** A case its own partner association submitted is in that association's list (GSI2) by itself. */
export function ownPartnerListKeys(record: Pick<CaseRecord, 'caseId' | 'partnerId' | 'programme' | 'stage' | 'updatedAt'>) {
  return record.partnerId === undefined
    ? {}
    : keys.partnerCaseList(record.partnerId, record.programme, record.stage, { updatedAt: record.updatedAt }, record.caseId);
}

/**
 * A case in the list (GSI2) of a partner association it is shared with, until the access ends: a
 * copy of the case's summary, rewritten with every change of the case or of its shares.
 */
export function partnerAccessItem(record: CaseRecord, partnerId: string, grant: PartnerAccess[string]): Item {
  const { until, referrals } = grant;
  const summary: CaseSummary = {
    caseId: record.caseId,
    reference: record.reference,
    programme: record.programme,
    caseType: record.caseType,
    stage: record.stage,
    status: record.status,
    ...(record.partnerId !== undefined ? { partnerId: record.partnerId } : {}),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
  return {
    ...keys.partnerAccess(record.caseId, partnerId),
    ...keys.partnerCaseList(partnerId, record.programme, record.stage, { until }, record.caseId),
    entity: 'PartnerAccess',
    grantee: partnerId,
    until,
    ...summary,
    ...(referrals !== undefined && referrals.length > 0 ? { referrals } : {}),
  };
}

export function caseFromItem(item: Item): CaseRecord {
  return defined({
    caseId: item.caseId as string,
    reference: item.reference as string,
    programme: item.programme as CaseRecord['programme'],
    caseType: item.caseType as string,
    formId: item.formId as string,
    formVersion: item.formVersion as number,
    stage: item.stage as string,
    status: item.status as CaseRecord['status'],
    facts: item.facts as CaseRecord['facts'],
    partnerId: item.partnerId as string | undefined,
    partnerAccess: item.partnerAccess as CaseRecord['partnerAccess'],
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    version: item.version as number,
    workflow: item.workflow as CaseRecord['workflow'],
    workflowStage: item.workflowStage as string | undefined,
    closureReason: item.closureReason as string | undefined,
    closedAt: item.closedAt as string | undefined,
    departedAt: item.departedAt as string | undefined,
    departedOn: item.departedOn as string | undefined,
    arrivedOn: item.arrivedOn as string | undefined,
    checkIns: item.checkIns as CaseRecord['checkIns'],
    latestSustainabilityScore: item.latestSustainabilityScore as CaseRecord['latestSustainabilityScore'],
    consents: item.consents as CaseRecord['consents'],
    notice: item.notice as CaseRecord['notice'],
    anonymisedAt: item.anonymisedAt as string | undefined,
    links: item.links as CaseRecord['links'],
    reopenCount: item.reopenCount as number | undefined,
    followUpCount: item.followUpCount as number | undefined,
    services: item.services as CaseRecord['services'],
    attention: attentionOf(item.attention),
    attentionRetries: item.attentionRetries as number | undefined,
  });
}

export function caseSummaryFromItem(item: Item): CaseSummary {
  return defined({
    caseId: item.caseId as string,
    reference: item.reference as string,
    programme: item.programme as string,
    caseType: item.caseType as string,
    stage: item.stage as string,
    status: item.status as string,
    partnerId: item.partnerId as string | undefined,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    referrals: item.referrals as CaseSummary['referrals'],
  });
}

export function caseReferenceItem(record: CaseRecord): Item {
  return { ...keys.caseReference(record.reference), entity: 'CaseReference', caseId: record.caseId };
}

// --- what intake writes with a case --------------------------------------------------------

// A person's sensitive answers (`sensitiveFields`) are sealed in place, one ciphertext (binary)
// per field, bound to the case and the field; a submission's raw body is sealed whole. Writing
// them takes a sealer, so no code path can store them in clear; reading opens them only with an
// opener (functions granted kms:Decrypt): without one, a person comes back without them.

const personField = (person: { caseId: string; personId: string }, key: string): FieldLocation => ({
  caseId: person.caseId,
  field: `person/${person.personId}/${key}`,
});

const submissionBody = (submission: { caseId: string; submissionId: string }): FieldLocation => ({
  caseId: submission.caseId,
  field: `submission/${submission.submissionId}/rawBody`,
});

export async function personItem(person: PersonRecord, sealer: FieldSealer): Promise<Item> {
  const data = { ...person.data };
  await Promise.all(
    (person.sensitiveFields ?? [])
      .filter((key) => data[key] !== undefined)
      .map(async (key) => {
        data[key] = await sealer.seal(JSON.stringify(data[key]), personField(person, key));
      }),
  );
  return { ...keys.person(person.caseId, person.personId), entity: 'Person', ...person, data };
}

export async function personFromItem(item: Item, opener?: FieldOpener): Promise<PersonRecord> {
  const person = { caseId: item.caseId as string, personId: item.personId as string };
  const entries = await Promise.all(
    Object.entries(item.data as Record<string, unknown>).map(async ([key, value]): Promise<[string, unknown][]> => {
      if (!(value instanceof Uint8Array)) return [[key, value]];
      return opener ? [[key, JSON.parse(await opener.open(value, personField(person, key)))]] : [];
    }),
  );
  return defined({
    ...person,
    role: item.role as string,
    data: Object.fromEntries(entries.flat()),
    sensitiveFields: item.sensitiveFields as string[] | undefined,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string | undefined,
    erasedAt: item.erasedAt as string | undefined,
    subjectId: item.subjectId as string | undefined,
  });
}

/** A text sealed whole (a raw submission, a note), or empty once erased: nothing left to seal. */
function sealWhole(text: string, erasedAt: string | undefined, location: FieldLocation, sealer: FieldSealer): Promise<string | Uint8Array> {
  return erasedAt !== undefined ? Promise.resolve('') : sealer.seal(text, location);
}

/** A text sealed whole, in clear for a function that may open sealed values; else empty. */
async function openWhole(stored: unknown, location: FieldLocation, opener: FieldOpener | undefined): Promise<string> {
  if (!(stored instanceof Uint8Array)) return stored as string;
  return opener ? opener.open(stored, location) : '';
}

export async function submissionItem(submission: SubmissionRecord, sealer: FieldSealer): Promise<Item> {
  return {
    ...keys.submission(submission.caseId, submission.submissionId),
    entity: 'Submission',
    ...submission,
    rawBody: await sealWhole(submission.rawBody, submission.erasedAt, submissionBody(submission), sealer),
  };
}

/**
 * The submission with its raw body in clear for a function that may open sealed values; without an
 * opener, its raw body comes back empty (enough to erase it).
 */
export async function submissionFromItem(item: Item, opener?: FieldOpener): Promise<SubmissionRecord> {
  const submission = { caseId: item.caseId as string, submissionId: item.submissionId as string };
  return {
    ...submission,
    formId: item.formId as string,
    formVersion: item.formVersion as number,
    receivedAt: item.receivedAt as string,
    rawBody: await openWhole(item.rawBody, submissionBody(submission), opener),
    fingerprint: item.fingerprint as string,
    ...(item.notice !== undefined ? { notice: item.notice as SubmissionRecord['notice'] } : {}),
    ...(item.idempotencyKey !== undefined ? { idempotencyKey: item.idempotencyKey as string } : {}),
    ...(item.erasedAt !== undefined ? { erasedAt: item.erasedAt as string } : {}),
  };
}

// A case note is free text in someone's own words (a withdrawal reason, why a child was referred
// without consent): sealed whole, like a raw submission.
const noteText = (note: { caseId: string; noteId: string }): FieldLocation => ({
  caseId: note.caseId,
  field: `note/${note.noteId}/text`,
});

export async function caseNoteItem(note: CaseNote, sealer: FieldSealer): Promise<Item> {
  return {
    ...keys.note(note.caseId, note.noteId),
    entity: 'CaseNote',
    ...note,
    text: await sealWhole(note.text, note.erasedAt, noteText(note), sealer),
  };
}

/** The note with its text in clear for a function that may open sealed values; else with an empty text. */
export async function caseNoteFromItem(item: Item, opener?: FieldOpener): Promise<CaseNote> {
  const note = { caseId: item.caseId as string, noteId: item.noteId as string };
  return defined({
    ...note,
    kind: item.kind as CaseNote['kind'],
    text: await openWhole(item.text, noteText(note), opener),
    author: item.author as string,
    createdAt: item.createdAt as string,
    erasedAt: item.erasedAt as string | undefined,
  });
}

// --- data subjects' requests and retention (docs/data-protection.md) -------------------------

export interface IdentityEntry {
  caseId: string;
  personId: string;
  kind: IdentityKey['kind'];
}

export function identityEntryItem(key: IdentityKey, caseId: string, personId: string): Item {
  return { ...keys.identityEntry(key.hash, caseId, personId), entity: 'IdentityEntry', caseId, personId, kind: key.kind };
}

export function identityEntryFromItem(item: Item): IdentityEntry {
  return { caseId: item.caseId as string, personId: item.personId as string, kind: item.kind as IdentityKey['kind'] };
}

/**
 * The identity entries of a person, from their data as it is (none once erased): the keys that
 * identify them and the looser key of match suggestions (kept, moved and deleted together).
 */
export function identityEntryItems(person: PersonRecord): Item[] {
  return person.erasedAt ? [] : indexKeysOfPerson(person.data).map((key) => identityEntryItem(key, person.caseId, person.personId));
}

/** A person's entries in the person search's index (names' tokens, phone): none once erased. */
export function searchEntryItems(person: PersonRecord): Item[] {
  return searchKeysOfPerson(person).map((key) => ({
    ...keys.searchEntry(key.hash, person.caseId, person.personId),
    entity: 'SearchEntry',
    caseId: person.caseId,
    personId: person.personId,
    kind: key.kind,
  }));
}

/**
 * Every index item that follows a person's data: the identity index (data-protection officer, match
 * suggestions) and the person search's. Written with the person, replaced on correction, deleted on erasure.
 */
export function personIndexItems(person: PersonRecord): Item[] {
  return [...identityEntryItems(person), ...searchEntryItems(person)];
}

export function correctionAuditItem(audit: CorrectionAudit): Item {
  return { ...keys.correctionAudit(audit.caseId, audit.at, audit.auditId), entity: 'CorrectionAudit', ...audit };
}

export function correctionAuditFromItem(item: Item): CorrectionAudit {
  return defined({
    auditId: item.auditId as string,
    caseId: item.caseId as string,
    personId: item.personId as string,
    at: item.at as string,
    by: item.by as string,
    changes: item.changes as CorrectionAudit['changes'],
    erasedAt: item.erasedAt as string | undefined,
  });
}

export interface ClosedCaseEntry {
  caseId: string;
  programme: string;
  closedAt: string;
}

export function closedCaseItem(entry: ClosedCaseEntry): Item {
  return { ...keys.closedCase(entry.programme, entry.closedAt, entry.caseId), entity: 'ClosedCase', ...entry };
}

export function closedCaseFromItem(item: Item): ClosedCaseEntry {
  return { caseId: item.caseId as string, programme: item.programme as string, closedAt: item.closedAt as string };
}

export function needListingItem(listing: NeedListing): Item {
  return { ...keys.needListing(listing.status, listing.sector, listing.validatedAt, listing.caseId), entity: 'NeedListing', ...listing };
}

const NEED_LISTING_FIELDS = [
  'caseId',
  'reference',
  'status',
  'validatedAt',
  'validatedOn',
  'sector',
  'skillKeys',
  'languages',
  'mode',
  'engagement',
  'durationWeeks',
  'contractKind',
  'contractMonths',
  'window',
  'missionCity',
  'institutionKind',
] as const;

export function needListingFromItem(item: Item): NeedListing {
  return Object.fromEntries(
    NEED_LISTING_FIELDS.filter((name) => item[name] !== undefined).map((name) => [name, item[name]]),
  ) as unknown as NeedListing;
}

export function returneeListingItem(listing: ReturneeListing): Item {
  return { ...keys.returneeListing(listing.sector, listing.caseId), entity: 'ReturneeListing', ...listing };
}

const RETURNEE_LISTING_FIELDS = [
  'caseId',
  'reference',
  'sector',
  'regionOfReturn',
  'experienceYears',
  'highestDegree',
  'supportNeeded',
  'reachedAt',
] as const;

export function returneeListingFromItem(item: Item): ReturneeListing {
  return Object.fromEntries(
    RETURNEE_LISTING_FIELDS.filter((name) => item[name] !== undefined).map((name) => [name, item[name]]),
  ) as unknown as ReturneeListing;
}

export function idempotencyItem(record: IdempotencyRecord): Item {
  return { ...keys.idempotency(record.key), entity: 'Idempotency', ...record };
}

export function idempotencyFromItem(item: Item): IdempotencyRecord {
  return {
    key: item.key as string,
    fingerprint: item.fingerprint as string,
    receipt: item.receipt as IdempotencyRecord['receipt'],
    createdAt: item.createdAt as string,
    expiresAt: item.expiresAt as number,
  };
}

export function workflowStartItem(start: WorkflowStartRecord): Item {
  // The first start of a phase is named after it; a phase started again has an item per execution.
  const key =
    start.executionName === executionName(start.caseId, start.phase)
      ? keys.workflowStart(start.caseId, start.phase)
      : keys.workflowRestart(start.caseId, start.phase, start.executionName);
  return { ...key, entity: 'WorkflowStart', ...start };
}

export function workflowStopItem(stop: WorkflowStopRecord): Item {
  return { ...keys.workflowStop(stop.caseId, stop.executionName), entity: 'WorkflowStop', ...stop };
}

export function workflowStopFromItem(item: Item): WorkflowStopRecord {
  return {
    caseId: item.caseId as string,
    caseType: item.caseType as string,
    phase: item.phase as string,
    executionName: item.executionName as string,
    cause: item.cause as string,
    requestedAt: item.requestedAt as string,
  };
}

export function workflowStartFromItem(item: Item): WorkflowStartRecord {
  return {
    caseId: item.caseId as string,
    phase: item.phase as string,
    executionName: item.executionName as string,
    input: item.input as WorkflowStartRecord['input'],
    requestedAt: item.requestedAt as string,
  };
}

// --- history -------------------------------------------------------------------------------

export function eventItem(event: CaseEvent): Item {
  return { ...keys.caseEvent(event.caseId, event.at, event.eventId), entity: 'CaseEvent', ...event };
}

export function eventFromItem(item: Item): CaseEvent {
  return {
    caseId: item.caseId as string,
    eventId: item.eventId as string,
    at: item.at as string,
    type: item.type as string,
    actor: item.actor as CaseEvent['actor'],
    details: item.details as CaseEvent['details'],
  };
}

// --- shares --------------------------------------------------------------------------------

export function shareItem(share: ShareRecord): Item {
  return { ...keys.caseShare(share.caseId, share.shareId), entity: 'CaseShare', ...share };
}

export function shareFromItem(item: Item): ShareRecord {
  return defined({
    shareId: item.shareId as string,
    caseId: item.caseId as string,
    partnerId: item.partnerId as string,
    scope: item.scope as ShareRecord['scope'],
    purpose: item.purpose as ShareRecord['purpose'],
    until: item.until as string,
    createdAt: item.createdAt as string,
    createdBy: item.createdBy as string,
    overrideReason: item.overrideReason as ShareRecord['overrideReason'],
    revokedAt: item.revokedAt as string | undefined,
    revokedBy: item.revokedBy as string | undefined,
    status: item.status as ShareRecord['status'],
    respondedAt: item.respondedAt as string | undefined,
    respondedBy: item.respondedBy as string | undefined,
    rejectionReason: item.rejectionReason as ShareRecord['rejectionReason'],
    rejectionNoteId: item.rejectionNoteId as string | undefined,
  });
}

// --- tasks ---------------------------------------------------------------------------------

export function taskItem(task: TaskRecord): Item {
  return { ...keys.task(task.taskId), entity: 'Task', ...task };
}

export function taskFromItem(item: Item): TaskRecord {
  return defined({
    taskId: item.taskId as string,
    caseId: item.caseId as string,
    reference: item.reference as string,
    programme: item.programme as string,
    step: item.step as string,
    phase: item.phase as string,
    roles: item.roles as TaskRecord['roles'],
    serviceId: item.serviceId as string | undefined,
    partnerId: item.partnerId as string | undefined,
    sharedWith: item.sharedWith as TaskRecord['sharedWith'],
    status: item.status as TaskStatus,
    assignee: item.assignee as string | undefined,
    claimedFor: item.claimedFor as string | undefined,
    forbiddenActors: item.forbiddenActors as string[],
    context: item.context as TaskRecord['context'],
    dueAt: item.dueAt as string,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    escalatedAt: item.escalatedAt as string | undefined,
    completedAt: item.completedAt as string | undefined,
    completedBy: item.completedBy as string | undefined,
    completedByKind: item.completedByKind as TaskRecord['completedByKind'],
    decision: item.decision as TaskRecord['decision'],
    version: item.version as number,
    beneficiaryMessage: item.beneficiaryMessage as TaskRecord['beneficiaryMessage'],
  });
}

export function taskTokenItem(taskId: string, token: string): Item {
  return { ...keys.taskToken(taskId), entity: 'TaskToken', token };
}

export function tokenFromItem(item: Item): string {
  return item.token as string;
}

export function caseTaskItem(task: TaskRecord): Item {
  const link: CaseTaskLink = { taskId: task.taskId, caseId: task.caseId, step: task.step, status: task.status, dueAt: task.dueAt };
  return { ...keys.caseTask(task.caseId, task.taskId), entity: 'CaseTask', ...link };
}

export function caseTaskFromItem(item: Item): CaseTaskLink {
  return {
    taskId: item.taskId as string,
    caseId: item.caseId as string,
    step: item.step as string,
    status: item.status as TaskStatus,
    dueAt: item.dueAt as string,
  };
}

/**
 * The queues a task is listed in: each of its staff roles, its case's own partner association and
 * those its case is shared with whole (until the share ends), its assignee (until the share ends,
 * for a partner user's claim through a share).
 */
export function queueEntries(task: TaskRecord): { key: ItemKey; until?: string }[] {
  const partner = task.roles.includes('partner');
  return [
    ...task.roles.filter((role) => role !== 'partner').map((role) => ({ key: keys.roleQueue(role, task.dueAt, task.taskId) })),
    ...(task.partnerId && partner ? [{ key: keys.partnerQueue(task.partnerId, task.dueAt, task.taskId) }] : []),
    ...(partner ? (task.sharedWith ?? []) : []).map(({ partnerId, until }) => ({
      key: keys.partnerQueue(partnerId, task.dueAt, task.taskId),
      until,
    })),
    ...(task.assignee ? [{ key: keys.assigneeQueue(task.assignee, task.dueAt, task.taskId), ...claimUntil(task) }] : []),
  ];
}

/** A partner user's claim through a share is in the user's own queue until that share ends. */
function claimUntil(task: TaskRecord): { until?: string } {
  const until = task.sharedWith?.find((share) => share.partnerId === task.claimedFor)?.until;
  return until !== undefined ? { until } : {};
}

export function queueKeys(task: TaskRecord): ItemKey[] {
  return queueEntries(task).map(({ key }) => key);
}

/** `accessUntil`: a shared partner's entry ends with its share (the queue read leaves it out after). */
export function queueEntryItem(key: ItemKey, task: TaskRecord, accessUntil?: string): Item {
  const entry: QueueEntry = {
    taskId: task.taskId,
    caseId: task.caseId,
    reference: task.reference,
    programme: task.programme,
    step: task.step,
    dueAt: task.dueAt,
    roles: task.roles,
    ...(task.partnerId ? { partnerId: task.partnerId } : {}),
    ...(task.serviceId !== undefined ? { serviceId: task.serviceId } : {}),
    ...(task.assignee ? { assignee: task.assignee } : {}),
    ...(task.escalatedAt ? { escalatedAt: task.escalatedAt } : {}),
  };
  return { ...key, entity: 'TaskQueueEntry', ...entry, ...(accessUntil !== undefined ? { accessUntil } : {}) };
}

export function queueEntryFromItem(item: Item): QueueEntry {
  return defined({
    taskId: item.taskId as string,
    caseId: item.caseId as string,
    reference: item.reference as string,
    programme: item.programme as string,
    step: item.step as string,
    dueAt: item.dueAt as string,
    roles: item.roles as string[],
    partnerId: item.partnerId as string | undefined,
    serviceId: item.serviceId as string | undefined,
    assignee: item.assignee as string | undefined,
    escalatedAt: item.escalatedAt as string | undefined,
  });
}

// --- outbox --------------------------------------------------------------------------------

export function outboxItem(message: OutboxMessage): Item {
  return { ...keys.outboxMessage(message.at, message.messageId), entity: 'Outbox', ...message };
}

export function outboxFromItem(item: Item): OutboxEntry {
  return defined({
    messageId: item.messageId as string,
    at: item.at as string,
    channel: item.channel as OutboxMessage['channel'],
    recipient: item.recipient as OutboxMessage['recipient'],
    template: item.template as string,
    language: item.language as OutboxMessage['language'],
    caseId: item.caseId as string,
    taskId: item.taskId as string | undefined,
    params: item.params as OutboxMessage['params'],
    status: item.status as string | undefined,
    sentAt: item.sentAt as string | undefined,
  });
}

// --- access log --------------------------------------------------------------------------

export function accessRecordItem(record: AccessRecord): Item {
  return {
    ...(record.caseId !== undefined
      ? keys.accessRecord(record.caseId, record.at, record.entryId)
      : keys.accessSearchRecord(record.at, record.entryId)),
    ...keys.accessByReader(record.by, record.at, record.entryId),
    entity: 'AccessRecord',
    ...record,
  };
}

export function accessRecordFromItem(item: Item): AccessRecord {
  return defined({
    entryId: item.entryId as string,
    at: item.at as string,
    by: item.by as string,
    roles: item.roles as AccessRecord['roles'],
    partnerId: item.partnerId as string | undefined,
    what: item.what as AccessRecord['what'],
    caseId: item.caseId as string | undefined,
    taskId: item.taskId as string | undefined,
    search: item.search as AccessRecord['search'],
    expiresAt: item.expiresAt as number,
  });
}

// --- one person across programmes (domain/identity/matches.ts) ----------------------------------

export function matchItem(match: MatchSuggestion): Item {
  return { ...keys.matchSuggestion(match.caseId, match.matchId), entity: 'MatchSuggestion', ...match };
}

export function matchFromItem(item: Item): MatchSuggestion {
  return defined({
    matchId: item.matchId as string,
    caseId: item.caseId as string,
    personId: item.personId as string,
    candidate: item.candidate as MatchSuggestion['candidate'],
    criteria: item.criteria as MatchSuggestion['criteria'],
    status: item.status as MatchSuggestion['status'],
    suggestedAt: item.suggestedAt as string,
    decidedAt: item.decidedAt as string | undefined,
    decidedBy: item.decidedBy as string | undefined,
    linkedSubjectId: item.linkedSubjectId as string | undefined,
    undoneAt: item.undoneAt as string | undefined,
    undoneBy: item.undoneBy as string | undefined,
  });
}

export function matchPairItem(match: MatchSuggestion): Item {
  return { ...keys.matchPair(match.matchId), entity: 'MatchPair', matchId: match.matchId, caseId: match.caseId };
}

export interface SubjectEntry {
  subjectId: string;
  caseId: string;
  personId: string;
}

export function subjectEntryItem(entry: SubjectEntry): Item {
  return { ...keys.subjectEntry(entry.subjectId, entry.caseId, entry.personId), entity: 'SubjectEntry', ...entry };
}

export function subjectEntryFromItem(item: Item): SubjectEntry {
  return { subjectId: item.subjectId as string, caseId: item.caseId as string, personId: item.personId as string };
}

// --- partner associations --------------------------------------------------------------------

export function associationItem(record: AssociationRecord): Item {
  return { ...keys.association(record.associationId), entity: 'Association', ...record };
}

export function associationFromItem(item: Item): AssociationRecord {
  return defined({
    associationId: item.associationId as string,
    name: item.name as string,
    city: item.city as AssociationRecord['city'],
    registrationNumber: item.registrationNumber as string,
    contactPeople: item.contactPeople as AssociationRecord['contactPeople'],
    status: item.status as AssociationRecord['status'],
    createdAt: item.createdAt as string,
    createdBy: item.createdBy as string,
    updatedAt: item.updatedAt as string,
    updatedBy: item.updatedBy as string,
    version: item.version as number,
  });
}

/** A case that hangs off its association: ids only, the case itself read for its stage and status. */
export interface AssociationCaseEntry {
  associationId: string;
  caseId: string;
  createdAt: string;
}

export function associationCaseItem(record: Pick<CaseRecord, 'caseId' | 'partnerId' | 'createdAt'>): Item | undefined {
  if (record.partnerId === undefined) return undefined;
  return {
    ...keys.associationCase(record.partnerId, record.createdAt, record.caseId),
    entity: 'AssociationCase',
    associationId: record.partnerId,
    caseId: record.caseId,
    createdAt: record.createdAt,
  };
}

export function associationCaseFromItem(item: Item): AssociationCaseEntry {
  return { associationId: item.associationId as string, caseId: item.caseId as string, createdAt: item.createdAt as string };
}

// --- remittances information (docs/remittances.md) -----------------------------------------------

export function remittanceSessionItem(record: SessionRecord): Item {
  return {
    ...keys.remittanceSession(record.date, record.sessionId),
    ...keys.remittanceSessionInCity(record.city, record.date, record.sessionId),
    entity: 'RemittanceSession',
    ...record,
  };
}

export function remittanceSessionFromItem(item: Item): SessionRecord {
  return defined({
    sessionId: item.sessionId as string,
    date: item.date as string,
    city: item.city as SessionRecord['city'],
    venue: item.venue as string,
    partnerId: item.partnerId as string | undefined,
    facilitator: item.facilitator as string,
    attendance: item.attendance as SessionRecord['attendance'],
    topics: item.topics as SessionRecord['topics'],
    attendees: item.attendees as number,
    recordedAt: item.recordedAt as string,
    recordedBy: item.recordedBy as string,
  });
}

export function remittanceSessionIdempotencyItem(record: SessionIdempotencyRecord): Item {
  return { ...keys.remittanceSessionIdempotency(record.key), entity: 'RemittanceSessionIdempotency', ...record };
}

export function remittanceSessionIdempotencyFromItem(item: Item): SessionIdempotencyRecord {
  return {
    key: item.key as string,
    fingerprint: item.fingerprint as string,
    session: remittanceSessionFromItem(item.session as Item),
    createdAt: item.createdAt as string,
    expiresAt: item.expiresAt as number,
  };
}

/** A price as stored: with when and by whom its snapshot was imported (ids only). */
export interface StoredCorridorPrice extends CorridorPrice {
  importedAt: string;
  importedBy: string;
}

export function corridorPriceItem(price: StoredCorridorPrice): Item {
  return {
    ...keys.corridorPrice(price.sourceCountry, price.destinationCountry, price.quarter, price.providerKey, price.instrument),
    entity: 'CorridorPrice',
    ...price,
  };
}

export function corridorPriceFromItem(item: Item): StoredCorridorPrice {
  return {
    sourceCountry: item.sourceCountry as string,
    destinationCountry: item.destinationCountry as string,
    provider: item.provider as string,
    providerKey: item.providerKey as string,
    providerType: item.providerType as CorridorPrice['providerType'],
    instrument: item.instrument as CorridorPrice['instrument'],
    amountSent: item.amountSent as number,
    currency: item.currency as string,
    fee: item.fee as number,
    fxMarginPercent: item.fxMarginPercent as number,
    totalCostPercent: item.totalCostPercent as number,
    quarter: item.quarter as string,
    importedAt: item.importedAt as string,
    importedBy: item.importedBy as string,
  };
}

/** That a corridor has prices for a quarter (so that the latest one is one Query away). */
export function corridorQuarterItem(entry: { from: string; to: string; quarter: string; importedAt: string; importedBy: string }): Item {
  return { ...keys.corridorQuarter(entry.from, entry.to, entry.quarter), entity: 'CorridorQuarter', ...entry };
}
// --- diaspora experts' register --------------------------------------------------------------

export function registerEntryItem(entry: RegisterEntry): Item {
  return { ...keys.registerEntry(entry.expertId), entity: 'RegisterEntry', ...entry };
}

export function registerEntryFromItem(item: Item): RegisterEntry {
  return {
    expertId: item.expertId as string,
    sectors: item.sectors as string[],
    skills: item.skills as string[],
    languages: item.languages as string[],
    country: item.country as string,
    windows: item.windows as RegisterEntry['windows'],
    consentToContact: item.consentToContact as boolean,
    status: item.status as RegisterEntry['status'],
    listedAt: item.listedAt as string,
    updatedAt: item.updatedAt as string,
    version: item.version as number,
  };
}

export function registerIndexItem(partition: IndexPartition, expert: IndexedExpert): Item {
  return { ...keys.registerIndex(partition.criterion, partition.value, expert.expertId), entity: 'RegisterIndex', ...expert };
}

export function indexedExpertFromItem(item: Item): IndexedExpert {
  return {
    expertId: item.expertId as string,
    sectors: item.sectors as string[],
    skills: item.skills as string[],
    languages: item.languages as string[],
    country: item.country as string,
    windows: item.windows as IndexedExpert['windows'],
    consentToContact: item.consentToContact as boolean,
  };
}

// --- experts' assignments ----------------------------------------------------------------------

/** The one mapping of an expert's assignment entry: matching's writer, the workflow's mover and the listing use it. */
export function assignmentItem(entry: AssignmentEntry): Item {
  return { ...keys.assignment(entry.expertCaseId, entry.needCaseId), entity: 'Assignment', ...defined(entry) };
}

export function assignmentFromItem(item: Item): AssignmentEntry {
  return defined({
    expertCaseId: item.expertCaseId as string,
    needCaseId: item.needCaseId as string,
    needReference: item.needReference as string,
    status: item.status as AssignmentEntry['status'],
    mode: item.mode as AssignmentEntry['mode'],
    window: item.window as AssignmentEntry['window'],
    durationWeeks: item.durationWeeks as number,
    sector: item.sector as string,
    confirmedAt: item.confirmedAt as string,
    startedOn: item.startedOn as string | undefined,
    endedOn: item.endedOn as string | undefined,
    updatedAt: item.updatedAt as string,
    version: item.version as number,
  });
}

/** A case's flags by id; one written as the single flag of before (`{state, error, at, flagId}`) is read as its only entry. */
function attentionOf(stored: unknown): CaseRecord['attention'] {
  if (stored === undefined || stored === null || typeof stored !== 'object') return undefined;
  const legacy = stored as { state?: unknown; error?: unknown; at?: unknown; flagId?: unknown };
  if (typeof legacy.flagId === 'string' && typeof legacy.state === 'string')
    return { [legacy.flagId]: { state: legacy.state, error: String(legacy.error), at: String(legacy.at), entry: legacy.flagId } };
  return stored as CaseRecord['attention'];
}

// --- indicators (docs/indicators.md) ---------------------------------------------------------

/** The prefix of a counter cell's attribute on a counter item (the rest is the cell: JSON of its dimension values). */
export const COUNTER_CELL_PREFIX = 'n:';

export function indicatorCaseItem(state: CaseIndicatorState): Item {
  return { ...keys.indicatorCase(state.caseId), entity: 'IndicatorCase', ...state };
}

export function indicatorCaseFromItem(item: Item): CaseIndicatorState {
  return defined({
    caseId: item.caseId as string,
    programme: item.programme as string,
    version: item.version as number,
    contributions: (item.contributions as CaseIndicatorState['contributions'] | undefined) ?? [],
    stagesLeft: (item.stagesLeft as CaseIndicatorState['stagesLeft'] | undefined) ?? [],
    stage: item.stage as CaseIndicatorState['stage'],
    ctdcYear: item.ctdcYear as number | undefined,
    ctdcRow: item.ctdcRow as CaseIndicatorState['ctdcRow'],
    trafficking: item.trafficking as CaseIndicatorState['trafficking'],
    revision: item.revision as number | undefined,
  });
}

/** The cells of a counter item: attribute `n:{cell}` → count. */
export function counterCellsFromItem(item: Item): { indicator: string; cells: [string, number][] } {
  const cells = Object.entries(item)
    .filter(([name]) => name.startsWith(COUNTER_CELL_PREFIX))
    .map(([name, value]): [string, number] => [name.slice(COUNTER_CELL_PREFIX.length), Number(value)]);
  return { indicator: item.indicator as string, cells };
}

export function ctdcRowItem(caseId: string, row: CtdcRow): Item {
  return { ...keys.ctdcRow(row.yearOfRegistration, caseId), entity: 'CtdcRow', row };
}

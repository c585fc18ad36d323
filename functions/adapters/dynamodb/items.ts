// The one mapping between each record of the domain and its item in the single table: its key
// (from keys.ts), its entity tag and its attributes. Reading an item keeps only the record's own
// attributes, so keys, index keys and tags never leak into records or API answers.
import type { ShareRecord } from '../../../domain/sharing/shares.ts';
import type { CaseEvent, CaseNote, CaseRecord, IdempotencyRecord, PersonRecord, SubmissionRecord } from '../../../domain/cases/model.ts';
import type { WorkflowStartRecord } from '../../../domain/intake/submit-form.ts';
import type { OutboxMessage } from '../../../domain/notifications/model.ts';
import type { TaskRecord, TaskStatus } from '../../../domain/tasks/model.ts';
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
    entity: 'Case',
    ...record,
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
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    version: item.version as number,
    workflow: item.workflow as CaseRecord['workflow'],
    closureReason: item.closureReason as string | undefined,
    closedAt: item.closedAt as string | undefined,
    departedAt: item.departedAt as string | undefined,
    checkIns: item.checkIns as CaseRecord['checkIns'],
    latestSustainabilityScore: item.latestSustainabilityScore as CaseRecord['latestSustainabilityScore'],
    consents: item.consents as CaseRecord['consents'],
    notice: item.notice as CaseRecord['notice'],
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
  });
}

export async function submissionItem(submission: SubmissionRecord, sealer: FieldSealer): Promise<Item> {
  return {
    ...keys.submission(submission.caseId, submission.submissionId),
    entity: 'Submission',
    ...submission,
    rawBody: await sealer.seal(submission.rawBody, submissionBody(submission)),
  };
}

/** The submission with its raw body in clear: only for a function that may open sealed values. */
export async function submissionFromItem(item: Item, opener: FieldOpener): Promise<SubmissionRecord> {
  const submission = { caseId: item.caseId as string, submissionId: item.submissionId as string };
  const raw = item.rawBody;
  return {
    ...submission,
    formId: item.formId as string,
    formVersion: item.formVersion as number,
    receivedAt: item.receivedAt as string,
    rawBody: raw instanceof Uint8Array ? await opener.open(raw, submissionBody(submission)) : (raw as string),
    fingerprint: item.fingerprint as string,
  };
}

export function caseNoteItem(note: CaseNote): Item {
  return { ...keys.note(note.caseId, note.noteId), entity: 'CaseNote', ...note };
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
  return { ...keys.workflowStart(start.caseId, start.phase), entity: 'WorkflowStart', ...start };
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
    partnerId: item.partnerId as string | undefined,
    status: item.status as TaskStatus,
    assignee: item.assignee as string | undefined,
    forbiddenActors: item.forbiddenActors as string[],
    context: item.context as TaskRecord['context'],
    dueAt: item.dueAt as string,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    escalatedAt: item.escalatedAt as string | undefined,
    completedAt: item.completedAt as string | undefined,
    completedBy: item.completedBy as string | undefined,
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

/** The queues a task is listed in: each of its staff roles, its partner association, its assignee. */
export function queueKeys(task: TaskRecord): ItemKey[] {
  return [
    ...task.roles.filter((role) => role !== 'partner').map((role) => keys.roleQueue(role, task.dueAt, task.taskId)),
    ...(task.partnerId && task.roles.includes('partner') ? [keys.partnerQueue(task.partnerId, task.dueAt, task.taskId)] : []),
    ...(task.assignee ? [keys.assigneeQueue(task.assignee, task.dueAt, task.taskId)] : []),
  ];
}

export function queueEntryItem(key: ItemKey, task: TaskRecord): Item {
  const entry: QueueEntry = {
    taskId: task.taskId,
    caseId: task.caseId,
    reference: task.reference,
    programme: task.programme,
    step: task.step,
    dueAt: task.dueAt,
    roles: task.roles,
    ...(task.partnerId ? { partnerId: task.partnerId } : {}),
    ...(task.assignee ? { assignee: task.assignee } : {}),
    ...(task.escalatedAt ? { escalatedAt: task.escalatedAt } : {}),
  };
  return { ...key, entity: 'TaskQueueEntry', ...entry };
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

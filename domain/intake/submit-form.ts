// Use case: a web form posts a submission and a case exists.
//
// Primary course:
//  1. Find the form at the requested (or latest) version. An association's form (`submittedBy:
//     'association'`) is submitted for an association only (by its staff, or mission staff on its
//     behalf): without one, it is refused.
//     Who the case's partner association is comes from the caller, never from the body: a public
//     submission has none; a partner association's authenticated staff submit for their own
//     association only (a body naming another one, as version 1 of some forms allows, is refused).
//  2. Validate the body with the form's schema; every field error is reported, in the caller's language.
//  3. Fingerprint the request and allocate a human-readable reference.
//  4. Store, in one atomic write guarded by the Idempotency-Key, the raw submission, the person(s),
//     the case, its first history event, the idempotency record and the request to start the
//     case's first workflow phase (a transactional outbox: the table's stream starts it, by name).
//  5. If the key was already stored (a retry, or a concurrent twin that won): same fingerprint →
//     replay the first answer; different fingerprint → refuse. The allocated reference is left as a gap.
//  6. Answer with the receipt (case id and reference).
//
// The happy path is one conditional transaction: no read before the write, and no call to the
// workflow service on the request path. The case and the start of its workflow cannot come apart.
// Match suggestions (the new case's main person looked up in the identity index) are made off the
// request path, from the table's stream, once the case's `case.submitted` event is stored
// (`suggestForNewCase` in domain/identity/matches.ts, functions/suggest-matches): they appear a
// moment after the answer. Being after the write, two submissions of one person racing each other
// still find one another; the stream's retries (at least once, each pair suggested once) replace the
// client's.
import { newEventId } from '../cases/event-id.ts';
import { randomUUID } from 'node:crypto';
import {
  ActionForbidden,
  AssociationNotActive,
  FormNotFound,
  FormVersionNotFound,
  FormVersionRetired,
  IdempotencyKeyReused,
  SubmissionInvalid,
} from '../errors.ts';
import { getForm, noticeRecord, type FormDefinition, type NoticeConfig } from '../forms/index.ts';
import { intakeConsents } from '../consent/consents.ts';
import type { NoticeRecord } from '../consent/legal-basis.ts';
import { localizeIssues, type Language } from '../i18n/index.ts';
import { formatReference, referencePrefix } from '../cases/reference.ts';
import {
  executionName,
  type CaseEvent,
  type CaseNote,
  type CaseRecord,
  type IdempotencyRecord,
  type PersonRecord,
  type SubmissionReceipt,
  type SubmissionRecord,
} from '../cases/model.ts';
import { firstPhase } from '../programmes/index.ts';
import { submissionFingerprint } from './fingerprint.ts';

export interface IntakeRecords {
  workflowStart: WorkflowStartRecord;
  caseRecord: CaseRecord;
  persons: PersonRecord[];
  submission: SubmissionRecord;
  event: CaseEvent;
  idempotency: IdempotencyRecord;
  /** Justifications of a legal basis other than consent, in the submission's words. */
  notes: CaseNote[];
}

/** Secondary port: where intake is stored. */
export interface IntakeStore {
  findIdempotencyRecord(key: string): Promise<IdempotencyRecord | undefined>;
  /** Unique within (prefix, year); not necessarily dense nor in submission order. */
  nextReferenceSequence(prefix: string, year: number): Promise<number>;
  /**
   * Atomic. 'duplicate' when the idempotency key was stored meanwhile by a concurrent request;
   * 'association-inactive' when the case hangs off an association (`partnerId`) that is not, at the
   * time of the write, a registered, active record (nothing written).
   */
  saveIntake(records: IntakeRecords): Promise<'created' | 'duplicate' | 'association-inactive'>;
}

export interface CaseWorkflowInput {
  caseId: string;
  reference: string;
  programme: string;
  caseType: string;
  phase: string;
  /** Why a phase that may run more than once per case starts (protection's `main`): 'intake' when absent. */
  entry?: 'intake' | 'reopened' | 'follow-up';
  /** The need a reopening is for (a service type code). */
  need?: string;
}

/** Starts a case's workflow phase by name; starting it again is not an error. */
export interface CaseWorkflows {
  start(executionName: string, input: CaseWorkflowInput): Promise<'started' | 'already-started' | 'no-workflow'>;
}

/** Written with the case: the stream starts the workflow phase it names. */
export interface WorkflowStartRecord {
  caseId: string;
  phase: string;
  executionName: string;
  input: CaseWorkflowInput;
  requestedAt: string;
}

export interface SubmitFormCommand {
  formId: string;
  version?: number;
  rawBody: string;
  body: unknown;
  idempotencyKey: string;
  language: Language;
  /** The association of the authenticated partner user submitting for it; absent for the public. */
  partnerId?: string;
  /** The partner user's id (sub), for the history. */
  submittedBy?: string;
  /** Who `submittedBy` is: the association's own staff ('partner', the default) or mission staff on its behalf. */
  submitterKind?: 'partner' | 'staff';
  /** The notice's configuration, and which language the person was shown it in. */
  notice: { config: NoticeConfig; language: Language; languageSource: NoticeRecord['languageSource'] };
}

export interface SubmitFormResult {
  receipt: SubmissionReceipt;
  replayed: boolean;
}

/** How long a client may replay a submission with the same Idempotency-Key. */
export const IDEMPOTENCY_WINDOW_SECONDS = 7 * 24 * 3600;

export async function submitForm(command: SubmitFormCommand, deps: { store: IntakeStore; now: () => Date }): Promise<SubmitFormResult> {
  // 1.
  const form = findForm(command.formId, command.version);
  if (form.submittedBy === 'association' && command.partnerId === undefined) throw new ActionForbidden('association-form', form.id);
  // A superseded version opens no new case (after the public route's refusal of an association's
  // form); a submission made on it before it was retired is still answered as the first time.
  if (form.retired) {
    const earlier = await deps.store.findIdempotencyRecord(command.idempotencyKey);
    const fingerprint = submissionFingerprint(form.id, form.version, command.body, command.partnerId);
    if (earlier?.fingerprint === fingerprint) return { receipt: earlier.receipt, replayed: true };
    throw new FormVersionRetired(form.id, form.version, getForm(form.id)!.version);
  }

  // 2.
  const parsed = form.schema.safeParse(command.body);
  if (!parsed.success) {
    throw new SubmissionInvalid(
      localizeIssues(parsed.error.issues, command.language, (pointer) => form.fields[pointer]?.label, { value: command.body }),
    );
  }

  const named = form.split(parsed.data).partnerId;
  if (named !== undefined && named !== command.partnerId && command.partnerId !== undefined) throw new ActionForbidden('partner', named);

  // 3.
  const fingerprint = submissionFingerprint(form.id, form.version, command.body, command.partnerId);
  const now = deps.now();
  const prefix = referencePrefix(form.caseType);
  const sequence = await deps.store.nextReferenceSequence(prefix, now.getUTCFullYear());
  const reference = formatReference(prefix, now.getUTCFullYear(), sequence);

  // 4.
  const records = buildIntakeRecords({ form, data: parsed.data, command, fingerprint, reference, now });
  const outcome = await deps.store.saveIntake(records);
  if (outcome === 'association-inactive') throw new AssociationNotActive(command.partnerId ?? '', command.submitterKind ?? 'partner');

  // 5.
  if (outcome === 'duplicate') {
    const earlier = await deps.store.findIdempotencyRecord(command.idempotencyKey);
    if (!earlier) throw new Error('idempotency record vanished after a conflicting write');
    return replay(earlier, fingerprint);
  }

  // 6.
  return { receipt: records.idempotency.receipt, replayed: false };
}

function findForm(formId: string, version: number | undefined): FormDefinition {
  const latest = getForm(formId);
  if (!latest) throw new FormNotFound(formId);
  if (version === undefined) return latest;
  const form = getForm(formId, version);
  if (!form) throw new FormVersionNotFound(formId, version);
  return form;
}

function replay(earlier: IdempotencyRecord, fingerprint: string): SubmitFormResult {
  if (earlier.fingerprint !== fingerprint) throw new IdempotencyKeyReused();
  return { receipt: earlier.receipt, replayed: true };
}

export function buildIntakeRecords(args: {
  form: FormDefinition;
  data: unknown;
  command: SubmitFormCommand;
  fingerprint: string;
  reference: string;
  now: Date;
}): IntakeRecords {
  const { form, data, command, fingerprint, reference, now } = args;
  const at = now.toISOString();
  const caseId = randomUUID();
  const split = form.split(data);
  const phase = firstPhase(form.caseType);
  const { consents, notes } = intakeConsents({
    caseId,
    declaration: form.legalBasis,
    facts: split.facts,
    justifications: split.justifications ?? {},
    at,
    ...(command.submittedBy ? { submittedBy: command.submittedBy } : {}),
  });
  const notice = noticeRecord(form, command.notice.config, command.notice.language, command.notice.languageSource);

  const caseRecord: CaseRecord = {
    caseId,
    reference,
    programme: form.programme,
    caseType: form.caseType,
    formId: form.id,
    formVersion: form.version,
    stage: 'submitted',
    status: 'open',
    facts: split.facts,
    // The partner is the authenticated association's, never what the body says.
    ...(command.partnerId ? { partnerId: command.partnerId } : {}),
    createdAt: at,
    updatedAt: at,
    version: 1,
    workflow: { phase, executionName: executionName(caseId, phase) },
    consents,
    notice,
  };
  const persons: PersonRecord[] = split.persons.map((person) => {
    const sensitiveFields = (person.sensitive ?? []).filter((key) => person.data[key] !== undefined);
    return {
      personId: randomUUID(),
      caseId,
      role: person.role,
      data: person.data,
      ...(sensitiveFields.length > 0 ? { sensitiveFields } : {}),
      createdAt: at,
    };
  });
  const submission: SubmissionRecord = {
    submissionId: randomUUID(),
    caseId,
    formId: form.id,
    formVersion: form.version,
    receivedAt: at,
    rawBody: command.rawBody,
    fingerprint,
    notice,
    idempotencyKey: command.idempotencyKey,
  };
  const event: CaseEvent = {
    caseId,
    eventId: newEventId(),
    at,
    type: 'case.submitted',
    actor: command.submittedBy ? { kind: command.submitterKind ?? 'partner', id: command.submittedBy } : { kind: 'public' },
    details: {
      reference,
      // Mission staff submitting for an association: which one (an organisation's id, nothing personal).
      ...(command.submitterKind === 'staff' && command.partnerId ? { onBehalfOf: command.partnerId } : {}),
      formId: form.id,
      formVersion: form.version,
      submissionId: submission.submissionId,
      personCount: persons.length,
      noticeVersion: notice.noticeVersion,
      noticeLanguage: notice.language,
      // The basis of each purpose (codes only): what the case may be processed, shared and contacted on.
      legalBases: Object.fromEntries(consents.filter((c) => c.purpose !== 'sharing').map((c) => [c.purpose, c.basis])),
    },
  };
  const receipt: SubmissionReceipt = { caseId, reference, formId: form.id, formVersion: form.version, receivedAt: at, status: 'received' };
  const idempotency: IdempotencyRecord = {
    key: command.idempotencyKey,
    fingerprint,
    receipt,
    createdAt: at,
    expiresAt: Math.floor(now.getTime() / 1000) + IDEMPOTENCY_WINDOW_SECONDS,
  };
  const workflowStart: WorkflowStartRecord = {
    caseId,
    phase,
    executionName: executionName(caseId, phase),
    input: { caseId, reference, programme: form.programme, caseType: form.caseType, phase },
    requestedAt: at,
  };
  return { caseRecord, persons, submission, event, idempotency, workflowStart, notes };
}

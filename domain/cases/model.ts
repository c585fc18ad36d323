// The records of a case. Personal data lives only on PersonRecord and SubmissionRecord, so it can
// be exported, corrected or erased without losing the case's statistics (CaseRecord.facts).
import type { SustainabilityScore } from '../avrr/survey.ts';
import type { ConsentRecord, NoticeRecord } from '../consent/legal-basis.ts';

export const PROGRAMMES = ['avrr', 'protection', 'migration-development', 'youth-employability'] as const;
export type Programme = (typeof PROGRAMMES)[number];

/** Case ids are UUIDs; anything else names no case (404 without a read). */
export const caseIdPattern = /^[0-9a-f-]{36}$/;

export interface CaseRecord {
  caseId: string;
  reference: string;
  programme: Programme;
  caseType: string;
  formId: string;
  formVersion: number;
  stage: string;
  status: 'open' | 'closed';
  /** Non-personal facts used for routing and statistics (nationality, vulnerability categories, ...). */
  facts: Record<string, unknown>;
  /** The partner association whose own staff submitted the case, if any (set only from an authenticated partner caller). */
  partnerId?: string;
  /**
   * What the case's active shares grant other partner associations, projected from the shares by
   * every change of them (domain/access/cases.ts `partnerAccessOf`): it feeds their case lists and
   * task queues. Never shown: who may see the case is decided from the shares themselves.
   */
  partnerAccess?: PartnerAccess;
  createdAt: string;
  updatedAt: string;
  /** Optimistic concurrency: incremented by every update, checked by a conditional write. */
  version: number;
  /** The execution the case's workflow runs in now: each records itself as it starts (domain/cases/case-actions.ts `setStage`). */
  workflow?: { phase: string; executionName: string };
  /** While a held stage shows (HELD_STAGES), the stage the case's own workflow is at: it shows again when the hold ends. */
  workflowStage?: string;
  closureReason?: string;
  closedAt?: string;
  /** Set when the person's departure is recorded (AVRR): no withdrawal after that. The moment it was recorded. */
  departedAt?: string;
  /** The day the person left (AVRR), as the caseworker entered it. */
  departedOn?: string;
  /** The day the person arrived (AVRR), as the caseworker entered it: the check-ins are counted from it. */
  arrivedOn?: string;
  /** Reintegration check-ins by name (e.g. checkin-3). */
  checkIns?: Record<string, CheckInRecord>;
  latestSustainabilityScore?: SustainabilityScore;
  /** Consent or other legal basis by purpose, as it stands (ids and codes only). */
  consents?: ConsentRecord[];
  /** The notice the person was shown at intake (also on the submission item). */
  notice?: NoticeRecord;
  /** Every person of the case was erased (request or retention): the case keeps its facts and history. */
  anonymisedAt?: string;
  /** The cases of other programmes this one was referred to or from (ids only): domain/cases/referral.ts. */
  links?: CaseLink[];
  /** How many times the closed case was reopened (domain/cases/reopening.ts). */
  reopenCount?: number;
  /** How many follow-up executions were requested after a linked case ended (domain/cases/referral.ts). */
  followUpCount?: number;
  /** Protection: the services of its approved assistance plans (codes and dates only). */
  services?: CaseService[];
  /**
   * The failures of its workflow, by flag id (one per failed task entry: several at once from the
   * items of a Map or the branches of a Parallel); those without a resolution wait for a supervisor
   * (domain/cases/attention.ts).
   */
  attention?: Record<string, AttentionRecord>;
  /** How many times a supervisor sent its workflow back to a failed state (bounded). */
  attentionRetries?: number;
}

/** The workflow phase of a closed case (`GET /cases/{id}`, `workflow.phase`). */
export const CLOSED_PHASE = 'closed';

/**
 * What `GET /cases/{id}` says of the case's workflow: the phase it is in now and the execution
 * running it (each execution records itself as it starts); once the case is closed, the phase is
 * `closed` and `lastPhase` names the phase it closed in (the execution is that phase's).
 */
export function workflowView(
  found: Pick<CaseRecord, 'status' | 'workflow'>,
): { phase: string; executionName: string; lastPhase?: string } | undefined {
  if (!found.workflow) return undefined;
  return found.status === 'closed'
    ? { phase: CLOSED_PHASE, executionName: found.workflow.executionName, lastPhase: found.workflow.phase }
    : { phase: found.workflow.phase, executionName: found.workflow.executionName };
}

/** What `GET /cases/{id}` shows: the failures still waiting for a supervisor. */
export interface PendingAttention {
  flagId: string;
  state: string;
  error: string;
  at: string;
}

export function pendingAttention(attention: Record<string, AttentionRecord> | undefined): PendingAttention[] {
  return Object.entries(attention ?? {})
    .filter(([, record]) => record.resolution === undefined)
    .map(([flagId, { state, error, at }]) => ({ flagId, state, error, at }))
    .sort((a, b) => a.at.localeCompare(b.at) || a.flagId.localeCompare(b.flagId));
}

/** One failure of the case's workflow, flagged "needs attention". */
export interface AttentionRecord {
  /** The workflow state that failed. */
  state: string;
  /** The error's name or code (never its cause, which may hold data). */
  error: string;
  at: string;
  /** The flag state's entry that flagged it last: a retried invocation flags nothing twice. */
  entry: string;
  /** The supervisor's decision, once taken (kept: a redelivered resolution gets the same answer). */
  resolution?: { outcome: 'retry' | 'close'; taskId: string; at: string };
}

/**
 * Stages that another case's process sets on a case (a protection case referred to AVRR, while its
 * AVRR case is open): the case's own workflow, moving on or opening a step, leaves them until that
 * case ends (domain/cases/referral.ts moves it on then).
 */
export const HELD_STAGES: readonly string[] = ['referred-to-avrr'];

/** The stage a case at `current` takes when its workflow moves it to `proposed`. */
export function stageAfter(current: string, proposed: string): string {
  return HELD_STAGES.includes(current) ? current : proposed;
}

/** One service of a protection case's approved assistance plan, and what became of it. */
export interface CaseService {
  serviceId: string;
  type: string;
  urgency: string;
  dueAt: string;
  status: 'planned' | 'delivered' | 'not-delivered';
  deliveredAt?: string;
  deliveredBy?: 'staff' | 'partner';
  notDeliveredReason?: string;
}

/** A link between two cases of the same person in two programmes, kept on both (ids only). */
export interface CaseLink {
  caseId: string;
  programme: Programme;
  relation: 'referred-to' | 'referred-from';
}

/**
 * Per partner association: it sees the case until `until`, works on its partner tasks until
 * `tasksUntil` (a whole-case share), and on the tasks of each service it accepted the referral of
 * until `services[serviceId]`; `referrals`: its active service referrals (ids and codes), for its case list.
 */
export type PartnerAccess = Record<
  string,
  {
    until: string;
    tasksUntil?: string;
    services?: Record<string, string>;
    referrals?: { shareId: string; service: string; status: 'pending' | 'accepted'; until: string }[];
  }
>;

export interface CheckInRecord {
  outcome: 'completed' | 'unreachable' | 'missed';
  at: string;
  score?: SustainabilityScore;
}

export interface PersonRecord {
  personId: string;
  caseId: string;
  role: string;
  data: Record<string, unknown>;
  /**
   * Keys of `data` holding the most sensitive answers (health, trafficking): stored encrypted
   * under their own key. A reader that may not decrypt returns the record without them.
   */
  sensitiveFields?: string[];
  createdAt: string;
  /** Set by a correction (domain/privacy/correction.ts): optimistic concurrency of the next one. */
  updatedAt?: string;
  /** Set by an erasure: `data` is then empty (domain/privacy/erasure.ts). */
  erasedAt?: string;
  /**
   * The identity this person record shares with the person records of other cases (one person across
   * programmes): set when staff confirm a suggested match (domain/identity/matches.ts) or when a
   * referral carries the person over to a new case; absent, the person's own id. Never merged: each
   * case keeps its own person record and its own access.
   */
  subjectId?: string;
}

export interface SubmissionRecord {
  submissionId: string;
  caseId: string;
  formId: string;
  formVersion: number;
  receivedAt: string;
  /** The body exactly as received: immutable. */
  rawBody: string;
  fingerprint: string;
  /** The notice the person was shown before submitting. */
  notice?: NoticeRecord;
  /** The Idempotency-Key it came with, so that an erasure also removes that record. */
  idempotencyKey?: string;
  /** Set by an erasure: `rawBody` and `fingerprint` are then empty. */
  erasedAt?: string;
}

/** Why an applicant withdraws: a closed list, so that the case history holds a code, never free text. */
export const WITHDRAWAL_REASONS = ['changed-mind', 'family-reasons', 'health', 'found-work-or-status', 'other'] as const;
export type WithdrawalReason = (typeof WITHDRAWAL_REASONS)[number];

/**
 * Free text written about a case's people (a withdrawal reason in the applicant's words...): personal,
 * so it lives on its own item of the case, exported or erased with the persons' data, and never in
 * the history, logs or workflows, which refer to it by id.
 */
export interface CaseNote {
  noteId: string;
  caseId: string;
  kind: 'withdrawal-reason' | 'legal-basis-justification' | 'referral-rejection-reason';
  text: string;
  /** Who wrote it down: a staff or partner user's id (sub), or 'public' for a public form. */
  author: string;
  createdAt: string;
  /** Set by an erasure: `text` is then empty. */
  erasedAt?: string;
}

export type Actor = { kind: 'public' } | { kind: 'staff' | 'partner' | 'system'; id: string };

/** One entry of the append-only case history: who did what and when. Never personal data. */
export interface CaseEvent {
  caseId: string;
  eventId: string;
  at: string;
  type: string;
  actor: Actor;
  details: Record<string, unknown>;
}

export interface SubmissionReceipt {
  caseId: string;
  reference: string;
  formId: string;
  formVersion: number;
  receivedAt: string;
  status: 'received';
}

export interface IdempotencyRecord {
  key: string;
  fingerprint: string;
  receipt: SubmissionReceipt;
  createdAt: string;
  /** Epoch seconds after which the key may be forgotten (DynamoDB TTL). */
  expiresAt: number;
}

// The first phase each case type starts in is declared by its programme: `firstPhase` in
// domain/programmes/index.ts. Executions are named `${caseId}-${phase}`.
export function executionName(caseId: string, phase: string): string {
  return `${caseId}-${phase}`;
}

/**
 * A request to stop a case's running execution (the case closed because of another case: its
 * workflow must not wait for steps that were cancelled), written with the change that needs it and
 * carried out from the table's stream, as a WorkflowStart is.
 */
export interface WorkflowStopRecord {
  caseId: string;
  caseType: string;
  phase: string;
  executionName: string;
  cause: string;
  requestedAt: string;
}

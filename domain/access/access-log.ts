// The access log (law 09-08 accountability): every read of a case's data, by mission staff and by
// partner associations, recorded apart from the case history, for the data-protection officer.
// Ids only: who (sub, roles, association), what was read, which case (and task), when.
import { newEventId } from '../cases/event-id.ts';
import { isDataProtectionOfficer, partnerOf, type Caller, type StaffRole } from './roles.ts';

/**
 * What was read: a case (with its persons), its history, one of its tasks; a case found by its
 * reference (`reference`); a person search (`search`): one record of the search itself (no case: its
 * criterion and how many it found, never what was typed) and one per case it showed.
 */
export const ACCESS_KINDS = ['case', 'history', 'task', 'reference', 'search'] as const;

/** What a person search was by (docs/search.md): the kind only, never the terms. */
export const SEARCH_CRITERIA = ['name', 'phone', 'document'] as const;
export type SearchCriterion = (typeof SEARCH_CRITERIA)[number];
export type AccessKind = (typeof ACCESS_KINDS)[number];

export interface AccessRecord {
  entryId: string;
  at: string;
  /** The reader's sub: an opaque id of the staff directory. */
  by: string;
  roles: StaffRole[];
  partnerId?: string;
  what: AccessKind;
  /** Absent only on a search's own record. */
  caseId?: string;
  taskId?: string;
  /** A search's records: its id (the same on each), its criterion and how many persons it showed. */
  search?: { searchId: string; criterion: SearchCriterion; results: number; truncated?: boolean };
  /** Epoch seconds after which DynamoDB's TTL may delete the record (the retention period). */
  expiresAt: number;
}

/** How long an access record is kept unless configured otherwise: five years. */
export const DEFAULT_ACCESS_LOG_RETENTION_DAYS = 1826;

export function accessRecord(
  reader: Caller,
  read: { what: AccessKind; caseId?: string; taskId?: string; search?: AccessRecord['search'] },
  now: Date,
  retentionDays: number = DEFAULT_ACCESS_LOG_RETENTION_DAYS,
): AccessRecord {
  const partnerId = partnerOf(reader);
  return {
    // Time-ordered ids: records of one instant still sort in the order they were written.
    entryId: newEventId(),
    at: now.toISOString(),
    by: reader.sub,
    roles: [...reader.groups],
    ...(partnerId !== undefined ? { partnerId } : {}),
    what: read.what,
    ...(read.caseId !== undefined ? { caseId: read.caseId } : {}),
    ...(read.search !== undefined ? { search: read.search } : {}),
    ...(read.taskId !== undefined ? { taskId: read.taskId } : {}),
    expiresAt: Math.floor(now.getTime() / 1000) + retentionDays * 86_400,
  };
}

/** Only the data-protection officer reads the access log. */
export function mayReadAccessLog(caller: Pick<Caller, 'groups'>): boolean {
  return isDataProtectionOfficer(caller);
}

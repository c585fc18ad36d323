// Who may record and read the remittances information. It is the mission's own work, not a case's:
// partner associations' users and the data-protection officer see none of it (a session names the
// association that co-organised it, which its users could be told later, through a case-free route).
import { hasAnyRole, isStaff, type Caller } from '../access/roles.ts';

/** Caseworkers and supervisors record the financial-literacy sessions they held. */
export const mayRecordSessions = (caller: Caller): boolean => hasAnyRole(caller, 'caseworker', 'supervisor');

/** Supervisors and administrators import corridor price snapshots (they replace what staff show people). */
export const mayImportCorridorPrices = (caller: Caller): boolean => hasAnyRole(caller, 'supervisor', 'admin');

/** Mission staff (caseworkers, supervisors, administrators) read sessions, their totals and corridor prices. */
export const mayReadRemittanceInformation = (caller: Caller): boolean => isStaff(caller);

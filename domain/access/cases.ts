// Who may see a case (reading it, its history, withdrawing it).
import { isStaff, type Caller } from './roles.ts';

/** Staff see every case; a partner association sees only the cases shared with it. */
export function canSeeCase(caller: Caller, casePartnerId: string | undefined): boolean {
  if (isStaff(caller)) return true;
  return caller.groups.includes('partner') && caller.partnerId !== undefined && caller.partnerId === casePartnerId;
}

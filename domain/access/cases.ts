// Who may see a case (reading it, its history, withdrawing it).
import { isStaff, partnerOf, type Caller } from './roles.ts';

/** Staff see every case; a partner association sees only the cases shared with it. */
export function canSeeCase(caller: Caller, casePartnerId: string | undefined): boolean {
  if (isStaff(caller)) return true;
  const partnerId = partnerOf(caller);
  return partnerId !== undefined && partnerId === casePartnerId;
}

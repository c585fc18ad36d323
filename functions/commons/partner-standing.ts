// Whether a partner caller's association is a registered, active record: read once per request (one
// GetItem of the association's item) and remembered by the container for at most 60 seconds.
//
// Only an active record is remembered: a missing or deactivated association is read again on the
// next request, so a registration or a reactivation takes effect at once, while a deactivation takes
// effect in every container within 60 seconds (the time a warm container may still hold it active).
// What the caller then may do is the domain's to decide (domain/associations/access.ts, actingCaller).
import type { AssociationRecord } from '../../domain/associations/association.ts';
import { actingCaller } from '../../domain/associations/access.ts';
import { partnerOf, type Caller } from '../../domain/access/roles.ts';

/** How long a container trusts an association it read as active. */
export const PARTNER_STANDING_TTL_MS = 60_000;

export type AssociationLookup = (associationId: string) => Promise<Pick<AssociationRecord, 'associationId' | 'status'> | undefined>;

export class PartnerStanding {
  private readonly active = new Map<string, number>();

  constructor(
    private readonly lookup: AssociationLookup,
    private readonly ttlMs = PARTNER_STANDING_TTL_MS,
  ) {}

  /** The caller as the domain sees them: a partner user keeps their association only while it is active. */
  async callerFor(caller: Caller, now: Date, scope = ''): Promise<Caller> {
    const partnerId = partnerOf(caller);
    if (partnerId === undefined) return caller;
    const key = `${scope}\u0000${partnerId}`;
    const readAt = this.active.get(key);
    const at = now.getTime();
    if (readAt !== undefined && at >= readAt && at - readAt < this.ttlMs) return caller;
    this.active.delete(key);
    const association = await this.lookup(partnerId);
    const acting = actingCaller(caller, association);
    if (partnerOf(acting) !== undefined) this.active.set(key, at);
    return acting;
  }

  /** Forgets everything read (tests). */
  clear(): void {
    this.active.clear();
  }
}

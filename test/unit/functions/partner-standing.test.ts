// A partner caller acts for their association only while it is a registered, active record: the
// domain's rule, the container's 60-second memory of active associations, and the plumbing that
// resolves the caller once per request.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { actingCaller, associationScope } from '../../../domain/associations/access.ts';
import { isDetachedPartner, partnerOf, type Caller } from '../../../domain/access/roles.ts';
import { PartnerStanding, PARTNER_STANDING_TTL_MS } from '../../../functions/commons/partner-standing.ts';
import { partnerStanding, principalOf, resolveCaller } from '../../../functions/commons/auth.ts';
import { keys } from '../../../functions/adapters/dynamodb/keys.ts';
import { httpEvent } from '../../support/events.ts';

const partner: Caller = { sub: 'hajar', groups: ['partner'], partnerId: 'assoc-a' };
const caseworker: Caller = { sub: 'amina', groups: ['caseworker'] };
const active = { associationId: 'assoc-a', status: 'active' as const };
const inactive = { associationId: 'assoc-a', status: 'inactive' as const };

describe('actingCaller: whom a partner user acts for', () => {
  it('their association while it is a registered, active record', () => {
    expect(actingCaller(partner, active)).toEqual(partner);
  });

  it('none when it is deactivated or not registered: they see nothing and act on nothing', () => {
    for (const record of [inactive, undefined, { associationId: 'assoc-b', status: 'active' as const }]) {
      const acting = actingCaller(partner, record);
      expect(acting).toEqual({ sub: 'hajar', groups: ['partner'] });
      expect(partnerOf(acting)).toBeUndefined();
      expect(isDetachedPartner(acting)).toBe(true);
      expect(associationScope(acting)).toEqual({ kind: 'nothing' });
    }
  });

  it('leaves mission staff as they are', () => {
    expect(actingCaller(caseworker, undefined)).toEqual(caseworker);
    expect(isDetachedPartner(caseworker)).toBe(false);
  });
});

describe('PartnerStanding: one read per request, active associations remembered at most 60 s', () => {
  const t0 = new Date('2026-12-02T10:00:00.000Z');
  const later = (ms: number) => new Date(t0.getTime() + ms);

  it('reads the association once, then trusts it as active for less than 60 s', async () => {
    const reads: string[] = [];
    const standing = new PartnerStanding(async (id) => (reads.push(id), active));
    expect(await standing.callerFor(partner, t0)).toEqual(partner);
    expect(await standing.callerFor(partner, later(PARTNER_STANDING_TTL_MS - 1))).toEqual(partner);
    expect(reads).toEqual(['assoc-a']);
  });

  it('a deactivation takes effect once the 60 s have passed', async () => {
    let record: typeof active | typeof inactive = active;
    const standing = new PartnerStanding(async () => record);
    expect(partnerOf(await standing.callerFor(partner, t0))).toBe('assoc-a');
    record = inactive;
    expect(partnerOf(await standing.callerFor(partner, later(30_000)))).toBe('assoc-a');
    expect(partnerOf(await standing.callerFor(partner, later(PARTNER_STANDING_TTL_MS)))).toBeUndefined();
  });

  it('never remembers a missing or inactive association: a registration or reactivation counts at once', async () => {
    let record: typeof active | typeof inactive | undefined = undefined;
    const reads: string[] = [];
    const standing = new PartnerStanding(async (id) => (reads.push(id), record));
    expect(partnerOf(await standing.callerFor(partner, t0))).toBeUndefined();
    record = inactive;
    expect(partnerOf(await standing.callerFor(partner, later(1)))).toBeUndefined();
    record = active;
    expect(partnerOf(await standing.callerFor(partner, later(2)))).toBe('assoc-a');
    expect(reads).toHaveLength(3);
  });

  it('reads nothing for staff, and keeps tables (scopes) apart', async () => {
    const reads: string[] = [];
    const standing = new PartnerStanding(async (id) => (reads.push(id), active));
    expect(await standing.callerFor(caseworker, t0)).toEqual(caseworker);
    await standing.callerFor(partner, t0, 'table-1');
    await standing.callerFor(partner, t0, 'table-2');
    expect(reads).toEqual(['assoc-a', 'assoc-a']);
  });

  it('does not trust a reading from the future (a clock moved back)', async () => {
    const reads: string[] = [];
    const standing = new PartnerStanding(async (id) => (reads.push(id), active));
    await standing.callerFor(partner, t0);
    await standing.callerFor(partner, later(-1000));
    expect(reads).toHaveLength(2);
  });
});

describe('the HTTP plumbing: the caller resolved from the association item', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const event = () =>
    httpEvent({
      method: 'GET',
      path: '/cases',
      routeKey: 'GET /cases',
      claims: { sub: 'hajar', token_use: 'access', 'cognito:groups': '[partner]', partner_id: 'assoc-a' },
    });
  beforeEach(() => {
    process.env.TABLE_NAME = 'casework-standing-test';
    partnerStanding.clear();
  });
  afterEach(() => ddb.reset());

  it('an active association: its partnerId; one GetItem of its item', async () => {
    ddb.on(GetCommand, { Key: keys.association('assoc-a') }).resolves({ Item: { ...keys.association('assoc-a'), ...active } });
    const request = event();
    await resolveCaller(request);
    expect(principalOf(request)).toEqual(partner);
    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input.Key)).toEqual([keys.association('assoc-a')]);
  });

  it('a deactivated or missing association, or no resolution at all: no partnerId', async () => {
    ddb.on(GetCommand, { Key: keys.association('assoc-a') }).resolves({ Item: { ...keys.association('assoc-a'), ...inactive } });
    const request = event();
    await resolveCaller(request);
    expect(principalOf(request)).toEqual({ sub: 'hajar', groups: ['partner'] });
    ddb.on(GetCommand, { Key: keys.association('assoc-a') }).resolves({});
    const missing = event();
    await resolveCaller(missing);
    expect(principalOf(missing)).toEqual({ sub: 'hajar', groups: ['partner'] });
    expect(principalOf(event())).toEqual({ sub: 'hajar', groups: ['partner'] });
  });
});

// Protection and AVRR linked over HTTP on the local system: a protection referral referred to AVRR
// (its AVRR case starts its screening), withdrawn back to protection follow-up, departed (the
// protection case closes), a child's AVRR approval refused until a BID is recorded, and reopening.
// The protection workflow is not wired on this branch: what its case actions would do (record the
// BID, close the case) is done here through the domain's case actions on the local table.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { avrrScenario, decision } from '../support/avrr-driver.ts';
import { http } from '../support/local-system.ts';
import { getForm } from '../../domain/forms/index.ts';
import { closeCase } from '../../domain/cases/case-actions.ts';
import { newEventId } from '../../domain/cases/event-id.ts';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';

const avrr = avrrScenario();

/** The case store on the local system's table, standing in for the protection workflow's case actions. */
function tableStore(): DynamoCaseStore {
  const client = new DynamoDBClient({
    endpoint: avrr.system.endpoints.dynamodb,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return new DynamoCaseStore(DynamoDBDocumentClient.from(client), avrr.system.assembly.tables[0]!.tableName);
}

async function protectionReferral(example: number): Promise<string> {
  const response = await http(avrr.system, 'POST', '/forms/protection-referral/submissions', {
    body: getForm('protection-referral')!.examples[example],
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(response.status, response.text).toBe(201);
  return (response.body as { caseId: string }).caseId;
}

async function refer(caseId: string, body: Record<string, unknown> = { programme: 'avrr' }, language = 'fr') {
  return http(avrr.system, 'POST', `/cases/${caseId}/referrals`, {
    body,
    token: await avrr.token('caseworker'),
    headers: { 'accept-language': language },
  });
}

type Linked = {
  links?: { caseId: string; programme: string; relation: string }[];
  persons: { personId: string; role: string; subjectId?: string; data: Record<string, unknown> }[];
};

describe('a protection case referred to AVRR', () => {
  it('opens a linked AVRR case that starts its screening; the person carried over; a second referral is 409; a withdrawal returns it to follow-up', async () => {
    const protectionId = await protectionReferral(1);
    const referred = await refer(protectionId);
    expect(referred.status, referred.text).toBe(201);
    const avrrId = (referred.body as { caseId: string; reference: string }).caseId;
    expect((referred.body as { reference: string }).reference).toMatch(/^AVRR-/);

    // The AVRR process starts: its first human step opens.
    await avrr.openTask(avrrId, 'screening');
    const avrrView = (await avrr.view(avrrId)) as unknown as Linked;
    const protectionView = (await avrr.view(protectionId)) as unknown as Linked & { stage: string };
    expect(avrrView.links).toEqual([{ caseId: protectionId, programme: 'protection', relation: 'referred-from' }]);
    expect(protectionView.links).toEqual([{ caseId: avrrId, programme: 'avrr', relation: 'referred-to' }]);
    expect(protectionView.stage).toBe('referred-to-avrr');
    // Never retyped: the same person, the sensitive answer included, one subject.
    const before = protectionView.persons.find((p) => p.role === 'applicant')!;
    const after = avrrView.persons.find((p) => p.role === 'applicant')!;
    expect(after.data).toEqual(before.data);
    expect(after.data.vulnerabilityDetails).toBeDefined();
    expect(after.subjectId).toBe(before.personId);

    const again = await refer(protectionId, { programme: 'avrr' }, 'en');
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
    expect((again.body as { detail: string }).detail).toContain(avrrId);

    const withdrawn = await http(avrr.system, 'POST', `/cases/${avrrId}/withdrawal`, {
      body: { reasonCode: 'changed-mind' },
      token: await avrr.token('caseworker'),
    });
    expect(withdrawn.status, withdrawn.text).toBe(200);
    const told = (await avrr.history(protectionId)).find((e) => e.type === 'case.linked-case-closed');
    expect(told?.details).toMatchObject({ linkedCaseId: avrrId, reason: 'withdrawn', followUp: 'in-running-workflow' });
    expect((await avrr.view(protectionId)).stage).toBe('follow-up');
  });

  it('the person departs: the protection case closes as returned-home-avrr; it reopens for a new need, an AVRR case does not', async () => {
    const protectionId = await protectionReferral(1);
    const avrrId = ((await refer(protectionId)).body as { caseId: string }).caseId;
    await avrr.approved(avrrId);
    await avrr.prepared(avrrId);
    await avrr.step(avrrId, 'departure', 'caseworker', decision('departure', 'departed'));
    await avrr.closed(protectionId, 'returned-home-avrr');

    const reopened = await http(avrr.system, 'POST', `/cases/${protectionId}/reopening`, {
      body: { need: 'psychosocial' },
      token: await avrr.token('caseworker'),
    });
    expect(reopened.status, reopened.text).toBe(200);
    expect(await avrr.view(protectionId)).toMatchObject({ status: 'open', stage: 'reopened' });
    expect((await avrr.history(protectionId)).find((e) => e.type === 'case.reopened')).toMatchObject({
      actor: { kind: 'staff', id: 'amina.caseworker' },
      details: { need: 'psychosocial', reopenCount: 1, previousClosureReason: 'returned-home-avrr' },
    });
    const open = await http(avrr.system, 'POST', `/cases/${protectionId}/reopening`, {
      body: { need: 'psychosocial' },
      token: await avrr.token('caseworker'),
      headers: { 'accept-language': 'ar' },
    });
    expect(open.status).toBe(409);

    const withdrawnAvrr = await avrr.apply();
    await http(avrr.system, 'POST', `/cases/${withdrawnAvrr}/withdrawal`, {
      body: { reasonCode: 'health' },
      token: await avrr.token('caseworker'),
    });
    const refused = await http(avrr.system, 'POST', `/cases/${withdrawnAvrr}/reopening`, {
      body: { need: 'medical' },
      token: await avrr.token('caseworker'),
    });
    expect(refused.status).toBe(409);
    expect((refused.body as { type: string }).type).toBe('urn:casework:problem:reopeningNotAllowed');
  });
});

describe('an unaccompanied child referred to AVRR', () => {
  it('needs a legal ground to be referred without consent, and the return is approved only once a BID is recorded', async () => {
    // The child was referred on her best interests, without her own consent to processing.
    const protectionId = await protectionReferral(0);
    const refused = await refer(protectionId, { programme: 'avrr' }, 'en');
    expect(refused.status).toBe(409);
    expect((refused.body as { type: string }).type).toBe('urn:casework:problem:referralWithoutConsent');
    const referred = await refer(protectionId, { programme: 'avrr', overrideReason: 'best-interests-of-child' });
    expect(referred.status, referred.text).toBe(201);
    const avrrId = (referred.body as { caseId: string }).caseId;
    expect((await avrr.view(avrrId)) as unknown).toMatchObject({ facts: { childNeedsBid: true, isChild: true } });

    await avrr.step(avrrId, 'screening', 'caseworker', decision('screening', 'eligible', { escortRequired: true }));
    const approval = await avrr.openTask(avrrId, 'approval');
    const withoutBid = await avrr.complete(approval, 'supervisor', decision('approval', 'approved'));
    expect(withoutBid.status).toBe(409);
    expect((withoutBid.body as { type: string; detail: string }).type).toBe('urn:casework:problem:bestInterestsDeterminationRequired');

    // The panel's BID is recorded on the protection case (what the protection workflow's case action does).
    const store = tableStore();
    const found = (await store.getCase(protectionId))!;
    const at = new Date().toISOString();
    expect(
      await store.updateCase(
        found,
        { facts: { ...found.facts, bestInterests: { bidRecordedAt: at, bidRecommendation: 'repatriation' } }, updatedAt: at },
        {
          caseId: protectionId,
          eventId: newEventId(),
          at,
          type: 'best-interests.bid-recorded',
          actor: { kind: 'staff', id: 'panel' },
          details: {},
        },
      ),
    ).toBe(true);

    expect((await avrr.complete(approval, 'supervisor', decision('approval', 'approved'))).status).toBe(200);
    await avrr.openTask(avrrId, 'travel-document');
  });

  it('a protection case closed by its own workflow is reopened by a caseworker only', async () => {
    const protectionId = await protectionReferral(1);
    await closeCase({ caseId: protectionId, reason: 'needs-met' }, { store: tableStore(), now: () => new Date() });
    const bySupervisor = await http(avrr.system, 'POST', `/cases/${protectionId}/reopening`, {
      body: { need: 'legal' },
      token: await avrr.token('supervisor'),
    });
    expect(bySupervisor.status).toBe(403);
    const invalid = await http(avrr.system, 'POST', `/cases/${protectionId}/reopening`, {
      body: { need: 'x' },
      token: await avrr.token('caseworker'),
    });
    expect(invalid.status).toBe(422);
    const reopened = await http(avrr.system, 'POST', `/cases/${protectionId}/reopening`, {
      body: { need: 'legal' },
      token: await avrr.token('caseworker'),
    });
    expect(reopened.status, reopened.text).toBe(200);
  });
});

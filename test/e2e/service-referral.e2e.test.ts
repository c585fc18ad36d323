// Referral of one service to a partner association over HTTP on the local system: refused without
// consent (409, localized) unless a legal ground is recorded; pending, the association is told and
// sees the case without its persons in its list; it accepts (then sees the person and works on that
// service's task: claims, completes) or rejects with a code (its words kept out of the history);
// staff revoke (the claim ends, the task back to staff); unanswered, it ends with its `until`.
//
// The task the partner works on: the AVRR arrival step (caseworkers and partners), given the
// `serviceId` a protection service-delivery step carries (written on the task item here, as the
// protection workflow's step would open it), so that this test does not depend on that workflow.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { avrrScenario, decision, people } from '../support/avrr-driver.ts';
import { http } from '../support/local-system.ts';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import { registeredPartnerToken } from '../support/associations.ts';

const avrr = avrrScenario();

const B = 'association-b-tanger';
const A = 'association-a-nador';
const partner = (partnerId: string) => registeredPartnerToken(avrr.system, `user-of-${partnerId}`, partnerId);
const staff = () => avrr.token('caseworker');

async function now(): Promise<Date> {
  return new Date(((await http(avrr.system, 'GET', '/_local/clock')).body as { now: string }).now);
}

/** The task becomes the delivery of one service of the case (what the protection workflow opens). */
async function ofService(taskId: string, serviceId: string): Promise<void> {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: avrr.system.endpoints.dynamodb,
      region: 'eu-west-3',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  try {
    await client.send(
      new UpdateCommand({
        TableName: avrr.system.assembly.tables[0]!.tableName,
        Key: keys.task(taskId),
        UpdateExpression: 'SET serviceId = :s',
        ExpressionAttributeValues: { ':s': serviceId },
      }),
    );
  } finally {
    client.destroy();
  }
}

async function refer(
  caseId: string,
  partnerId: string,
  service: string,
  options: { days?: number; override?: boolean; language?: string } = {},
) {
  const until = new Date((await now()).getTime() + (options.days ?? 30) * 86_400_000).toISOString();
  return http(avrr.system, 'POST', `/cases/${caseId}/shares`, {
    body: {
      partnerId,
      scope: { service },
      purpose: 'service-delivery',
      until,
      ...(options.override === false ? {} : { overrideReason: 'vital-interests' }),
    },
    token: await staff(),
    ...(options.language ? { headers: { 'accept-language': options.language } } : {}),
  });
}

const answer = async (caseId: string, shareId: string, verb: 'accept' | 'reject', token: string, body?: unknown) =>
  http(avrr.system, 'POST', `/cases/${caseId}/shares/${shareId}/${verb}`, { token, ...(body !== undefined ? { body } : {}) });

async function caseList(partnerId: string, stage: string) {
  const response = await http(avrr.system, 'GET', `/cases?programme=avrr&stage=${stage}&limit=100`, { token: await partner(partnerId) });
  expect(response.status, response.text).toBe(200);
  return (response.body as { items: { caseId: string; referrals?: { shareId: string; status: string }[] }[] }).items;
}

async function queue(partnerId: string, which: 'partner' | 'mine' = 'partner'): Promise<string[]> {
  const response = await http(avrr.system, 'GET', `/tasks?queue=${which}&limit=100`, { token: await partner(partnerId) });
  expect(response.status, response.text).toBe(200);
  return (response.body as { items: { taskId: string }[] }).items.map((t) => t.taskId);
}

async function outbox(caseId: string) {
  const { messages } = (await http(avrr.system, 'GET', '/_local/outbox')).body as {
    messages: { caseId: string; template: string; recipient: Record<string, string>; params: Record<string, unknown> }[];
  };
  return messages.filter((m) => m.caseId === caseId);
}

async function history(caseId: string) {
  const response = await http(avrr.system, 'GET', `/cases/${caseId}/history`, { token: await staff() });
  expect(response.status, response.text).toBe(200);
  return (response.body as { events: { type: string; actor: unknown; details: Record<string, unknown> }[] }).events;
}

describe('a service referred to a partner association', () => {
  it('consent or a recorded ground; pending, accepted and worked on, revoked, rejected, unanswered; A never sees any of it', async () => {
    const caseId = await avrr.apply();
    await avrr.approved(caseId);
    await avrr.prepared(caseId);
    await avrr.step(caseId, 'departure', 'caseworker', decision('departure', 'departed'));
    const taskId = await avrr.openTask(caseId, 'arrival');
    const service = randomUUID();
    await ofService(taskId, service);
    const { stage } = await avrr.view(caseId);

    // Without consent to share with B and without a ground: 409 with the reason, in the caller's language.
    const refused = await refer(caseId, B, service, { override: false, language: 'ar' });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.headers.get('content-language')).toBe('ar');
    expect(refused.body).toMatchObject({ type: expect.stringContaining('shareWithoutConsent') });

    // Pending: B told, the case in its list with the referral, without its persons; no task yet.
    const made = await refer(caseId, B, service);
    expect(made.status, made.text).toBe(201);
    const shareId = (made.body as { shareId: string }).shareId;
    expect(made.body).toMatchObject({ status: 'pending', active: true, scope: { service } });
    expect(await outbox(caseId)).toContainEqual(
      expect.objectContaining({ template: 'referral-received', recipient: { kind: 'role', role: 'partner', partnerId: B } }),
    );
    expect((await caseList(B, stage)).find((c) => c.caseId === caseId)).toMatchObject({ referrals: [{ shareId, status: 'pending' }] });
    const pendingView = await http(avrr.system, 'GET', `/cases/${caseId}`, { token: await partner(B) });
    expect(pendingView.status, pendingView.text).toBe(200);
    expect(pendingView.body).toMatchObject({ persons: [], referrals: [{ shareId, service, status: 'pending' }] });
    expect(await queue(B)).not.toContain(taskId);
    expect((await http(avrr.system, 'GET', `/tasks/${taskId}`, { token: await partner(B) })).status).toBe(404);
    // One partner at a time for a service.
    expect((await refer(caseId, A, service)).status).toBe(409);

    // Only B's users answer: A is told nothing exists, staff are refused, a bad rejection is a 422.
    expect((await answer(caseId, shareId, 'accept', await partner(A))).status).toBe(404);
    expect((await answer(caseId, shareId, 'accept', await staff())).status).toBe(403);
    const invalid = await answer(caseId, shareId, 'reject', await partner(B), { reasonCode: 'busy', extra: 1 });
    expect(invalid.status, invalid.text).toBe(422);
    expect((invalid.body as { errors: unknown[] }).errors).toHaveLength(2);

    // Accepted: the person, and the service's task in B's queue; B's user claims it.
    const accepted = await answer(caseId, shareId, 'accept', await partner(B));
    expect(accepted.status, accepted.text).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', respondedBy: `user-of-${B}` });
    expect((await answer(caseId, shareId, 'accept', await partner(B))).status).toBe(409);
    const fullView = await http(avrr.system, 'GET', `/cases/${caseId}`, { token: await partner(B) });
    expect((fullView.body as { persons: unknown[] }).persons.length).toBeGreaterThan(0);
    expect(await queue(B)).toContain(taskId);
    expect((await http(avrr.system, 'POST', `/tasks/${taskId}/claim`, { token: await partner(B) })).status).toBe(200);
    expect(await queue(B, 'mine')).toContain(taskId);
    expect(await outbox(caseId)).toContainEqual(
      expect.objectContaining({ template: 'referral-answered', recipient: { kind: 'user', sub: people.caseworker.sub } }),
    );
    expect((await http(avrr.system, 'GET', `/cases/${caseId}`, { token: await partner(A) })).status).toBe(404);
    expect(await queue(A)).not.toContain(taskId);

    // Revoked: B loses the case and the task at once; its claim ends, the task back with staff.
    const revoked = await http(avrr.system, 'POST', `/cases/${caseId}/shares/${shareId}/revoke`, { token: await staff() });
    expect(revoked.status, revoked.text).toBe(200);
    expect((await http(avrr.system, 'GET', `/cases/${caseId}`, { token: await partner(B) })).status).toBe(404);
    expect(await queue(B)).not.toContain(taskId);
    expect(await queue(B, 'mine')).not.toContain(taskId);
    expect(
      (
        await http(avrr.system, 'POST', `/tasks/${taskId}/complete`, {
          body: { decision: await avrr.dated(decision('arrival')) },
          token: await partner(B),
        })
      ).status,
    ).toBe(404);
    expect((await avrr.view(caseId)).tasks.find((t) => t.taskId === taskId)).toMatchObject({ status: 'open' });

    // Rejected by A, with a code and its own words: nothing granted; the words are not in the history.
    const toA = await refer(caseId, A, service);
    expect(toA.status, toA.text).toBe(201);
    const aShare = (toA.body as { shareId: string }).shareId;
    const rejected = await answer(caseId, aShare, 'reject', await partner(A), {
      reasonCode: 'no-capacity',
      reason: 'Pas de médecin ce mois-ci.',
    });
    expect(rejected.status, rejected.text).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: 'no-capacity', active: false });
    expect((await http(avrr.system, 'GET', `/cases/${caseId}`, { token: await partner(A) })).status).toBe(404);
    expect(await queue(A)).not.toContain(taskId);
    expect((await http(avrr.system, 'POST', `/cases/${caseId}/shares/${aShare}/revoke`, { token: await staff() })).status).toBe(409);

    // Unanswered: it ends with its `until`; no answer after that.
    const short = await refer(caseId, B, service, { days: 2 });
    expect(short.status, short.text).toBe(201);
    await avrr.advance('P3D');
    expect((await caseList(B, stage)).map((c) => c.caseId)).not.toContain(caseId);
    expect((await answer(caseId, (short.body as { shareId: string }).shareId, 'accept', await partner(B))).status).toBe(409);

    // Referred again and accepted: B delivers the service (completes the step).
    const again = await refer(caseId, B, service);
    expect((await answer(caseId, (again.body as { shareId: string }).shareId, 'accept', await partner(B))).status).toBe(200);
    const done = await http(avrr.system, 'POST', `/tasks/${taskId}/complete`, {
      body: { decision: await avrr.dated(decision('arrival')) },
      token: await partner(B),
    });
    expect(done.status, done.text).toBe(200);

    // Every step in the history, codes and ids only.
    const events = await history(caseId);
    const types = events.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['case.shared', 'case.referral-accepted', 'case.share-revoked', 'task.claim-ended', 'case.referral-rejected']),
    );
    expect(events.find((e) => e.type === 'case.referral-rejected')!.details).toMatchObject({ shareId: aShare, reasonCode: 'no-capacity' });
    expect(JSON.stringify(events)).not.toContain('médecin');
  }, 120_000);
});

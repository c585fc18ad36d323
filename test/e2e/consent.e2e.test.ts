// Consent end to end, over HTTP on the local system: what intake records and the case shows, and
// what a revocation does: the beneficiary's pending reminder is not sent, the partner's access ends,
// processing goes on only on another recorded ground; each with its effect in the history.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { avrrScenario, decision } from '../support/avrr-driver.ts';
import { http } from '../support/local-system.ts';
import { getForm } from '../../domain/forms/index.ts';
import { registeredPartnerToken } from '../support/associations.ts';

const avrr = avrrScenario();
const RED_CRESCENT = 'croissant-rouge-marocain';
/** Each test drives whole steps and moves the clock through their schedules: slow on a busy machine. */
const SLOW = 120_000;

type Consent = { purpose: string; partnerId?: string; basis: string; given: boolean; revokedAt?: string; revokedBy?: string };

async function caseAs(caseId: string, token: string) {
  return http(avrr.system, 'GET', `/cases/${caseId}`, { token });
}

async function changeConsent(caseId: string, body: Record<string, unknown>) {
  return http(avrr.system, 'POST', `/cases/${caseId}/consents`, { body, token: await avrr.token('caseworker') });
}

async function toBeneficiary(caseId: string) {
  return (await avrr.outbox(caseId)).filter((message) => message.recipient.kind === 'beneficiary');
}

describe('intake: consent by purpose and the notice shown', () => {
  it(
    'the case shows each purpose with its basis, and which notice (version, language) the person was shown',
    async () => {
      const body = getForm('avrr-application')!.examples[0];
      const created = await http(avrr.system, 'POST', '/forms/avrr-application/submissions', {
        body,
        headers: { 'idempotency-key': randomUUID(), 'notice-language': 'ar', 'accept-language': 'fr' },
      });
      expect(created.status, created.text).toBe(201);
      const { caseId } = created.body as { caseId: string };
      const form = await http(avrr.system, 'GET', '/forms/avrr-application', { headers: { 'accept-language': 'ar' } });
      const shown = (form.body as { notice: { version: string; cndpReference: string } }).notice;

      const view = (await caseAs(caseId, await avrr.token('caseworker'))).body as { consents: Consent[]; notice: Record<string, unknown> };
      expect(view.consents.map((c) => [c.purpose, c.partnerId ?? null, c.basis, c.given])).toEqual([
        ['processing', null, 'consent', true],
        ['follow-up-contact', null, 'consent', true],
        ['sharing', RED_CRESCENT, 'consent', true],
      ]);
      expect(view.notice).toMatchObject({
        formId: 'avrr-application',
        noticeVersion: shown.version,
        language: 'ar',
        languageSource: 'notice-language-header',
        cndpReference: shown.cndpReference,
      });
    },
    SLOW,
  );
});

describe('follow-up contact revoked', () => {
  it(
    'the reminder planned for the beneficiary is not sent; the history shows the revocation, its effect and the message withheld',
    async () => {
      // Two applicants asked for more documents: told at once, reminded two days before the due date.
      const kept = await avrr.apply();
      const revoked = await avrr.apply();
      for (const caseId of [kept, revoked]) {
        await avrr.step(caseId, 'screening', 'caseworker', decision('screening', 'more-information-needed'));
        await avrr.openTask(caseId, 'additional-information');
        expect(await toBeneficiary(caseId)).toHaveLength(1);
      }

      // One of them tells the caseworker they no longer want to be contacted.
      const response = await changeConsent(revoked, { action: 'revoke', purpose: 'follow-up-contact' });
      expect(response.status, response.text).toBe(200);
      expect((response.body as { effect: Record<string, unknown> }).effect).toMatchObject({
        effect: 'beneficiary-messages-stopped',
        pendingMessagesCancelled: 1,
      });

      await avrr.advance('P13D');

      expect(await toBeneficiary(kept)).toHaveLength(2);
      expect((await toBeneficiary(kept))[1]).toMatchObject({ template: 'documents-requested', channel: 'sms' });
      expect(await toBeneficiary(revoked)).toHaveLength(1);

      const history = await avrr.history(revoked);
      expect(history.find((event) => event.type === 'consent.revoked')).toMatchObject({
        actor: { kind: 'staff', id: 'amina.caseworker' },
        details: { purpose: 'follow-up-contact', effect: 'beneficiary-messages-stopped', pendingMessagesCancelled: 1 },
      });
      expect(history.find((event) => event.type === 'notification.withheld')).toMatchObject({
        actor: { kind: 'system', id: 'reminders' },
        details: { kind: 'beneficiary', template: 'documents-requested', reason: 'no-follow-up-contact-consent' },
      });

      const view = (await caseAs(revoked, await avrr.token('supervisor'))).body as { consents: Consent[] };
      expect(view.consents.find((c) => c.purpose === 'follow-up-contact')).toMatchObject({ given: false, revokedBy: 'amina.caseworker' });
    },
    SLOW,
  );
});

describe('sharing revoked', () => {
  it(
    "ends the partner's consent-based share: its GET /cases/{id} is refused; sharing again is refused without a legal ground",
    async () => {
      const caseId = await avrr.apply();
      const share = await http(avrr.system, 'POST', `/cases/${caseId}/shares`, {
        body: { partnerId: RED_CRESCENT, scope: 'case', purpose: 'referral', until: '2027-06-01T00:00:00Z' },
        token: await avrr.token('caseworker'),
      });
      expect(share.status, share.text).toBe(201);
      const partner = await registeredPartnerToken(avrr.system, 'crm-officer', RED_CRESCENT);
      const seen = await caseAs(caseId, partner);
      expect(seen.status).toBe(200);
      // The partner sees the consent it works under, not the notice record.
      expect((seen.body as { consents: Consent[] }).consents.filter((c) => c.purpose === 'sharing')).toEqual([
        expect.objectContaining({ partnerId: RED_CRESCENT, given: true }),
      ]);
      expect(seen.body).not.toHaveProperty('notice');

      const response = await changeConsent(caseId, { action: 'revoke', purpose: 'sharing', partnerId: RED_CRESCENT });
      expect(response.status, response.text).toBe(200);
      expect((response.body as { endedShares: string[] }).endedShares).toHaveLength(1);

      expect((await caseAs(caseId, partner)).status).toBe(404);
      const history = await avrr.history(caseId);
      expect(history.find((event) => event.type === 'consent.revoked')).toMatchObject({
        details: { purpose: 'sharing', partnerId: RED_CRESCENT, effect: 'shares-ended:1', partnerAccessEnded: true },
      });
      expect(history.find((event) => event.type === 'case.share-revoked')).toMatchObject({ details: { cause: 'consent-revoked' } });

      const again = await http(avrr.system, 'POST', `/cases/${caseId}/shares`, {
        body: { partnerId: RED_CRESCENT, scope: 'case', purpose: 'referral', until: '2027-06-01T00:00:00Z' },
        token: await avrr.token('caseworker'),
      });
      expect(again.status).toBe(409);
    },
    SLOW,
  );
});

describe('processing consent revoked', () => {
  it(
    'needs the legal ground processing goes on on (422 without), which the case then shows',
    async () => {
      const caseId = await avrr.apply();
      const refused = await http(avrr.system, 'POST', `/cases/${caseId}/consents`, {
        body: { action: 'revoke', purpose: 'processing' },
        token: await avrr.token('caseworker'),
        headers: { 'accept-language': 'en' },
      });
      expect(refused.status).toBe(422);
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
      expect((refused.body as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toEqual(['/basis']);

      const response = await changeConsent(caseId, { action: 'revoke', purpose: 'processing', basis: 'legal-obligation' });
      expect(response.status, response.text).toBe(200);
      const view = (await caseAs(caseId, await avrr.token('caseworker'))).body as { consents: Consent[] };
      expect(view.consents.find((c) => c.purpose === 'processing')).toMatchObject({ basis: 'legal-obligation', given: false });
      const history = await avrr.history(caseId);
      expect(history.find((event) => event.type === 'consent.revoked')).toMatchObject({
        details: { purpose: 'processing', effect: 'processing-continues-on-other-ground', basis: 'legal-obligation' },
      });
    },
    SLOW,
  );
});

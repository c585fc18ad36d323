// Consent against DynamoDB Local: what intake records (consent by purpose and its basis, the notice
// shown, a justification kept as a note), and that a revoked consent holds against a share decided
// on an older read and against a beneficiary reminder planned before it.
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getForm } from '../../domain/forms/index.ts';
import { submitForm } from '../../domain/intake/submit-form.ts';
import { openTask, type ReminderScheduler } from '../../domain/tasks/open-task.ts';
import { sendTaskReminder } from '../../domain/tasks/remind.ts';
import { changeConsent } from '../../domain/consent/consents.ts';
import { newShare, shareStillAllowed } from '../../domain/sharing/shares.ts';
import type { Caller } from '../../domain/access/roles.ts';
import { DynamoIntakeStore } from '../../functions/adapters/dynamodb/intake-store.ts';
import { DynamoTaskStore } from '../../functions/adapters/dynamodb/task-store.ts';
import { DynamoShareStore } from '../../functions/adapters/dynamodb/share-store.ts';
import { getCase } from '../../functions/adapters/dynamodb/case-reader.ts';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import { freshTable } from '../support/table.ts';
import { testNotice } from '../support/notice.ts';
import { caseNoteFromItem } from '../../functions/adapters/dynamodb/items.ts';
import { localFieldCipher } from '../support/field-key.ts';

let documentClient: DynamoDBDocumentClient;
let tableName: string;
const clock = new Date('2026-12-01T09:00:00Z');
const amina: Caller = { sub: 'amina', groups: ['caseworker'] };

beforeAll(async () => {
  ({ tableName, documentClient } = await freshTable());
});

// One key for the whole file: notes sealed at intake are opened below.
const cipher = localFieldCipher();

async function submit(formId: string, example = 0, notice = testNotice): Promise<string> {
  const body = getForm(formId)!.examples[example];
  const { receipt } = await submitForm(
    { formId, rawBody: JSON.stringify(body), body, idempotencyKey: `it-${randomUUID()}`, language: 'fr', notice },
    { store: new DynamoIntakeStore(documentClient, tableName, cipher), now: () => clock },
  );
  return receipt.caseId;
}

async function partition(caseId: string): Promise<Record<string, unknown>[]> {
  const { Items } = await documentClient.send(
    new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `CASE#${caseId}` } }),
  );
  return Items ?? [];
}

describe('intake records consent by purpose and the notice shown', () => {
  it('an AVRR application: consent for each purpose, one sharing record per partner, the notice version and language', async () => {
    const caseId = await submit('avrr-application', 0, { ...testNotice, language: 'ar', languageSource: 'notice-language-header' });
    const found = (await getCase(documentClient, tableName, caseId, true))!;
    expect(found.consents).toEqual([
      { purpose: 'processing', basis: 'consent', given: true, source: 'intake', at: clock.toISOString(), givenAt: clock.toISOString() },
      {
        purpose: 'follow-up-contact',
        basis: 'consent',
        given: true,
        source: 'intake',
        at: clock.toISOString(),
        givenAt: clock.toISOString(),
      },
      {
        purpose: 'sharing',
        partnerId: 'croissant-rouge-marocain',
        basis: 'consent',
        given: true,
        source: 'intake',
        at: clock.toISOString(),
        givenAt: clock.toISOString(),
      },
    ]);
    expect(found.notice).toMatchObject({
      formId: 'avrr-application',
      formVersion: getForm('avrr-application')!.version,
      language: 'ar',
      languageSource: 'notice-language-header',
      cndpReference: 'D-GC-123/2026',
    });
    expect(found.notice!.noticeVersion).toMatch(/^[0-9a-f]{64}$/);
    const submission = (await partition(caseId)).find((item) => item.entity === 'Submission')!;
    expect(submission.notice).toEqual(found.notice);
  });

  it('a child referred without consent: processing on vital interests, the justification a note of the case, nowhere else', async () => {
    const caseId = await submit('protection-referral', 0);
    const found = (await getCase(documentClient, tableName, caseId, true))!;
    const processing = found.consents!.find((c) => c.purpose === 'processing')!;
    expect(processing).toMatchObject({ basis: 'vital-interests', given: false, source: 'intake' });
    const items = await partition(caseId);
    const note = items.find((item) => item.entity === 'CaseNote')!;
    expect(note).toMatchObject({ kind: 'legal-basis-justification', noteId: processing.justificationNoteId, author: 'public' });
    expect(note.text).toBeInstanceOf(Uint8Array);
    expect((await caseNoteFromItem(note, cipher)).text).toContain('intérêt supérieur');
    const elsewhere = items.filter((item) => item.entity !== 'CaseNote' && item.entity !== 'Submission');
    expect(JSON.stringify(elsewhere)).not.toContain('intérêt supérieur');
    const history = items.find((item) => item.entity === 'CaseEvent')!;
    expect(history.details).toMatchObject({ legalBases: { processing: 'vital-interests', 'follow-up-contact': 'consent' } });
  });
});

describe('a revoked consent holds', () => {
  it('a share decided on a read from before the revocation of the consent to share is refused', async () => {
    const caseId = await submit('avrr-application', 0);
    const shares = new DynamoShareStore(documentClient, tableName);
    const before = (await getCase(documentClient, tableName, caseId, true))!;
    // Meanwhile, another caseworker records that the person revoked sharing with that partner.
    const revocation = changeConsent(
      before,
      { action: 'revoke', purpose: 'sharing', partnerId: 'croissant-rouge-marocain' },
      [],
      amina,
      clock,
    );
    expect(
      await shares.changeConsent(
        before,
        { facts: revocation.facts, consents: revocation.consents },
        revocation.event,
        [],
        await shares.sharesOfCase(caseId, true),
      ),
    ).toBe(true);
    // The share, decided on the older read (consent still there), must not be stored.
    const late = newShare(
      before,
      { partnerId: 'croissant-rouge-marocain', scope: 'case', purpose: 'referral', until: '2027-01-01T00:00:00Z' },
      amina,
      clock,
    );
    expect(await shares.createShare(late.share, late.event, (current) => shareStillAllowed(late.share, current))).toBe('case-changed');
    expect(await shares.sharesOfCase(caseId)).toEqual([]);
  });

  it('a share decided on an older read stands when only something else of the case changed meanwhile', async () => {
    const caseId = await submit('avrr-application', 0);
    const shares = new DynamoShareStore(documentClient, tableName);
    const before = (await getCase(documentClient, tableName, caseId, true))!;
    // Meanwhile the case changes (here, follow-up contact revoked: a new version), not the consent to share.
    const revocation = changeConsent(before, { action: 'revoke', purpose: 'follow-up-contact' }, [], amina, clock);
    expect(await shares.changeConsent(before, { facts: revocation.facts, consents: revocation.consents }, revocation.event, [], [])).toBe(
      true,
    );
    const late = newShare(
      before,
      { partnerId: 'croissant-rouge-marocain', scope: 'case', purpose: 'referral', until: '2027-01-01T00:00:00Z' },
      amina,
      clock,
    );
    expect(await shares.createShare(late.share, late.event, (current) => shareStillAllowed(late.share, current))).toBe('created');
    expect((await shares.sharesOfCase(caseId)).map((share) => share.shareId)).toEqual([late.share.shareId]);
  });

  it('a beneficiary reminder planned before a revocation of follow-up contact is withheld, and the history says so', async () => {
    const caseId = await submit('avrr-application', 0);
    const store = new DynamoTaskStore(documentClient, tableName);
    const scheduled: string[] = [];
    const reminders: ReminderScheduler = {
      schedule: async (_task, times) => {
        scheduled.push(...times.map((t) => t.kind));
      },
    };
    const { taskId } = await openTask(
      {
        token: `token-${randomUUID()}`,
        stateEntry: `arn:execution:${caseId}-return#Additional information#${clock.toISOString()}`,
        caseId,
        phase: 'return',
        step: 'additional-information',
        beneficiaryTemplate: 'documents-requested',
        beneficiaryParams: { documents: 'proof-of-nationality' },
      },
      { store, reminders, now: () => clock },
    );
    expect(scheduled).toContain('beneficiary');

    const found = (await store.getCase(caseId))!;
    const later = new Date(clock.getTime() + 3600_000);
    const revocation = changeConsent(found, { action: 'revoke', purpose: 'follow-up-contact' }, [], amina, later, 1);
    const shares = new DynamoShareStore(documentClient, tableName);
    await shares.changeConsent(
      found,
      { facts: revocation.facts, consents: revocation.consents },
      revocation.event,
      [],
      await shares.sharesOfCase(caseId, true),
    );

    const outboxBefore = await outboxOf(caseId);
    const outcome = await sendTaskReminder(
      { taskId, kind: 'beneficiary' },
      { store, now: () => new Date(clock.getTime() + 12 * 86400_000) },
    );
    expect(outcome).toBe('withheld');
    expect(await outboxOf(caseId)).toEqual(outboxBefore);
    const types = (await partition(caseId)).filter((item) => item.entity === 'CaseEvent').map((item) => item.type);
    expect(types).toEqual(expect.arrayContaining(['consent.revoked', 'notification.withheld']));
    const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: keys.task(taskId) }));
    expect(Item?.beneficiaryMessage).toMatchObject({ template: 'documents-requested' });
  });
});

async function outboxOf(caseId: string): Promise<unknown[]> {
  const { Items } = await documentClient.send(
    new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'OUTBOX' } }),
  );
  return (Items ?? []).filter((item) => item.caseId === caseId);
}

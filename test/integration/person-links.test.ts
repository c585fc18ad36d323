// One person across programmes against DynamoDB Local: suggestions stored after intake from the
// identity index (as the table's stream makes them: once per pair, whichever side finds it,
// redeliveries and racing submissions included), a confirmation that
// links the records conditionally and records it in both histories, a dismissal, a supervisor's
// undo, the other cases of a subject, and the data-protection officer finding every linked record.
import { randomUUID } from 'node:crypto';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../domain/access/roles.ts';
import { getForm } from '../../domain/forms/index.ts';
import { decideMatch, MatchConflict, suggestForNewCase } from '../../domain/identity/matches.ts';
import { submitForm } from '../../domain/intake/submit-form.ts';
import { findSubject } from '../../domain/privacy/subject.ts';
import { planCorrection } from '../../domain/privacy/correction.ts';
import { DynamoIntakeStore } from '../../functions/adapters/dynamodb/intake-store.ts';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import { DynamoPersonLinks } from '../../functions/adapters/dynamodb/person-links.ts';
import { DynamoPrivacyStore } from '../../functions/adapters/dynamodb/privacy-store.ts';
import { DynamoCaseReader } from '../../functions/adapters/dynamodb/case-reader.ts';
import { freshTable } from '../support/table.ts';
import { testNotice } from '../support/notice.ts';
import { localFieldCipher } from '../support/field-key.ts';

let documentClient: DynamoDBDocumentClient;
let tableName: string;
let intake: DynamoIntakeStore;
let links: DynamoPersonLinks;
let privacy: DynamoPrivacyStore;
let reader: DynamoCaseReader;
// Each submission a second after the one before (a pair's suggestion goes on the newer case).
let tick = Date.parse('2026-12-01T09:00:00Z');
const now = () => new Date((tick += 1000));
const caseworker: Caller = { sub: 'amina', groups: ['caseworker'] };
const supervisor: Caller = { sub: 'karim', groups: ['supervisor'] };

beforeAll(async () => {
  ({ tableName, documentClient } = await freshTable());
  const cipher = localFieldCipher();
  intake = new DynamoIntakeStore(documentClient, tableName, cipher);
  links = new DynamoPersonLinks(documentClient, tableName);
  privacy = new DynamoPrivacyStore(documentClient, tableName, cipher);
  reader = new DynamoCaseReader(documentClient, tableName);
});

/** An AVRR application of someone, with a fresh name so that tests do not meet each other. */
function avrrBody(familyName: string, dateOfBirth: string, document?: string) {
  const body = structuredClone(getForm('avrr-application')!.examples[0]) as { applicant: Record<string, unknown> };
  body.applicant.familyName = familyName;
  body.applicant.dateOfBirth = dateOfBirth;
  body.applicant.identityDocument = document ? { type: 'passport', number: document } : { type: 'none' };
  return body;
}

/** A protection referral of someone (an adult victim of trafficking, consenting). */
function referralBody(familyName: string, dateOfBirth: string) {
  const body = structuredClone(getForm('protection-referral')!.examples[1]) as { person: Record<string, unknown> };
  body.person = { givenNames: 'Mamadou Aliou', familyName, sex: 'male', dateOfBirth, nationality: 'GN' };
  return body;
}

/** A submission stored, without its suggestions (as the request path does). */
async function store(formId: string, body: unknown, idempotencyKey = randomUUID()) {
  const { receipt } = await submitForm(
    { formId, rawBody: JSON.stringify(body), body, idempotencyKey, language: 'fr', notice: testNotice },
    { store: intake, now },
  );
  return { caseId: receipt.caseId, idempotencyKey };
}

/** A submission stored at a given time, without its suggestions. */
async function submitFormAt(formId: string, body: unknown, at: string) {
  const { receipt } = await submitForm(
    { formId, rawBody: JSON.stringify(body), body, idempotencyKey: randomUUID(), language: 'fr', notice: testNotice },
    { store: intake, now: () => new Date(at) },
  );
  return receipt.caseId;
}

/** Then what the table's stream does with its `case.submitted` event (functions/suggest-matches). */
const suggest = (caseId: string) => suggestForNewCase(caseId, links, now().toISOString());

/** A submission stored, then its suggestions made. */
async function submit(formId: string, body: unknown, idempotencyKey = randomUUID()) {
  const stored = await store(formId, body, idempotencyKey);
  await suggest(stored.caseId);
  return stored;
}

const mainOf = async (caseId: string) => (await reader.getPersons(caseId)).find((p) => p.role === 'applicant')!;
const get = async (key: { PK: string; SK: string }) => (await documentClient.send(new GetCommand({ TableName: tableName, Key: key }))).Item;
const historyTypes = async (caseId: string) => (await reader.getHistory(caseId)).map((e) => e.type);

describe('suggestions at intake', () => {
  it('a second programme’s submission of the same person gets one suggestion (ids and criteria); replays and the other side add none', async () => {
    const first = await submit('avrr-application', avrrBody('Diallo-One', '1994-06-12'));
    expect(await links.matchesOfCase(first.caseId)).toEqual([]);
    // Day and month swapped at the second intake: only the looser rule meets it.
    const secondBody = referralBody('DIALLO-one', '1994-12-06');
    const second = await submit('protection-referral', secondBody);
    const [p1, p2] = [await mainOf(first.caseId), await mainOf(second.caseId)];
    const matches = await links.matchesOfCase(second.caseId);
    expect(matches).toEqual([
      expect.objectContaining({
        caseId: second.caseId,
        personId: p2.personId,
        candidate: { caseId: first.caseId, personId: p1.personId, subjectId: p1.personId, programme: 'avrr' },
        criteria: ['name-birth-year'],
        status: 'suggested',
      }),
    ]);
    expect(JSON.stringify(matches)).not.toMatch(/Diallo|1994|Mamadou/i);
    expect(await historyTypes(second.caseId)).toContain('person.match-suggested');

    // The same submission again (a client's retry) and its event delivered again (the stream is at
    // least once): the same answer, no second suggestion.
    await submit('protection-referral', secondBody, second.idempotencyKey);
    await Promise.all([suggest(second.caseId), suggest(second.caseId)]);
    expect(await links.matchesOfCase(second.caseId)).toHaveLength(1);
    expect((await historyTypes(second.caseId)).filter((t) => t === 'person.match-suggested')).toHaveLength(1);
    // The first case's event delivered again finds the second: the pair was suggested already.
    await submit('avrr-application', avrrBody('Diallo-One', '1994-06-12'), first.idempotencyKey);
    expect(await links.matchesOfCase(first.caseId)).toEqual([]);
  });

  it('two submissions of one person racing each other: both stored before either is matched, in either order, one suggestion of the pair', async () => {
    for (const order of ['first-then-second', 'second-then-first', 'together'] as const) {
      const name = { 'first-then-second': 'Keita-Race', 'second-then-first': 'Traore-Race', together: 'Camara-Race' }[order];
      const [a, b] = await Promise.all([
        store('avrr-application', avrrBody(name, '1993-02-03')),
        store('avrr-application', avrrBody(name, '1993-02-03')),
      ]);
      if (order === 'first-then-second') {
        await suggest(a.caseId);
        await suggest(b.caseId);
      } else if (order === 'second-then-first') {
        await suggest(b.caseId);
        await suggest(a.caseId);
      } else await Promise.all([suggest(a.caseId), suggest(b.caseId), suggest(a.caseId)]);
      const found = [...(await links.matchesOfCase(a.caseId)), ...(await links.matchesOfCase(b.caseId))];
      expect(found, order).toHaveLength(1);
      expect(found[0]!.criteria).toEqual(['name-dob', 'name-birth-year']);
      // On the newer case, whichever side found it.
      const createdAt = async (caseId: string) => (await reader.getCase(caseId))!.createdAt;
      const [older, newer] = (await createdAt(a.caseId)) < (await createdAt(b.caseId)) ? [a.caseId, b.caseId] : [b.caseId, a.caseId];
      expect(found[0]).toMatchObject({ caseId: newer, candidate: { caseId: older } });
      expect(await historyTypes(newer)).toContain('person.match-suggested');
      expect(await historyTypes(older)).not.toContain('person.match-suggested');
    }
  });

  it('a case matched before the other is stored finds nothing; the later one, matched after its write, finds it', async () => {
    const a = await store('avrr-application', avrrBody('Diallo-Later', '1992-04-05'));
    expect(await suggest(a.caseId)).toEqual([]);
    const b = await store('avrr-application', avrrBody('Diallo-Later', '1992-04-05'));
    expect((await suggest(b.caseId)).map((m) => m.candidate.caseId)).toEqual([a.caseId]);
  });

  it('the older case matched only once the newer one is stored (a consumer behind): the suggestion is on the newer case', async () => {
    const older = await submitFormAt('avrr-application', avrrBody('Diallo-Behind', '1991-07-08'), '2026-11-20T09:00:00.000Z');
    const newer = await submitFormAt('protection-referral', referralBody('Diallo-Behind', '1991-07-08'), '2026-11-20T09:00:05.000Z');
    const [made] = await suggest(older);
    // The referred person (the referral also names others: its persons come in no particular order).
    const referred = (await reader.getPersons(newer)).find((person) => person.data.familyName === 'Diallo-Behind')!;
    const [p1, p2] = [await mainOf(older), referred];
    expect(made).toMatchObject({
      caseId: newer,
      personId: p2.personId,
      candidate: { caseId: older, personId: p1.personId, subjectId: p1.personId, programme: 'avrr' },
    });
    expect(await links.matchesOfCase(newer)).toEqual([made]);
    expect(await links.matchesOfCase(older)).toEqual([]);
    // The newer case's own event then: the pair was suggested already.
    await suggest(newer);
    expect(await links.matchesOfCase(newer)).toHaveLength(1);
    expect((await historyTypes(newer)).filter((t) => t === 'person.match-suggested')).toHaveLength(1);
  });

  it('the exact identity and the document are criteria; someone else of the same name born another year is not suggested', async () => {
    const first = await submit('avrr-application', avrrBody('Diallo-Two', '1990-01-01', 'P-9911001'));
    await submit('avrr-application', avrrBody('Diallo-Two', '1991-01-01'));
    const third = await submit('avrr-application', avrrBody('diallo two', '1990-01-01', 'p9911001'));
    const matches = await links.matchesOfCase(third.caseId);
    expect(matches.map((m) => [m.candidate.caseId, m.criteria])).toEqual([[first.caseId, ['name-dob', 'document', 'name-birth-year']]]);
  });
});

describe('decisions', () => {
  it('confirming links the new record to the candidate’s subject, in both histories; once; the subject’s cases show each other; a supervisor undoes it', async () => {
    const first = await submit('avrr-application', avrrBody('Diallo-Three', '1985-03-04'));
    const second = await submit('protection-referral', referralBody('Diallo-Three', '1985-04-03'));
    const [p1, p2] = [await mainOf(first.caseId), await mainOf(second.caseId)];
    const [match] = await links.matchesOfCase(second.caseId);
    const decide = (caller: Caller, decision: 'confirm' | 'dismiss' | 'undo') =>
      decideMatch({ caller, caseId: second.caseId, personId: p2.personId, matchId: match!.matchId, decision }, { store: links, now });

    const confirmed = await decide(caseworker, 'confirm');
    expect(confirmed).toMatchObject({ status: 'confirmed', decidedBy: 'amina', linkedSubjectId: p1.personId });
    expect((await mainOf(second.caseId)).subjectId).toBe(p1.personId);
    expect((await mainOf(first.caseId)).subjectId).toBe(p1.personId);
    expect(await historyTypes(first.caseId)).toContain('person.linked');
    expect(await historyTypes(second.caseId)).toContain('person.linked');
    expect(await links.otherCasesOf(await mainOf(second.caseId))).toEqual([
      expect.objectContaining({ caseId: first.caseId, personId: p1.personId, programme: 'avrr', status: 'open' }),
    ]);
    expect(await links.otherCasesOf(await mainOf(first.caseId))).toEqual([
      expect.objectContaining({ caseId: second.caseId, personId: p2.personId, programme: 'protection' }),
    ]);
    await expect(decide(caseworker, 'confirm')).rejects.toThrow(MatchConflict);
    await expect(decide(caseworker, 'dismiss')).rejects.toThrow(MatchConflict);

    // A third enrolment of the same person: one suggestion for the subject (not one per record).
    const third = await submit('avrr-application', avrrBody('Diallo-Three', '1985-03-04'));
    const thirdMatches = await links.matchesOfCase(third.caseId);
    expect(thirdMatches).toHaveLength(1);
    expect(thirdMatches[0]!.candidate.subjectId).toBe(p1.personId);

    // The data-protection officer, by the first intake's identity, finds the second case too (another date there).
    const found = await findSubject({ givenNames: 'Mamadou Aliou', familyName: 'Diallo-Three', dateOfBirth: '1985-03-04' }, privacy);
    expect(found.map((m) => m.caseId).sort()).toEqual([first.caseId, second.caseId, third.caseId].sort());
    const byCase = await findSubject({ caseId: second.caseId }, privacy);
    expect(byCase.map((m) => m.caseId)).toContain(first.caseId);

    await expect(decide(caseworker, 'undo')).rejects.toThrow('Forbidden: role');
    expect(await decide(supervisor, 'undo')).toMatchObject({ status: 'undone', undoneBy: 'karim' });
    expect((await mainOf(second.caseId)).subjectId).toBeUndefined();
    expect(await get(keys.subjectEntry(p1.personId, second.caseId, p2.personId))).toBeUndefined();
    expect(await links.otherCasesOf(await mainOf(first.caseId))).toEqual([]);
    expect(await historyTypes(first.caseId)).toContain('person.unlinked');
    expect(await historyTypes(second.caseId)).toContain('person.unlinked');
    await expect(decide(supervisor, 'undo')).rejects.toThrow(MatchConflict);
  });

  it('a dismissal is recorded and the suggestion stays decided; a person already linked cannot take a second subject', async () => {
    const first = await submit('avrr-application', avrrBody('Diallo-Four', '1970-05-05'));
    const second = await submit('avrr-application', avrrBody('Diallo-Four', '1970-06-06'));
    const third = await submit('avrr-application', avrrBody('Diallo-Four', '1970-07-07'));
    const p3 = await mainOf(third.caseId);
    const matches = await links.matchesOfCase(third.caseId);
    expect(matches.map((m) => m.candidate.caseId).sort()).toEqual([first.caseId, second.caseId].sort());
    const decide = (matchId: string, decision: 'confirm' | 'dismiss') =>
      decideMatch({ caller: caseworker, caseId: third.caseId, personId: p3.personId, matchId, decision }, { store: links, now });

    const toFirst = matches.find((m) => m.candidate.caseId === first.caseId)!;
    const toSecond = matches.find((m) => m.candidate.caseId === second.caseId)!;
    await decide(toFirst.matchId, 'confirm');
    // Confirming another subject for the same record: refused, nothing changes.
    await expect(decide(toSecond.matchId, 'confirm')).rejects.toMatchObject({ reason: 'person-linked' });
    expect((await links.getMatch(third.caseId, toSecond.matchId))!.status).toBe('suggested');
    expect(await decide(toSecond.matchId, 'dismiss')).toMatchObject({ status: 'dismissed', decidedBy: 'amina' });
    expect(await historyTypes(third.caseId)).toContain('person.match-dismissed');
    expect((await mainOf(third.caseId)).subjectId).toBe((await mainOf(first.caseId)).personId);
  });

  it('a correction read before a link was confirmed is refused rather than writing the record back without its subject', async () => {
    const first = await submit('avrr-application', avrrBody('Diallo-Five', '1960-02-02'));
    const second = await submit('avrr-application', avrrBody('Diallo-Five', '1960-03-03'));
    const stale = await privacy.getPersons(second.caseId).then((persons) => persons.find((p) => p.role === 'applicant')!);
    const [match] = await links.matchesOfCase(second.caseId);
    await decideMatch(
      { caller: caseworker, caseId: second.caseId, personId: stale.personId, matchId: match!.matchId, decision: 'confirm' },
      { store: links, now },
    );
    const plan = planCorrection({
      person: stale,
      form: getForm('avrr-application', 1),
      changes: [{ path: '/familyName', value: 'Diallo-Cinq' }],
      by: supervisor,
      now: now(),
      language: 'fr',
    });
    expect(await privacy.saveCorrection(stale, plan.person, plan.audit, plan.event)).toBe(false);
    const fresh = await privacy.getPersons(second.caseId).then((persons) => persons.find((p) => p.role === 'applicant')!);
    expect(fresh.subjectId).toBe((await mainOf(first.caseId)).personId);
    const again = planCorrection({
      person: fresh,
      form: getForm('avrr-application', 1),
      changes: [{ path: '/familyName', value: 'Diallo-Cinq' }],
      by: supervisor,
      now: now(),
      language: 'fr',
    });
    expect(await privacy.saveCorrection(fresh, again.person, again.audit, again.event)).toBe(true);
    expect((await mainOf(second.caseId)).subjectId).toBe((await mainOf(first.caseId)).personId);
  });
});

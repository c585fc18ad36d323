// The returnees' listing against DynamoDB Local: a skilled-return case is listed by sector when it
// reaches stage `opportunity` (with when it got there, kept through later changes), and removed in
// its own transaction when it leaves the stage, closes, or is matched (a linked change of the need's).
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getForm } from '../../domain/forms/index.ts';
import { submitForm } from '../../domain/intake/submit-form.ts';
import { closeCase, event, setStage, system } from '../../domain/cases/case-actions.ts';
import { DynamoIntakeStore } from '../../functions/adapters/dynamodb/intake-store.ts';
import { DynamoCaseStore } from '../../functions/adapters/dynamodb/case-store.ts';
import { DynamoReturneeStore } from '../../functions/adapters/dynamodb/returnee-store.ts';
import { freshTable } from '../support/table.ts';
import { localFieldCipher } from '../support/field-key.ts';
import { testNotice } from '../support/notice.ts';

let documentClient: DynamoDBDocumentClient;
let tableName: string;
let cases: DynamoCaseStore;
let returnees: DynamoReturneeStore;
let clock = new Date('2026-07-01T09:00:00Z');
const now = () => clock;
const tick = () => {
  clock = new Date(clock.getTime() + 60_000);
};

beforeAll(async () => {
  ({ tableName, documentClient } = await freshTable());
  cases = new DynamoCaseStore(documentClient, tableName, localFieldCipher());
  returnees = new DynamoReturneeStore(documentClient, tableName);
});

async function applied(sector: string): Promise<string> {
  const body = { ...(getForm('skilled-return-application')!.examples[0] as Record<string, unknown>), sector };
  const { receipt } = await submitForm(
    {
      formId: 'skilled-return-application',
      rawBody: JSON.stringify(body),
      body,
      idempotencyKey: `it-${randomUUID()}`,
      language: 'fr',
      notice: testNotice,
    },
    { store: new DynamoIntakeStore(documentClient, tableName, localFieldCipher()), now },
  );
  tick();
  return receipt.caseId;
}

async function atStage(caseId: string, stage: string): Promise<void> {
  await setStage({ caseId, stage }, { store: cases, now });
  tick();
}

const ids = async (sector: string) => (await returnees.returneesOfSector(sector, 100)).map((l) => l.caseId).sort();

describe("returnees' listing", () => {
  it('lists a case at stage opportunity by sector and removes it as it leaves, closes or is matched', async () => {
    const [a, b, c, d] = [await applied('education'), await applied('education'), await applied('education'), await applied('health')];
    await atStage(a, 'eligibility');
    expect(await ids('education')).toEqual([]);
    const reachedAt = clock.toISOString();
    for (const id of [a, b, c, d]) await atStage(id, 'opportunity');
    expect(await ids('education')).toEqual([a, b, c].sort());
    expect(await ids('health')).toEqual([d]);
    const listed = (await returnees.returneesOfSector('education', 100)).find((l) => l.caseId === a)!;
    expect(listed).toMatchObject({
      caseId: a,
      sector: 'education',
      regionOfReturn: 'souss-massa',
      experienceYears: 12,
      supportNeeded: ['business-creation', 'schooling'],
      reachedAt,
    });
    expect(JSON.stringify(listed)).not.toMatch(/Bennani|Karim/);

    // A change that keeps it at the stage keeps when it got there.
    const found = (await cases.getCase(a))!;
    await cases.updateCase(found, { updatedAt: clock.toISOString() }, event(a, clock.toISOString(), 'match.proposed', system, {}));
    expect((await returnees.returneesOfSector('education', 100)).find((l) => l.caseId === a)!.reachedAt).toBe(reachedAt);

    // Leaving the stage, closing, being matched (a linked change of a need's case).
    await atStage(a, 'reintegration-plan');
    await closeCase({ caseId: b, reason: 'no-opportunity' }, { store: cases, now });
    const need = (await cases.getCase(d))!;
    const returnee = (await cases.getCase(c))!;
    const at = clock.toISOString();
    expect(
      await cases.updateCase(need, { updatedAt: at }, event(need.caseId, at, 'match.confirmed', system, {}), {
        linked: [
          {
            found: returnee,
            changes: {
              facts: { ...returnee.facts, matchedNeed: { needCaseId: need.caseId, needReference: 'N', confirmedOn: '2026-07-01' } },
              updatedAt: at,
            },
            event: event(c, at, 'match.confirmed', system, {}),
          },
        ],
      }),
    ).toBe(true);
    expect(await ids('education')).toEqual([]);
    expect(await ids('health')).toEqual([d]);
  });
});

// The one-off cleanup of history events written before free text left the history, on DynamoDB
// Local seeded with items of the old shapes: a dry run counts and changes nothing; a run moves each
// text onto a note of the case and rewrites the event with the code `other` and the note's id; a
// second run finds nothing; no output holds a personal value.
import { beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../functions/adapters/dynamodb/keys.ts';
import { caseNoteFromItem, eventItem } from '../../functions/adapters/dynamodb/items.ts';
import { DynamoCaseReader } from '../../functions/adapters/dynamodb/case-reader.ts';
import { noteIdFor } from '../../functions/maintenance/purge-history-free-text.ts';
import { LOCAL_CREDENTIALS } from '../../local/dynamodb-local.ts';
import { main } from '../../scripts/purge-history-free-text.ts';
import { freshTable } from '../support/table.ts';
import { useLocalFieldKeyFile } from '../support/field-key.ts';
import { FieldCipher, localKeyring } from '../../functions/adapters/encryption/field-cipher.ts';
import { readLocalFieldKey } from '../../functions/adapters/encryption/local-key.ts';

let documentClient: DynamoDBDocumentClient;
let tableName: string;

const OLD_CLOSED_TEXT = 'Ma mère Zineb est malade à Tiznit, je dois rentrer';
const OLD_WITHDRAWN_TEXT = 'Trouvé un emploi chez Atlas Textiles, tél 0612345678';
const closedCase = randomUUID();
const withdrawnCase = randomUUID();
const cleanCase = randomUUID();

// --apply seals the notes with the sensitive-fields key (here, the local key file).
let cipher: FieldCipher;
const opened = async (caseId: string) => Promise.all((await notesOf(caseId)).map((item) => caseNoteFromItem(item, cipher)));

beforeAll(async () => {
  cipher = new FieldCipher(localKeyring(readLocalFieldKey(useLocalFieldKeyFile())));
  ({ documentClient, tableName } = await freshTable());
  process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamodbEndpoint');
  process.env.AWS_REGION = 'eu-west-3';
  process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
  const put = (item: Record<string, unknown>) => documentClient.send(new PutCommand({ TableName: tableName, Item: item }));
  // The shape withdrawals had before the fix: a case.closed event with the reason in the person's words.
  await put(
    eventItem({
      caseId: closedCase,
      eventId: 'old-1',
      at: '2026-03-01T10:00:00.000Z',
      type: 'case.closed',
      actor: { kind: 'staff', id: 'amina' },
      details: { reason: 'withdrawn', cancelledTasks: ['t1'], withdrawalReason: OLD_CLOSED_TEXT },
    }),
  );
  // Another old shape: a case.withdrawn event with details.reason.
  await put(
    eventItem({
      caseId: withdrawnCase,
      eventId: 'old-2',
      at: '2026-03-02T10:00:00.000Z',
      type: 'case.withdrawn',
      actor: { kind: 'staff', id: 'karim' },
      details: { reason: OLD_WITHDRAWN_TEXT },
    }),
  );
  // Today's shape, and an unrelated closure: left alone.
  await put(
    eventItem({
      caseId: cleanCase,
      eventId: 'new-1',
      at: '2026-12-01T10:00:00.000Z',
      type: 'case.closed',
      actor: { kind: 'staff', id: 'amina' },
      details: { reason: 'withdrawn', cancelledTasks: [], withdrawalReasonCode: 'health', noteId: randomUUID() },
    }),
  );
  await put(
    eventItem({
      caseId: cleanCase,
      eventId: 'new-2',
      at: '2026-12-01T11:00:00.000Z',
      type: 'case.closed',
      actor: { kind: 'system', id: 'workflow' },
      details: { reason: 'completed', cancelledTasks: [] },
    }),
  );
  await put({ ...keys.case(cleanCase), entity: 'Case', caseId: cleanCase });
});

async function notesOf(caseId: string) {
  const result = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :note)',
      ExpressionAttributeValues: { ':pk': keys.case(caseId).PK, ':note': 'NOTE#' },
    }),
  );
  return result.Items ?? [];
}

const history = (caseId: string) => new DynamoCaseReader(documentClient, tableName).getHistory(caseId);

describe('npm run maintenance:purge-history-free-text', () => {
  it('a dry run prints counts only and changes nothing', async () => {
    const lines: string[] = [];
    const report = await main(['--table', tableName, '--dry-run'], (line) => lines.push(line));
    expect(report).toMatchObject({ mode: 'dry-run', eventsWithFreeText: 2, rewritten: 0 });
    expect(report.itemsScanned).toBeGreaterThanOrEqual(4);
    expect(lines.join('\n')).not.toMatch(/Zineb|Tiznit|Atlas|0612345678|amina|karim/);
    expect((await history(closedCase))[0]!.details).toHaveProperty('withdrawalReason', OLD_CLOSED_TEXT);
    expect(await notesOf(closedCase)).toEqual([]);
  });

  it('a run moves each text onto a note and rewrites the event with the code other and the note id; a second run does nothing', async () => {
    const lines: string[] = [];
    expect(await main(['--table', tableName, '--apply'], (line) => lines.push(line))).toMatchObject({
      mode: 'apply',
      eventsWithFreeText: 2,
      rewritten: 2,
      skippedChanged: 0,
    });
    expect(lines.join('\n')).not.toMatch(/Zineb|Tiznit|Atlas|0612345678/);

    const [closed] = await history(closedCase);
    expect(closed!.details).toEqual({
      reason: 'withdrawn',
      cancelledTasks: ['t1'],
      withdrawalReasonCode: 'other',
      noteId: noteIdFor('old-1'),
    });
    const [sealed] = await notesOf(closedCase);
    expect(sealed!.SK).toBe(`NOTE#${noteIdFor('old-1')}`);
    expect(sealed!.text).toBeInstanceOf(Uint8Array);
    expect(JSON.stringify(sealed)).not.toMatch(/Zineb|Tiznit|Atlas|0612345678/);
    expect(await opened(closedCase)).toEqual([
      expect.objectContaining({
        noteId: noteIdFor('old-1'),
        caseId: closedCase,
        kind: 'withdrawal-reason',
        text: OLD_CLOSED_TEXT,
        author: 'amina',
        createdAt: '2026-03-01T10:00:00.000Z',
      }),
    ]);
    const [withdrawn] = await history(withdrawnCase);
    expect(withdrawn!.details).toEqual({ withdrawalReasonCode: 'other', noteId: noteIdFor('old-2') });
    expect((await opened(withdrawnCase)).map((n) => n.text)).toEqual([OLD_WITHDRAWN_TEXT]);
    expect(JSON.stringify([...(await history(closedCase)), ...(await history(withdrawnCase))])).not.toMatch(
      /Zineb|Tiznit|Atlas|0612345678/,
    );

    // Today's shape and other closures untouched.
    const clean = await history(cleanCase);
    expect(clean.map((e) => e.details)).toEqual([
      expect.objectContaining({ withdrawalReasonCode: 'health' }),
      { reason: 'completed', cancelledTasks: [] },
    ]);
    expect(await notesOf(cleanCase)).toEqual([]);

    // Idempotent.
    expect(await main(['--table', tableName, '--apply'], () => undefined)).toMatchObject({ eventsWithFreeText: 0, rewritten: 0 });
    expect(await notesOf(closedCase)).toHaveLength(1);
  });

  it('refuses to run without a table, or told both to apply and not to', async () => {
    await expect(main([], () => undefined)).rejects.toThrow('--table');
    await expect(main(['--table', tableName, '--apply', '--dry-run'], () => undefined)).rejects.toThrow('exclude');
  });
});

// One-off maintenance: history events written before free text left the history. Earlier versions
// put the applicant's withdrawal reason, in their own words, in the event's details
// (`case.closed` with `details.withdrawalReason`; also handled: `case.withdrawn` with
// `details.reason`). This moves each such text onto a note of the case (NOTE#, kind
// `withdrawal-reason`, as a withdrawal does today) and rewrites the event with the reason's code
// `other` and the note's id, in one transaction per event.
//
// This job Scans the whole table: it is a one-off maintenance job run by an operator
// (`npm run maintenance:purge-history-free-text`), never a request path, and no function is granted
// Scan. Idempotent: the note's id derives from the event's, the note is written only if absent and
// the event only while it still holds the very text moved; a second run finds nothing to do.
// Its report holds counts only, never a personal value.
import { createHash } from 'node:crypto';
import { paginateScan, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CaseNote } from '../../domain/cases/model.ts';
import { caseNoteItem, type Item } from '../adapters/dynamodb/items.ts';
import { isConditionFailure } from '../adapters/dynamodb/transactions.ts';
import type { FieldSealer } from '../adapters/encryption/field-cipher.ts';

/** Where each old shape kept its free text, by event type. */
const FREE_TEXT_FIELDS: Record<string, string> = {
  'case.closed': 'withdrawalReason',
  'case.withdrawn': 'reason',
};

export interface PurgeReport {
  mode: 'dry-run' | 'apply';
  itemsScanned: number;
  eventsWithFreeText: number;
  rewritten: number;
  /** Changed by someone else between the scan and the write (left as found; run again). */
  skippedChanged: number;
}

/** A stable note id per event: the same event always moves to the same note. */
export function noteIdFor(eventId: string): string {
  const hex = createHash('sha256').update(`history-free-text:${eventId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function freeTextOf(item: Item): { field: string; text: string } | undefined {
  if (typeof item.SK !== 'string' || !item.SK.startsWith('EVENT#')) return undefined;
  const field = FREE_TEXT_FIELDS[String(item.type)];
  const details = item.details as Record<string, unknown> | undefined;
  if (!field || !details) return undefined;
  const text = details[field];
  return typeof text === 'string' && text.trim() !== '' ? { field, text } : undefined;
}

export async function purgeHistoryFreeText(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: { dryRun: true } | { dryRun: false; sealer: FieldSealer },
): Promise<PurgeReport> {
  const report: PurgeReport = {
    mode: options.dryRun ? 'dry-run' : 'apply',
    itemsScanned: 0,
    eventsWithFreeText: 0,
    rewritten: 0,
    skippedChanged: 0,
  };
  // A maintenance Scan (see above), narrowed to history events by a filter.
  const pages = paginateScan(
    { client },
    { TableName: tableName, FilterExpression: 'begins_with(SK, :event)', ExpressionAttributeValues: { ':event': 'EVENT#' } },
  );
  for await (const page of pages) {
    report.itemsScanned += page.ScannedCount ?? 0;
    for (const item of page.Items ?? []) {
      const found = freeTextOf(item);
      if (!found) continue;
      report.eventsWithFreeText++;
      if (options.dryRun) continue;
      if (await rewrite(client, tableName, item, found, options.sealer)) report.rewritten++;
      else report.skippedChanged++;
    }
  }
  return report;
}

async function rewrite(
  client: DynamoDBDocumentClient,
  tableName: string,
  item: Item,
  found: { field: string; text: string },
  sealer: FieldSealer,
): Promise<boolean> {
  const actor = item.actor as { kind: string; id?: string } | undefined;
  const note: CaseNote = {
    noteId: noteIdFor(String(item.eventId)),
    caseId: String(item.caseId),
    kind: 'withdrawal-reason',
    text: found.text,
    author: actor?.id ?? 'maintenance',
    createdAt: String(item.at),
  };
  const details = item.details as Record<string, unknown>;
  try {
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName, Item: await caseNoteItem(note, sealer), ConditionExpression: 'attribute_not_exists(PK)' } },
          {
            Update: {
              TableName: tableName,
              Key: { PK: item.PK, SK: item.SK },
              // Only while the event still holds the very text moved.
              ConditionExpression: '#details.#field = :text',
              UpdateExpression:
                typeof details.withdrawalReasonCode === 'string'
                  ? 'REMOVE #details.#field SET #details.noteId = :noteId'
                  : 'REMOVE #details.#field SET #details.noteId = :noteId, #details.withdrawalReasonCode = :other',
              ExpressionAttributeNames: { '#details': 'details', '#field': found.field },
              ExpressionAttributeValues: {
                ':text': found.text,
                ':noteId': note.noteId,
                ...(typeof details.withdrawalReasonCode === 'string' ? {} : { ':other': 'other' }),
              },
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

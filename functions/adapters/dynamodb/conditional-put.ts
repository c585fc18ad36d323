// A conditional single-item write that recognises its own retried write.
//
// Every SDK client of the functions sends a request again after a timeout (sdk-budget.ts: two
// attempts). A PutItem that timed out may still have landed; sent again, it then fails its own
// condition (`attribute_not_exists(PK)`, `#version = :read`) on the very item it wrote, and
// DynamoDB answers ConditionalCheckFailedException although the write succeeded. So the write asks
// DynamoDB for the item that failed the condition (ReturnValuesOnConditionCheckFailure: ALL_OLD,
// no extra read, no extra capacity) and compares it with the item written: the same item, attribute
// for attribute, is this write's own earlier attempt ('written'); any other item, or none, is
// someone else's write ('condition-failed'), and the invariant the condition guards holds.
// Every item written this way carries what makes it one write's own (a random id or a time and
// actor, a version): another write yields the same item only if it is the same change.
import { ConditionalCheckFailedException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { PutCommand, type DynamoDBDocumentClient, type PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Item } from './items.ts';

export type ConditionalPutInput = Omit<PutCommandInput, 'ReturnValuesOnConditionCheckFailure' | 'Item'> & {
  Item: Item;
  ConditionExpression: string;
};

/** 'written' when the item is there as written, by this call or by its own attempt the SDK sent again; 'condition-failed' otherwise. */
export async function conditionalPut(client: DynamoDBDocumentClient, input: ConditionalPutInput): Promise<'written' | 'condition-failed'> {
  try {
    await client.send(new PutCommand({ ...input, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }));
    return 'written';
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
    // The document client does not translate an error's item: it is in DynamoDB's own format.
    return sameItem(input.Item, (error as ConditionalCheckFailedException).Item) ? 'written' : 'condition-failed';
  }
}

function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException || (error instanceof Error && error.name === 'ConditionalCheckFailedException');
}

/** Whether the item found (as DynamoDB returns it) is the item written (as the document client sends it). */
export function sameItem(written: Item, found: Record<string, AttributeValue> | undefined): boolean {
  if (!found) return false;
  const sent = marshall(written, { removeUndefinedValues: true, convertClassInstanceToMap: true });
  return canonical({ M: sent }) === canonical({ M: found });
}

/**
 * One string per value, equal when DynamoDB holds the same value: attribute names in order, sets
 * in order, numbers by value (DynamoDB answers `1.50` as `1.5`), binaries in base64.
 * The SDK has no comparison of attribute values; its marshalled form is compared here.
 */
function canonical(value: AttributeValue): string {
  return JSON.stringify(canonicalValue(value));
}

function canonicalValue(value: AttributeValue): unknown {
  if (value.S !== undefined) return ['S', value.S];
  if (value.N !== undefined) return ['N', canonicalNumber(value.N)];
  if (value.B !== undefined) return ['B', Buffer.from(value.B).toString('base64')];
  if (value.BOOL !== undefined) return ['BOOL', value.BOOL];
  if (value.NULL !== undefined) return ['NULL'];
  if (value.SS !== undefined) return ['SS', [...value.SS].sort()];
  if (value.NS !== undefined) return ['NS', value.NS.map(canonicalNumber).sort()];
  if (value.BS !== undefined) return ['BS', value.BS.map((b) => Buffer.from(b).toString('base64')).sort()];
  if (value.L !== undefined) return ['L', value.L.map(canonicalValue)];
  if (value.M !== undefined) {
    const entries = Object.entries(value.M).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return ['M', entries.map(([name, v]) => [name, canonicalValue(v)])];
  }
  return ['?', Object.keys(value)];
}

/** A number's value as a string: exact within a double's precision, which is what the document client writes. */
function canonicalNumber(n: string): string {
  const parsed = Number(n);
  return Number.isFinite(parsed) ? String(parsed) : n.trim();
}

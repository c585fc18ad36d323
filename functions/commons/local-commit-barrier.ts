// DynamoDB Local, and only it, answers TransactWriteItems a few milliseconds before the transaction
// is committed to its SQLite file: a DynamoDB Local killed in that window (a crash, SIGKILL, the
// machine's OOM killer) comes back without a transaction it had acknowledged; a case the person was
// given the reference of is gone. Measured (2 concurrent transactions, SIGKILL right after both
// answers, 15 rounds): 12 of 30 lost; with a read sent after each transaction: 0 of 60. A plain
// PutItem is committed before its answer (0 of 30 lost).
//
// The barrier: after each TransactWriteItems, one strongly consistent GetItem of a key never written,
// in the same table. DynamoDB Local runs its requests on one SQLite queue, the transaction's commit
// ahead of the read, so the read's answer means the commit is in the file; only then does the caller
// (and the person) hear that the write was made.
//
// The read is one signed request, built once per table, sent with the client's own HTTP handler
// (its connections and its timeouts, sdk-budget.ts) and tried as often as the client tries, again
// at once: not through the client's middleware stack, whose serialisation, endpoint resolution,
// retry bookkeeping and parsing of an answer that is always empty cost 0.3–0.37 ms of the shared
// event loop on every transaction of the local system (alone against DynamoDB Local: 0.85 ms
// through the stack, 0.55 ms this way; within a run of bench:intake, 1.01 and 0.64 ms). Its
// answer is only checked to be a 200.
//
// Turned on by DYNAMODB_LOCAL_COMMIT_BARRIER=on, which only the local system sets (local/system.ts;
// CDK never does, an infrastructure test checks it): DynamoDB in AWS acknowledges a transaction once
// it is durable.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { keys } from '../adapters/dynamodb/keys.ts';

/** On when the local system asks for it; anything but absent or `on` fails the cold start. */
export function localCommitBarrierEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.DYNAMODB_LOCAL_COMMIT_BARRIER;
  if (value === undefined || value === '') return false;
  if (value !== 'on') throw new Error(`DYNAMODB_LOCAL_COMMIT_BARRIER must be "on" or unset: ${value}`);
  return true;
}

/** DynamoDB Local's address, which the barrier is sent to: the local system sets it; without it the cold start fails. */
export function localDynamoDbEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  const endpoint = env.AWS_ENDPOINT_URL_DYNAMODB;
  if (!endpoint) throw new Error('DYNAMODB_LOCAL_COMMIT_BARRIER=on needs AWS_ENDPOINT_URL_DYNAMODB (DynamoDB Local)');
  return endpoint;
}

/** A barrier read that DynamoDB Local did not answer with a 200. */
export class CommitBarrierFailed extends Error {
  override readonly name: string;
  constructor(readonly status: number) {
    super(`DynamoDB Local answered the commit barrier's read with ${status}`);
    // A 5xx is DynamoDB Local failing: tried again, then answered 503 as for any dependency down
    // (http.ts). A 4xx (no such table) is a mistake of ours, neither retried nor a 503.
    this.name = status >= 500 ? 'ServiceUnavailable' : 'CommitBarrierFailed';
  }
}

interface TransactionInput {
  TransactItems?: {
    Put?: { TableName?: string };
    Update?: { TableName?: string };
    Delete?: { TableName?: string };
    ConditionCheck?: { TableName?: string };
  }[];
}

function tableOf(input: TransactionInput): string | undefined {
  const first = input.TransactItems?.[0];
  return first?.Put?.TableName ?? first?.Update?.TableName ?? first?.Delete?.TableName ?? first?.ConditionCheck?.TableName;
}

/** The barrier's read of `table`, signed with the client's credentials and region, sent by its HTTP handler. */
export function commitBarrierReader(client: DynamoDBClient, endpoint: string): (table: string) => Promise<void> {
  const { requestHandler, credentials, region, sha256, maxAttempts } = client.config;
  // Imported at the first read, not at the top: only the local system ever reads a barrier, and a
  // function in AWS never loads the signer (external to the bundles, as the SDK).
  const newSigner = () =>
    import('@smithy/signature-v4').then(({ SignatureV4 }) => new SignatureV4({ credentials, region, service: 'dynamodb', sha256 }));
  let signer: ReturnType<typeof newSigner> | undefined;
  const url = new URL(endpoint);
  const unsigned = new Map<string, Parameters<Awaited<ReturnType<typeof newSigner>>['sign']>[0]>();
  const requestFor = (table: string) => {
    let request = unsigned.get(table);
    if (!request) {
      const { PK, SK } = keys.localCommitBarrier();
      const body = JSON.stringify({ TableName: table, Key: { PK: { S: PK }, SK: { S: SK } }, ConsistentRead: true });
      request = {
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port === '' ? {} : { port: Number(url.port) }),
        method: 'POST',
        path: '/',
        query: {},
        headers: {
          host: url.host,
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.GetItem',
          'content-length': String(Buffer.byteLength(body)),
        },
        body,
      };
      unsigned.set(table, request);
    }
    return request;
  };
  const readOnce = async (table: string) => {
    // The signer signs a copy; the request built once stays unsigned.
    const signed = await (await (signer ??= newSigner())).sign(requestFor(table));
    const { response } = (await requestHandler.handle(signed)) as { response: { statusCode: number; body: unknown } };
    // Read to its end, so that the connection goes back to the pool.
    for await (const _chunk of response.body as AsyncIterable<unknown>);
    if (response.statusCode !== 200) throw new CommitBarrierFailed(response.statusCode);
  };
  return async (table) => {
    const attempts = await maxAttempts();
    for (let attempt = 1; ; attempt++) {
      try {
        return await readOnce(table);
      } catch (error) {
        if (attempt >= attempts || (error instanceof CommitBarrierFailed && error.status < 500)) throw error;
      }
    }
  };
}

/** Adds the barrier to a DynamoDB client (every client built on it, the document client too) of DynamoDB Local at `endpoint`. */
export function addLocalCommitBarrier(client: DynamoDBClient, endpoint: string): DynamoDBClient {
  const readBarrier = commitBarrierReader(client, endpoint);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const table = context.commandName === 'TransactWriteItemsCommand' ? tableOf(args.input as TransactionInput) : undefined;
      if (table !== undefined) await readBarrier(table);
      return result;
    },
    { step: 'initialize', name: 'localCommitBarrier', override: true },
  );
  return client;
}

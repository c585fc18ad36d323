// The local stand-in for Lambda's DynamoDB stream event source mappings: reads DynamoDB Local's
// streams and invokes the consuming functions with the same events, filters and partial-batch
// retries as the mappings CDK defines. Progress is checkpointed in the data folder, so a restart
// neither loses nor (beyond the record in flight) repeats records.
import { existsSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StreamConsumer } from './cloud-assembly.ts';
import type { LambdaHost } from './lambda-host.ts';
import { LOCAL_CREDENTIALS } from './dynamodb-local.ts';

type Pattern = Record<string, unknown>;

/** GetRecords' page: a full page means the shard may hold more. */
const RECORDS_PER_READ = 1000;

/** EventBridge-style matching, as far as our filters go: nested objects, arrays of allowed values. */
export function matches(pattern: Pattern, event: unknown): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = typeof event === 'object' && event !== null ? (event as Record<string, unknown>)[key] : undefined;
    if (Array.isArray(expected)) return expected.some((value) => value === actual);
    if (typeof expected === 'object' && expected !== null) return matches(expected as Pattern, actual);
    return expected === actual;
  });
}

/**
 * Takes a consumer's records in the local process instead of invoking its function (the outbox
 * dispatcher, whose effect would leave the machine): the same filters, batches and checkpoints.
 */
export type LocalDelivery = (records: Record<string, unknown>[]) => void | Promise<void>;

interface ConsumerState {
  consumer: StreamConsumer;
  local?: LocalDelivery;
  /** Reads of this consumer's shards started so far, and who waits for one that reads them to their end. */
  passes: number;
  waiters: { after: number; resolve: () => void }[];
  streamArn: string;
  iterators: Map<string, string | undefined>;
  /** The outcome of this consumer's last read of the stream, for /health. */
  lastPoll: { ok: boolean; at: number; errorName?: string };
  /** Errors reported in a row: the first of an outage is, then one in a hundred (no flood while DynamoDB restarts). */
  failuresInARow: number;
  /** The last call to the stream, named in an error report. */
  lastCall?: unknown;
  /** A write to the table was reported since this reader's read began: no idle wait before the next. */
  nudged: boolean;
  /** Ends the reader's idle wait at once (set while it waits). */
  wake?: () => void;
}

/** The least time between two reads of a consumer woken by writes made while it was reading. */
const NUDGED_GAP_MS = 10;

/**
 * The longest a reader woken by a write waits for the API requests being answered to finish. In AWS
 * an event source mapping reads the stream on machines of its own, tens to hundreds of milliseconds
 * after the write; locally the readers, the functions they invoke and the workflows they start share
 * the API's event loop and DynamoDB Local. Woken in the middle of the request that wrote (whose
 * answer still waits for its commit barrier and its response), they took the CPU and DynamoDB Local
 * from it: a submission took about twice as long as its transaction (bench:intake).
 */
const FOREGROUND_WAIT_MS = 25;

/** Every running LocalStreams of the process: a write to DynamoDB Local by a function wakes their idle readers. */
const running = new Set<LocalStreams>();

/** The commands that put records in the table's stream. */
const STREAM_WRITES = /^(Put|Update|Delete|TransactWrite|BatchWrite|ExecuteStatement|BatchExecuteStatement|ExecuteTransaction)/;

/**
 * The functions' DynamoDB client, and the workflows' service integrations, tell the stream readers
 * when they have written: a reader with nothing to read waits (250 ms in the local system) before
 * reading again, and each workflow start (a case submitted, a phase reached) waited for that poll.
 * Woken by the write, the reader reads at once (once the API requests under way are answered), as a
 * Lambda event source mapping hands on a record within milliseconds. The idle poll stays for writes
 * made by anyone else.
 */
export function addWriteNudge(client: Pick<DynamoDBDocumentClient, 'middlewareStack'>): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (STREAM_WRITES.test(context.commandName ?? '')) for (const streams of running) streams.nudge();
      return result;
    },
    { step: 'initialize', name: 'localStreamsWriteNudge', override: true },
  );
}

export interface LocalStreamsOptions {
  /** DynamoDB Local, whose streams are read. */
  endpoint: string;
  region: string;
  /** Where the consumers' functions run. */
  host: LambdaHost;
  /** Where the readers' checkpoints are kept (stream-checkpoints.json). */
  dataDir: string;
  /** Told of every failed read or delivery, with where it happened. */
  onError: (error: unknown, context: string) => void;
  /** How long a reader that found nothing waits before reading again, unless a write wakes it (50 ms by default). */
  idleMs?: number;
  /** The longest a woken reader waits for the API requests under way (FOREGROUND_WAIT_MS by default). */
  foregroundWaitMs?: number;
}

export class LocalStreams {
  private readonly streams: DynamoDBStreamsClient;
  private readonly states: ConsumerState[] = [];
  private readonly checkpoints: Record<string, string>;
  private readonly checkpointFile: string;
  private running = false;
  private loop: Promise<void> | undefined;
  /** Records a consumer failed on, retried on later polls, then reported and skipped. */
  private readonly failures = new Map<string, number>();
  /** API requests being answered, and the readers waiting for none to be (see FOREGROUND_WAIT_MS). */
  private foreground = 0;
  private readonly foregroundWaiters = new Set<() => void>();
  /** A checkpoint changed since the file was last written, and the write under way. */
  private checkpointDirty = false;
  private flushing: Promise<void> | undefined;

  private readonly host: LambdaHost;
  private readonly onError: (error: unknown, context: string) => void;
  private readonly idleMs: number;
  private readonly foregroundWaitMs: number;

  constructor({ endpoint, region, host, dataDir, onError, idleMs = 50, foregroundWaitMs = FOREGROUND_WAIT_MS }: LocalStreamsOptions) {
    this.host = host;
    this.onError = onError;
    this.idleMs = idleMs;
    this.foregroundWaitMs = foregroundWaitMs;
    // Bounded calls: a frozen DynamoDB Local is an error to retry (and a 'down' in /health), not a hang.
    this.streams = new DynamoDBStreamsClient({
      endpoint,
      region,
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 1,
      requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
    });
    this.checkpointFile = path.join(dataDir, 'stream-checkpoints.json');
    this.checkpoints = existsSync(this.checkpointFile)
      ? (JSON.parse(readFileSync(this.checkpointFile, 'utf8')) as Record<string, string>)
      : {};
  }

  async start(
    consumers: StreamConsumer[],
    dynamodb: DynamoDBClient,
    /** Consumers (by function) whose records are taken here instead of by their function. */
    local: ReadonlyMap<string, LocalDelivery> = new Map(),
  ): Promise<void> {
    for (const consumer of consumers) {
      const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: consumer.tableName }));
      if (!Table?.LatestStreamArn) throw new Error(`table ${consumer.tableName} has no stream`);
      const delivery = local.get(consumer.functionLogicalId);
      this.states.push({
        consumer,
        streamArn: Table.LatestStreamArn,
        iterators: new Map(),
        passes: 0,
        waiters: [],
        lastPoll: { ok: true, at: Date.now() },
        failuresInARow: 0,
        nudged: false,
        ...(delivery ? { local: delivery } : {}),
      });
    }
    this.running = true;
    running.add(this);
    this.loop = this.run();
  }

  /**
   * For /health: down when a consumer's last read of the stream failed, or none of its reads finished
   * for 30 s (a read waits for its deliveries: a consumer stuck for that long is down too).
   */
  health(): { status: 'up' | 'down'; detail?: string } {
    if (!this.running) return { status: 'down', detail: 'stopped' };
    for (const state of this.states) {
      const { lastPoll } = state;
      if (!lastPoll.ok) return { status: 'down', detail: `reading the streams fails (${lastPoll.errorName})` };
      if (Date.now() - lastPoll.at > 30_000)
        return { status: 'down', detail: `no read of the stream for ${state.consumer.functionLogicalId} finished for 30 s` };
    }
    return { status: 'up' };
  }

  async stop(): Promise<void> {
    this.running = false;
    running.delete(this);
    for (const state of this.states) state.wake?.();
    await this.loop;
    await this.flushing;
    this.streams.destroy();
    for (const state of this.states) for (const waiter of state.waiters.splice(0)) waiter.resolve();
  }

  /**
   * Resolves once every record written before the call has reached this consumer: after its first
   * read of the shards that started after the call and went to their end without an error, or after
   * `timeoutMs` (a stream that cannot be read is not waited for forever; answers false then).
   */
  settle(functionLogicalId: string, timeoutMs = 5_000): Promise<boolean> {
    const state = this.states.find((candidate) => candidate.consumer.functionLogicalId === functionLogicalId);
    if (!this.running || !state) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter = {
        after: state.passes,
        resolve: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        const index = state.waiters.indexOf(waiter);
        if (index !== -1) state.waiters.splice(index, 1);
        resolve(false);
      }, timeoutMs);
      state.waiters.push(waiter);
      // An idle reader reads now rather than at the end of its wait.
      state.wake?.();
    });
  }

  /** Resolves once each of these consumers has read every record written before the call. */
  async settleAll(functionLogicalIds: readonly string[]): Promise<void> {
    await Promise.all(functionLogicalIds.map((id) => this.settle(id)));
  }

  /**
   * One reader per consumer, as each event source mapping in AWS reads the stream on its own: a slow
   * consumer (the match suggester over a crowd of namesakes) never delays another (the workflow starter).
   */
  private async run(): Promise<void> {
    await Promise.all(this.states.map((state) => this.read(state)));
  }

  private async read(state: ConsumerState): Promise<void> {
    while (this.running) {
      const pass = ++state.passes;
      // Writes reported from here on may come after this read has passed them: they wake the next.
      state.nudged = false;
      let delivered = 0;
      try {
        const polled = await this.poll(state);
        delivered = polled.delivered;
        if (polled.toTheEnd) {
          for (const waiter of state.waiters.filter((w) => w.after < pass)) {
            state.waiters.splice(state.waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
        }
        state.lastPoll = { ok: true, at: Date.now() };
        state.failuresInARow = 0;
      } catch (error) {
        // An iterator that expired or points past trimmed records, or DynamoDB Local down or
        // restarted: get a new iterator from the checkpoint on the next poll (nothing lost; at most
        // the records after the checkpoint again, which consumers take idempotently).
        state.iterators.clear();
        state.lastPoll = { ok: false, at: Date.now(), errorName: error instanceof Error ? error.name : 'error' };
        if (state.failuresInARow++ % 100 === 0) {
          this.onError(
            error,
            `stream of ${state.consumer.tableName} → ${state.consumer.functionLogicalId} (${error instanceof Error ? error.name : 'error'} on ${JSON.stringify(state.lastCall)}, retrying)`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      if (delivered === 0 && state.waiters.length === 0) await this.idle(state, this.idleMs);
    }
  }

  /**
   * Waits `ms` before the next read, or less if a write is reported meanwhile (at once), or was during
   * the read (after `NUDGED_GAP_MS`: during a burst of writes none of which is this consumer's, such
   * as a thousand messages for the outbox, a filtered reader reads at most about a hundred times a
   * second instead of without end).
   */
  private idle(state: ConsumerState, ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    if (state.nudged)
      return new Promise<void>((resolve) => setTimeout(resolve, Math.min(ms, NUDGED_GAP_MS))).then(() =>
        this.foregroundDone(this.foregroundWaitMs),
      );
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        // A wake-up deferred past this wait must not unset the next wait's.
        if (state.wake === done) state.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      state.wake = done;
    });
  }

  /** A write to the table was made: idle readers read now, or once the API requests under way are answered. */
  nudge(): void {
    // One wait for the API requests under way, shared by every idle reader this write wakes.
    let answered: Promise<void> | undefined;
    for (const state of this.states) {
      state.nudged = true;
      const wake = state.wake;
      if (wake) void (answered ??= this.foregroundDone(this.foregroundWaitMs)).then(wake);
    }
  }

  /** An API request is being answered until the returned function is called (once or more). */
  foregroundStarted(): () => void {
    this.foreground++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (--this.foreground === 0) {
        // Not in the callback that ended the answer: its bytes are written, but the I/O already
        // waiting (that answer read by a client in this process, as the tests and benches are, and
        // other requests' bodies) is served first: the second immediate runs after at least one
        // poll phase of the event loop. Readers woken at once took the loop for about a millisecond
        // before it (bench:intake). Unless an answer started meanwhile: then its end wakes them.
        setImmediate(() =>
          setImmediate(() => {
            if (this.foreground === 0) for (const resolve of [...this.foregroundWaiters]) resolve();
          }),
        );
      }
    };
  }

  /** Resolves when no API request is being answered, or after `maxMs`. */
  private foregroundDone(maxMs: number): Promise<void> {
    if (this.foreground === 0 || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.foregroundWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, maxMs);
      this.foregroundWaiters.add(done);
    });
  }

  /** One read of each shard: how many records went through, and whether every shard was read to its end. */
  private async poll(state: ConsumerState): Promise<{ delivered: number; toTheEnd: boolean }> {
    const { StreamDescription } = await this.streams.send(new DescribeStreamCommand({ StreamArn: state.streamArn }));
    let delivered = 0;
    let toTheEnd = true;
    for (const shard of StreamDescription?.Shards ?? []) {
      const shardId = shard.ShardId!;
      const checkpointKey = `${state.consumer.functionLogicalId}#${shardId}`;
      if (!state.iterators.has(shardId)) {
        const after = this.checkpoints[checkpointKey];
        state.lastCall = { op: 'iterator', shardId, after: this.checkpoints[checkpointKey], range: shard.SequenceNumberRange };
        const { ShardIterator } = await this.streams.send(
          new GetShardIteratorCommand({
            StreamArn: state.streamArn,
            ShardId: shardId,
            ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }),
          }),
        );
        state.iterators.set(shardId, ShardIterator);
      }
      const iterator = state.iterators.get(shardId);
      if (!iterator) continue; // a closed shard, read to its end
      state.lastCall = { op: 'records', shardId };
      const { Records = [], NextShardIterator } = await this.streams.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: RECORDS_PER_READ }),
      );
      const pending = Records.filter(
        (record) => state.consumer.filters.length === 0 || state.consumer.filters.some((filter) => matches(filter, asEvent(record))),
      );
      for (let i = 0; i < pending.length; i += state.consumer.batchSize) {
        const batch = pending.slice(i, i + state.consumer.batchSize);
        const failed = await this.deliver(state.consumer, batch, state.local);
        if (failed !== undefined) {
          // Stop at the first failed record: it and what follows come again on the next poll.
          state.iterators.delete(shardId);
          if (failed > 0) this.checkpoint(checkpointKey, batch[failed - 1]!.dynamodb!.SequenceNumber!);
          return { delivered: delivered + failed, toTheEnd: false };
        }
        delivered += batch.length;
        // Progress: a consumer working through a long page is alive (for /health).
        state.lastPoll = { ok: true, at: Date.now() };
      }
      if (Records.length === RECORDS_PER_READ) toTheEnd = false;
      const last = Records.at(-1)?.dynamodb?.SequenceNumber;
      if (last) this.checkpoint(checkpointKey, last);
      state.iterators.set(shardId, NextShardIterator);
    }
    return { delivered, toTheEnd };
  }

  /** Invokes the consumer; answers the index of the first record to retry, or undefined when all went through. */
  private async deliver(consumer: StreamConsumer, batch: StreamRecord[], local?: LocalDelivery): Promise<number | undefined> {
    let firstFailure: number | undefined;
    try {
      if (local) {
        await local(batch.map(asEvent));
        return undefined;
      }
      const response = (await this.host.invoke(consumer.functionLogicalId, { Records: batch.map(asEvent) })) as
        { batchItemFailures?: { itemIdentifier: string }[] } | undefined;
      const failed = new Set((response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
      const index = batch.findIndex((record) => failed.has(record.dynamodb?.SequenceNumber ?? ''));
      firstFailure = index === -1 ? undefined : index;
    } catch (error) {
      this.onError(error, `stream consumer ${consumer.functionLogicalId}`);
      firstFailure = 0;
    }
    if (firstFailure === undefined) return undefined;
    const key = `${consumer.functionLogicalId}#${batch[firstFailure]!.dynamodb!.SequenceNumber!}`;
    const attempts = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, attempts);
    // After ten attempts the record is given up, as the mapping's retryAttempts would (to its dead-letter queue on AWS).
    if (attempts >= 10) {
      this.onError(new Error('record given up after 10 attempts'), `stream consumer ${consumer.functionLogicalId}`);
      return firstFailure + 1 === batch.length ? undefined : firstFailure + 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 100 * attempts));
    return firstFailure;
  }

  /**
   * Kept in memory at once, written to the file in the background (a temporary file renamed over
   * it, so that a kill mid-write leaves the previous checkpoint whole), one write at a time, the
   * latest state each time: a synchronous write per delivered batch blocked the event loop the
   * gateway and every function share. A checkpoint not yet on disk when the process dies means those
   * records delivered again (at least once, as the mappings in AWS; consumers take them idempotently).
   */
  private checkpoint(key: string, sequenceNumber: string): void {
    this.checkpoints[key] = sequenceNumber;
    this.checkpointDirty = true;
    this.flushing ??= this.flushCheckpoints().finally(() => (this.flushing = undefined));
  }

  private async flushCheckpoints(): Promise<void> {
    while (this.checkpointDirty) {
      this.checkpointDirty = false;
      const temporary = `${this.checkpointFile}.tmp`;
      try {
        await writeFile(temporary, JSON.stringify(this.checkpoints));
        await rename(temporary, this.checkpointFile);
      } catch (error) {
        this.onError(error, 'stream checkpoint not written (written again with the next one)');
      }
    }
  }
}

/** A stream record as Lambda hands it to a function. */
export function asEvent(record: StreamRecord): Record<string, unknown> {
  const images = record.dynamodb;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion,
    dynamodb: images && {
      ...images,
      ...(images.NewImage ? { NewImage: wireImage(images.NewImage) } : {}),
      ...(images.OldImage ? { OldImage: wireImage(images.OldImage) } : {}),
    },
  };
}

/**
 * The image as it is on the wire, and as Lambda gives it: the SDK's stream client reads an empty map
 * (`{"M":{}}`, a task's empty `context`) as `{}`, an attribute value of no type that unmarshall
 * refuses ("No value defined"). An attribute value with no key can only have been an empty map.
 */
function wireImage(image: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, wireValue(value)]));
}

function wireValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return { M: {} };
  const [[type, inner]] = entries as [[string, unknown]];
  if (type === 'M' && inner && typeof inner === 'object') return { M: wireImage(inner as Record<string, unknown>) };
  if (type === 'L' && Array.isArray(inner)) return { L: inner.map(wireValue) };
  return value;
}

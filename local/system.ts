// The whole system on one machine: DynamoDB Local, the workflow runtime and scheduler on a movable
// clock, the functions CDK defines, and the HTTP API on loopback. `npm start` and the end-to-end
// tests both use this.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoOutbox } from '../functions/adapters/dynamodb/outbox.ts';
import * as z from 'zod';
import { clock as handlerClock } from '../functions/commons/clock.ts';
import { LOCAL_CONTEXT } from '../infra/app.ts';
import { STAFF_ROLES, type StaffRole } from '../domain/access/roles.ts';
import { LocalApiGateway, send } from './api-gateway.ts';
import { synthesizeLocalAssembly, type LocalAssembly } from './cloud-assembly.ts';
import { DevIssuer } from './dev-issuer.ts';
import { LocalStaffDirectory, readSeed } from './staff-directory.ts';
import { useStaffDirectory } from '../functions/commons/staff-directory.ts';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { ListSchedulesCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { LOCAL_CREDENTIALS, superviseDynamoDbLocal, type SupervisedDynamoDbLocal } from './dynamodb-local.ts';
import { LambdaHost } from './lambda-host.ts';
import { createServiceInvoker } from './service-invoker.ts';
import { ensureTables } from './tables.ts';
import { addWriteNudge, LocalStreams } from './streams.ts';
import { createInterpreter, LocalClock, LocalWorkflowRuntime, serveApi } from 'local-workflow-runtime';
import { ensureLocalFieldKey } from '../functions/adapters/encryption/local-key.ts';
import { LocalOutboxDays } from './outbox-days.ts';
import { ensureLocalCursorKey } from '../functions/commons/cursor-key-file.ts';
import { isWebPath, serveWebFile } from './static-files.ts';

export const LOCAL_ACCOUNT_ID = '000000000000';

/** Stream consumers whose effect leaves the machine (email, SMS): their input is shown instead. */
const LOCAL_ONLY_READ = new Set(['functions/outbox-dispatcher/handler.ts']);

/** How often an idle stream reader reads its shards when no write has woken it. */
const STREAM_IDLE_POLL_MS = 250;

export interface LocalSystemOptions {
  /** 3000 by default; 0 for any free port. */
  port?: number;
  /** Where DynamoDB Local, the workflow store, the clock and the dev issuer key live. */
  dataDir: string;
  /** Use an already running DynamoDB Local instead of starting one. */
  dynamodbEndpoint?: string;
  /** Prefix for local table names, so that several systems can share one DynamoDB Local. */
  tablePrefix?: string;
  /** 'real' (default): time flows and can be moved forward; 'manual': time moves only when told. */
  clockMode?: 'real' | 'manual';
  clockStartAt?: Date;
  /** API Gateway throttling of public routes (on by default). */
  throttling?: boolean;
  /** The edge's per-address rate rules, read from the synthesized web ACL (on by default). */
  perClientLimit?: boolean;
  /**
   * Test-only: the client's address for the per-address rules. Only code that starts the system can
   * set it; by default the socket's address, never a request header.
   */
  clientAddress?: (req: IncomingMessage) => string;
  /**
   * What the functions write, as Lambda would send it to CloudWatch (their stdout and stderr): the
   * Powertools log level (default: LOG_LEVEL, else WARN) and whether EMF metrics are emitted (off by
   * default). The personal-data scan turns both up to capture everything.
   */
  telemetry?: { logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR'; metrics?: boolean };
  /** CDK context values over the local ones, e.g. `{ 'casework:retention': {...} }` for a test. */
  context?: Record<string, unknown>;
  /**
   * The staff the directory knows before any token is issued (default: `local/staff.json`); every
   * user the dev issuer issues a token for joins it (local/staff-directory.ts).
   */
  staff?: { sub: string; groups: StaffRole[]; partnerId?: string; name?: string }[];
  /** Each function's Timeout from the template ends its invocations, as on Lambda (on by default). */
  functionTimeouts?: boolean;
  /**
   * The DynamoDB Local this system started (not one given by `dynamodbEndpoint`) is restarted when
   * it exits unexpectedly, a few times in a row at most; then this is called (default: a message on
   * stderr). `npm start` stops and exits with it.
   */
  onFatal?: (error: Error) => void;
  /**
   * The built web client's folder (web/dist: `npm run build:web`), served at `/` and `/assets/*`;
   * none when absent.
   */
  webRoot?: string;
}

/** One part of the local system as /health reports it. */
export interface PartHealth {
  status: 'up' | 'down';
  detail?: string;
}

export interface LocalSystem {
  url: string;
  endpoints: { dynamodb: string; stepfunctions: string; scheduler: string };
  clock: LocalClock;
  runtime: LocalWorkflowRuntime;
  assembly: LocalAssembly;
  host: LambdaHost;
  /** The DynamoDB Local this system started and supervises (absent with `dynamodbEndpoint`). */
  dynamodb?: SupervisedDynamoDbLocal;
  /** What GET /health answers: each part's state. */
  health(): Promise<{ healthy: boolean; parts: Record<string, PartHealth> }>;
  /** Resolves once every stream consumer has read every record written before the call. */
  settleStreams(): Promise<void>;
  stop(): Promise<void>;
}

const tokenRequest = z.strictObject({
  sub: z.string().min(1).max(128),
  groups: z.array(z.enum(STAFF_ROLES)).max(STAFF_ROLES.length),
  partnerId: z.string().min(1).max(64).optional(),
});
const clockRequest = z.union([
  z.strictObject({ advanceBy: z.string().regex(/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/) }),
  z.strictObject({ to: z.iso.datetime({ offset: true }) }),
]);

export async function startLocalSystem(options: LocalSystemOptions): Promise<LocalSystem> {
  const region = LOCAL_CONTEXT['casework:region'];
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const cleanups: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };

  try {
    // 1. DynamoDB Local, and the tables CDK defines.
    //    Under supervision when started here: restarted on the same port and data after a crash.
    let dynamodb: SupervisedDynamoDbLocal | undefined;
    const dynamodbEndpoint =
      options.dynamodbEndpoint ??
      (dynamodb = await superviseDynamoDbLocal({
        dataDir: path.join(dataDir, 'dynamodb'),
        onEvent: (message) => process.stderr.write(`${message}\n`),
        onGiveUp: options.onFatal ?? ((error) => process.stderr.write(`${error.message}\n`)),
      })).endpoint;
    if (dynamodb) cleanups.push(() => dynamodb.stop());
    const assembly = synthesizeLocalAssembly({
      region,
      accountId: LOCAL_ACCOUNT_ID,
      tablePrefix: options.tablePrefix ?? '',
      ...(options.context ? { context: options.context } : {}),
    });
    const ddb = new DynamoDBClient({ endpoint: dynamodbEndpoint, region, credentials: LOCAL_CREDENTIALS });
    await ensureTables(ddb, assembly.tables);
    cleanups.push(() => ddb.destroy());
    // The outbox is read locally instead of being sent.
    const outbox = new DynamoOutbox(DynamoDBDocumentClient.from(ddb), assembly.tables[0]!.tableName);

    // 2. One clock for everything: handlers, workflows, schedules, token expiry.
    const clock = LocalClock.open(dataDir, {
      mode: options.clockMode ?? 'real',
      ...(options.clockStartAt ? { startAt: options.clockStartAt } : {}),
    });
    // The outbox is read day by day (its partitions are per day): the days that hold messages, noted
    // from the table's stream in the dispatcher's place (local/outbox-days.ts).
    const today = () => clock.now().toISOString().slice(0, 10);
    const outboxDays = LocalOutboxDays.open(dataDir, today());
    const previousNow = handlerClock.now;
    handlerClock.now = () => clock.now();
    cleanups.push(() => {
      handlerClock.now = previousNow;
    });
    // The staff directory the handlers use in place of the Cognito user pool.
    const directory = LocalStaffDirectory.open(dataDir, options.staff ?? readSeed());
    useStaffDirectory(directory);

    // 3. The workflow runtime and scheduler behind their AWS APIs; Lambda tasks run in the host below.
    const hostRef: { current?: LambdaHost } = {};
    const endpoints = { dynamodb: dynamodbEndpoint, stepfunctions: '', scheduler: '' };
    const runtime = await LocalWorkflowRuntime.open({
      dataDir: path.join(dataDir, 'workflows'),
      clock,
      interpreter: createInterpreter({ history: 'derived' }),
      invokeLambda: (arn, payload) => hostRef.current!.invoke(arn, payload),
      invokeService: (service, action, parameters) => serviceInvoker(service, action, parameters),
      region,
      accountId: LOCAL_ACCOUNT_ID,
      // No fsync per commit: a commit survives the process being killed (the OS has it), not a power
      // cut, as DynamoDB Local's own SQLite beside it. Each fsync blocked the one event loop the
      // gateway and every function share (bench/intake.bench.ts).
      durability: 'normal',
    });
    cleanups.push(() => runtime.close());
    // The same port as last time when free: endpoints stay stable across restarts of one data folder
    // (clients created before a restart, in tests or tools, keep working).
    const portsFile = path.join(dataDir, 'local-ports.json');
    const previousPort = existsSync(portsFile)
      ? (JSON.parse(readFileSync(portsFile, 'utf8')) as { workflows?: number }).workflows
      : undefined;
    const api = await serveApi(runtime, { host: '127.0.0.1', port: previousPort ?? 0 }).catch(() =>
      serveApi(runtime, { host: '127.0.0.1', port: 0 }),
    );
    writeFileSync(portsFile, JSON.stringify({ workflows: Number(new URL(api.stepfunctionsEndpoint).port) }));
    cleanups.push(() => api.close());
    endpoints.stepfunctions = api.stepfunctionsEndpoint;
    endpoints.scheduler = api.schedulerEndpoint;
    const serviceInvoker = createServiceInvoker(endpoints, region);

    // 4. The functions, with the environment CDK gives them, pointed at the local endpoints.
    //    The sensitive fields' KMS key is stood in for by a raw AES key, made once per data folder.
    const fieldKeyFile = path.join(dataDir, 'field-key');
    ensureLocalFieldKey(fieldKeyFile);
    //    The pagination cursors' HMAC key (a Secrets Manager secret in AWS), likewise.
    const cursorKeyFile = path.join(dataDir, 'cursor-key');
    ensureLocalCursorKey(cursorKeyFile);
    const host = new LambdaHost(
      assembly.functions,
      {
        AWS_REGION: region,
        AWS_DEFAULT_REGION: region,
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
        AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
        AWS_ENDPOINT_URL_SFN: endpoints.stepfunctions,
        AWS_ENDPOINT_URL_SCHEDULER: endpoints.scheduler,
      },
      {
        POWERTOOLS_METRICS_DISABLED: options.telemetry?.metrics ? 'false' : 'true',
        POWERTOOLS_TRACE_ENABLED: 'false',
        // With tracing off, the X-Ray SDK (loaded by the Powertools Tracer) in manual mode: in its
        // default automatic mode it enables cls-hooked's async hooks, with destroy tracking, for every
        // promise of the process (each request's SDK calls, the gateway, the workflow runtime) although
        // nothing is traced. In AWS, tracing is active and the SDK in automatic mode, as before.
        AWS_XRAY_MANUAL_MODE: '1',
        POWERTOOLS_LOG_LEVEL: options.telemetry?.logLevel ?? process.env.LOG_LEVEL ?? 'WARN',
        // One process and one event loop for every function: wider SDK timeouts than in AWS
        // (functions/commons/sdk-budget.ts), still inside the functions' Timeout.
        SDK_CONNECTION_TIMEOUT_MS: '2000',
        SDK_REQUEST_TIMEOUT_MS: '4000',
        // DynamoDB Local answers a transaction before committing it: read behind it before answering
        // (functions/commons/local-commit-barrier.ts), so that a killed DynamoDB Local loses nothing acknowledged.
        DYNAMODB_LOCAL_COMMIT_BARRIER: 'on',
        // No CloudFront locally: requests reach the API directly, so the edge header is not checked
        // (the explicit opt-out; CDK refuses it in a synthesized API).
        EDGE_ORIGIN_SECRET: '',
        EDGE_ORIGIN_CHECK: 'off',
        // No KMS locally: the same envelope encryption, with the local AES key (docs/encryption.md).
        FIELD_KEY_ARN: '',
        LOCAL_FIELD_KEY_FILE: fieldKeyFile,
        // No Secrets Manager locally: the cursors' key is read from the data folder.
        CURSOR_KEY_SECRET_ARN: '',
        LOCAL_CURSOR_KEY_FILE: cursorKeyFile,
      },
      { enforceTimeouts: options.functionTimeouts ?? true },
    );
    hostRef.current = host;
    for (const machine of assembly.stateMachines) {
      runtime.registerStateMachine({ name: machine.name, definition: machine.definition, roleArn: machine.roleArn });
    }
    // The recurring schedules CDK defines (the retention sweep) fire on the same local clock.
    for (const schedule of assembly.schedules) {
      try {
        runtime.createSchedule({
          Name: schedule.name,
          GroupName: schedule.groupName,
          ScheduleExpression: schedule.expression,
          FlexibleTimeWindow: { Mode: 'OFF' },
          Target: { Arn: schedule.targetArn, RoleArn: schedule.roleArn, Input: schedule.input },
        });
      } catch (error) {
        // Kept from a previous start on the same data folder.
        if (!(error instanceof Error && error.name === 'ConflictException')) throw error;
      }
    }

    // 5. The table's stream consumers (the workflow starter); the outbox sender does not run
    //    locally: its messages are read at GET /_local/outbox instead of being sent.
    // Every write of the functions and the workflows wakes the readers (addWriteNudge): the idle
    // poll is for writes made by anyone else (a test, a script), and is slow so as not to keep
    // DynamoDB Local busy (six consumers polling every 50 ms made about 250 requests a second).
    const streams = new LocalStreams({
      endpoint: dynamodbEndpoint,
      region,
      host,
      dataDir,
      onError: (error, context) => {
        process.stderr.write(`local stream: ${context}: ${error instanceof Error ? error.message : String(error)}\n`);
      },
      idleMs: STREAM_IDLE_POLL_MS,
    });
    const notRunLocally = new Set(assembly.functions.filter((fn) => LOCAL_ONLY_READ.has(fn.entry)).map((fn) => fn.logicalId));
    // The dispatcher's records are taken here: the days of new messages are noted for the reader.
    await streams.start(assembly.streamConsumers, ddb, new Map([...notRunLocally].map((id) => [id, outboxDays.note])));
    // The functions' writes wake the stream readers (imported here: the endpoints are set by now).
    addWriteNudge((await import('../functions/commons/clients.ts')).documentClient);
    cleanups.push(() => streams.stop());

    // 6. The HTTP API and the local-only routes, on loopback.
    const server = createServer();
    const port = await listen(server, options.port ?? 3000);
    const url = `http://127.0.0.1:${port}`;
    const issuer = await DevIssuer.open(dataDir, `${url}/_local`);
    const gateway = new LocalApiGateway(assembly.routes, host, issuer, clock, options.throttling ?? true, {
      clientLimits: (options.perClientLimit ?? true) ? assembly.clientLimits : [],
      ...(options.clientAddress ? { clientAddress: options.clientAddress } : {}),
    });
    let ready = false;

    // /health: each part asked with a short, single-attempt call, so a frozen part is a 'down'.
    const probe = { maxAttempts: 1, requestHandler: { connectionTimeout: 1_000, requestTimeout: 1_500, throwOnRequestTimeout: true } };
    const probeCredentials = { region, credentials: LOCAL_CREDENTIALS, ...probe };
    const healthClients = {
      dynamodb: new DynamoDBClient({ endpoint: dynamodbEndpoint, ...probeCredentials }),
      sfn: new SFNClient({ endpoint: endpoints.stepfunctions, ...probeCredentials }),
      scheduler: new SchedulerClient({ endpoint: endpoints.scheduler, ...probeCredentials }),
    };
    cleanups.push(() => {
      for (const client of Object.values(healthClients)) client.destroy();
    });
    const check = async (call: () => Promise<unknown>): Promise<PartHealth> => {
      try {
        await call();
        return { status: 'up' };
      } catch (error) {
        return { status: 'down', detail: error instanceof Error ? `${error.name}` : 'error' };
      }
    };
    const health = async (): Promise<{ healthy: boolean; parts: Record<string, PartHealth> }> => {
      const [dynamodbPart, workflows, scheduler] = await Promise.all([
        dynamodb && dynamodb.state !== 'up'
          ? Promise.resolve<PartHealth>({ status: 'down', detail: `DynamoDB Local ${dynamodb.state}` })
          : check(() => healthClients.dynamodb.send(new ListTablesCommand({ Limit: 1 }))),
        check(() => healthClients.sfn.send(new ListStateMachinesCommand({ maxResults: 1 }))),
        check(() => healthClients.scheduler.send(new ListSchedulesCommand({ MaxResults: 1 }))),
      ]);
      const parts: Record<string, PartHealth> = {
        dynamodb: dynamodbPart,
        workflows,
        scheduler,
        streams: streams.health(),
        api: ready ? { status: 'up' } : { status: 'down', detail: 'starting' },
      };
      return { healthy: Object.values(parts).every((part) => part.status === 'up'), parts };
    };
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      handleRequest(req, res).catch(() => {
        if (!res.headersSent)
          send(res, { statusCode: 500, headers: { 'content-type': 'application/json' }, body: '{"message":"Internal Server Error"}' });
        else res.destroy();
      });
    });
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );

    async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const requestUrl = new URL(req.url ?? '/', url);
      const body = await readBody(req);
      const route = `${req.method} ${requestUrl.pathname}`;
      const reply = (statusCode: number, value: unknown) =>
        send(res, { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
      const invalid = (error: z.ZodError) =>
        send(res, {
          statusCode: 422,
          headers: { 'content-type': 'application/problem+json' },
          body: JSON.stringify({
            type: 'urn:casework:problem:validation',
            title: 'Invalid local request',
            status: 422,
            detail: 'The body does not match what this local route accepts',
            errors: error.issues.map((issue) => ({ pointer: `/${issue.path.join('/')}`, code: issue.code, message: issue.message })),
          }),
        });
      const parseJson = (): unknown => {
        try {
          return JSON.parse(body.toString('utf8') || '{}') as unknown;
        } catch {
          return undefined;
        }
      };

      switch (route) {
        case 'GET /health': {
          const { healthy, parts } = await health();
          const down = Object.entries(parts)
            .filter(([, part]) => part.status === 'down')
            .map(([name]) => name);
          if (!healthy) res.setHeader('retry-after', '5');
          return reply(healthy ? 200 : 503, {
            status: healthy ? 'ok' : ready ? 'degraded' : 'starting',
            ...(down.length > 0 ? { down } : {}),
            parts,
            clock: clock.now().toISOString(),
          });
        }
        case 'GET /_local/outbox': {
          // Every message written before this request has its day noted (or is today's); all of them.
          await streams.settleAll([...notRunLocally]);
          const messages = await outbox.listOutboxOn(outboxDays.toRead(today()), Infinity);
          return reply(200, {
            messages: messages.map((m) => ({
              channel: m.channel,
              recipient: m.recipient,
              template: m.template,
              language: m.language,
              at: m.at,
              caseId: m.caseId,
              ...(m.taskId ? { taskId: m.taskId } : {}),
              params: m.params,
            })),
          });
        }
        case 'GET /_local/endpoints':
          return reply(200, endpoints);
        case 'GET /_local/clock':
          return reply(200, { now: clock.now().toISOString() });
        case 'POST /_local/clock': {
          const parsed = clockRequest.safeParse(parseJson());
          if (!parsed.success) return invalid(parsed.error);
          if ('advanceBy' in parsed.data) await runtime.advanceBy(parsed.data.advanceBy);
          else {
            const target = new Date(parsed.data.to);
            if (target.getTime() < clock.now().getTime()) {
              return send(res, {
                statusCode: 409,
                headers: { 'content-type': 'application/problem+json' },
                body: JSON.stringify({
                  type: 'urn:casework:problem:conflict',
                  title: 'The clock only moves forward',
                  status: 409,
                  detail: `It is already ${clock.now().toISOString()}`,
                }),
              });
            }
            await runtime.advanceTo(target);
          }
          return reply(200, { now: clock.now().toISOString() });
        }
        case 'POST /_local/token': {
          const parsed = tokenRequest.safeParse(parseJson());
          if (!parsed.success) return invalid(parsed.error);
          // The user joins the directory with this token's roles, as an administrator would add them to the pool.
          directory.record(parsed.data);
          return reply(200, { token: await issuer.issue(parsed.data, clock.now()) });
        }
        case 'GET /auth-config.json':
          // Deployed, the stack writes where the hosted UI is; locally the console signs in with the
          // dev issuer, and says so here rather than answering 404.
          return reply(200, { signIn: 'local-dev-issuer', tokenEndpoint: '/_local/token' });
        case 'GET /_local/.well-known/jwks.json':
          return reply(200, { keys: [issuer.publicJwk] });
        default:
          if (
            options.webRoot !== undefined &&
            (req.method === 'GET' || req.method === 'HEAD') &&
            isWebPath(requestUrl.pathname) &&
            !gateway.matches(requestUrl.pathname)
          ) {
            return serveWebFile(options.webRoot, req.method, requestUrl.pathname, res);
          }
          // The stream readers a write of this request wakes read once it is answered (streams.ts).
          res.once('close', streams.foregroundStarted());
          return gateway.handle(req, res, requestUrl, body);
      }
    }

    if ((options.clockMode ?? 'real') === 'real') runtime.startRealTimeLoop();
    ready = true;
    const settleStreams = () => streams.settleAll(assembly.streamConsumers.map((consumer) => consumer.functionLogicalId));
    return { url, endpoints, clock, runtime, assembly, host, ...(dynamodb ? { dynamodb } : {}), health, settleStreams, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Keep reading (so the client sees a response, not a reset) but stop storing past the limit.
      if (size <= 10 * 1024 * 1024 + 1) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

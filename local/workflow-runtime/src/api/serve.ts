import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorMessage } from '../runtime/errors.ts';
import { handleLocalRequest, type LocalRoutesBackend } from './local-routes.ts';
import { handleSchedulerRequest, type SchedulerBackend } from './scheduler.ts';
import { handleStepFunctionsRequest, type StepFunctionsBackend } from './stepfunctions.ts';

export interface ApiHandle {
  stepfunctionsEndpoint: string;
  schedulerEndpoint: string;
  close(): Promise<void>;
}

/** Everything the served APIs call; LocalWorkflowRuntime is one. */
export type ApiBackend = StepFunctionsBackend & SchedulerBackend & LocalRoutesBackend;

/**
 * One HTTP server for both APIs: Step Functions requests are `POST /` with X-Amz-Target
 * (AWS JSON 1.0), EventBridge Scheduler requests are REST paths under /schedules, so the two
 * never collide and both SDK clients can point at the same endpoint.
 */
export async function serveApi(runtime: ApiBackend, options: { host?: string; port?: number } = {}): Promise<ApiHandle> {
  const server = createServer((req, res) => {
    void handle(runtime, req, res);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://${host}:${port}`;
  return {
    stepfunctionsEndpoint: endpoint,
    schedulerEndpoint: endpoint,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function handle(runtime: ApiBackend, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const body = await readBody(req);
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string' && target.startsWith('AWSStepFunctions.')) {
      handleStepFunctionsRequest(runtime, target.slice('AWSStepFunctions.'.length), body, res);
      return;
    }
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname === '/schedules' || url.pathname.startsWith('/schedules/')) {
      handleSchedulerRequest(runtime, req.method ?? 'GET', url, body, res);
      return;
    }
    if (url.pathname.startsWith('/_local/')) {
      await handleLocalRequest(runtime, req.method ?? 'GET', url, body, res);
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `No route ${req.method} ${req.url}` }));
  } catch (err) {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ __type: 'InternalServerError', message: errorMessage(err) }));
  }
}

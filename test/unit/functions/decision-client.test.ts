// A human decision handed to a workflow is never re-sent by the SDK: a SendTaskSuccess whose answer
// failed may have landed, and re-sent it would find its token closed. Against a local endpoint that
// answers every call with a retryable server error, the decision client makes exactly one request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';

let server: Server;
let requests = 0;
let clients: { sfnClient: SFNClient; sfnDecisionClient: SFNClient };

beforeAll(async () => {
  server = createServer((request, response) => {
    requests++;
    request.resume();
    request.on('end', () => {
      response.writeHead(500, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-errortype': 'InternalFailure' });
      response.end(JSON.stringify({ __type: 'InternalFailure', message: 'down' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.AWS_ENDPOINT_URL_SFN = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.AWS_REGION ??= 'eu-west-3';
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  clients = await import('../../../functions/commons/clients.ts');
});

afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_SFN;
  await new Promise((resolve) => server.close(resolve));
});

const send = (client: SFNClient) =>
  client.send(new SendTaskSuccessCommand({ taskToken: 'token', output: '{}' })).then(
    () => 'answered',
    (error: unknown) => (error instanceof Error ? error.name : 'error'),
  );

describe('the client that hands decisions to workflows', () => {
  it('sends a SendTaskSuccess once, even when its failure is one the SDK would retry', async () => {
    requests = 0;
    expect(await send(clients.sfnDecisionClient)).toBe('InternalFailure');
    expect(requests).toBe(1);
  });

  it('(the other Step Functions calls keep their one retry)', async () => {
    requests = 0;
    await send(clients.sfnClient);
    expect(requests).toBe(2);
  });
});

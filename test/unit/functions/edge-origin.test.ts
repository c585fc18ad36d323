// Requests must come through CloudFront and its web ACL: a call straight to the execute-api
// endpoint lacks the header CloudFront adds, and every handler refuses it.
import { afterEach, describe, expect, it } from 'vitest';
import { httpHandler, json } from '../../../functions/commons/http.ts';
import { EDGE_HEADER } from '../../../functions/commons/edge.ts';
import { httpEvent, lambdaContext } from '../../support/events.ts';

const handler = httpHandler(() => Promise.resolve(json(200, { ok: true })));
const event = (headers: Record<string, string>) => httpEvent({ method: 'GET', path: '/forms', routeKey: 'GET /forms', headers });

afterEach(() => {
  delete process.env.EDGE_ORIGIN_SECRET;
});

describe('the edge origin check', () => {
  it('refuses a request without the edge header, or with a wrong one, with a 403 problem', async () => {
    process.env.EDGE_ORIGIN_SECRET = 'a'.repeat(48);
    for (const headers of [{}, { [EDGE_HEADER]: 'b'.repeat(48) }, { [EDGE_HEADER]: 'a' }] as Record<string, string>[]) {
      const response = await handler(event({ 'accept-language': 'en', ...headers }), lambdaContext);
      expect(response.statusCode).toBe(403);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
    }
  });

  it('serves a request that came through the edge', async () => {
    process.env.EDGE_ORIGIN_SECRET = 'a'.repeat(48);
    expect((await handler(event({ [EDGE_HEADER]: 'a'.repeat(48) }), lambdaContext)).statusCode).toBe(200);
  });

  it('fails closed where no secret is configured: every request is refused with a 500, never served unchecked', async () => {
    const off = process.env.EDGE_ORIGIN_CHECK;
    delete process.env.EDGE_ORIGIN_CHECK;
    try {
      for (const secret of [undefined, '']) {
        if (secret === undefined) delete process.env.EDGE_ORIGIN_SECRET;
        else process.env.EDGE_ORIGIN_SECRET = secret;
        const response = await handler(event({ [EDGE_HEADER]: '' }), lambdaContext);
        expect(response.statusCode).toBe(500);
        expect(response.headers?.['content-type']).toBe('application/problem+json');
      }
    } finally {
      if (off !== undefined) process.env.EDGE_ORIGIN_CHECK = off;
    }
  });

  it('checks nothing only where the check is explicitly off (the local system and the tests, which have no CloudFront)', async () => {
    process.env.EDGE_ORIGIN_CHECK = 'off';
    expect((await handler(event({}), lambdaContext)).statusCode).toBe(200);
  });
});

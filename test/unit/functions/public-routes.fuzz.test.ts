// Property-based fuzzing of the public routes (no token): thousands of malformed, oversized,
// wrongly typed, duplicate-key and injection-laden requests. Every answer is a 2xx for what is
// valid or a 4xx problem (never a 5xx), and a rejected request never reaches the table.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { getForm } from '../../../domain/forms/index.ts';
import { httpEvent, lambdaContext } from '../../support/events.ts';
import { useLocalFieldKeyFile } from '../../support/field-key.ts';

process.env.TABLE_NAME = 'casework-test';
process.env.CASE_WORKFLOW_ARNS = JSON.stringify({ avrr: 'arn:aws:states:eu-west-3:000000000000:stateMachine:AvrrReturn' });
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
// GET /forms/{formId} shows the privacy notice, configured at cold start.
process.env.CONTROLLER_NAME = 'Mission de test';
process.env.DATA_PROTECTION_CONTACT = 'dpo@test.example';
process.env.CNDP_REFERENCE = 'D-GC-123/2026';
useLocalFieldKeyFile();

type Handler = (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

const ddb = mockClient(DynamoDBDocumentClient);
const rawDdb = mockClient(DynamoDBClient);
const sfn = mockClient(SFNClient);
const handlers: Record<'submit' | 'getForm' | 'listForms' | 'openApi', Handler> = {} as never;

// Generous: a property is many requests, and this machine may be busy; no property depends on time.
const PROPERTY_TIMEOUT = 60_000;
const example = getForm('avrr-application')!.examples[0] as Record<string, unknown>;
const exampleText = JSON.stringify(example);
const VALID_KEY = 'key-0001-abcdef';

beforeAll(async () => {
  const load = async (path: string) => ((await import(path)) as { handler: Handler }).handler;
  handlers.submit = await load('../../../functions/submit-form/handler.ts');
  handlers.getForm = await load('../../../functions/get-form/handler.ts');
  handlers.listForms = await load('../../../functions/list-forms/handler.ts');
  handlers.openApi = await load('../../../functions/get-openapi/handler.ts');
});

beforeEach(() => {
  // An empty table that would accept a valid submission.
  ddb.reset();
  rawDdb.reset();
  sfn.reset();
  ddb.on(GetCommand).resolves({});
  // The identity index, read after the case is stored for match suggestions: nobody found.
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(UpdateCommand).resolves({ Attributes: { sequence: 4200 } });
  ddb.on(TransactWriteCommand).resolves({});
});

afterAll(() => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

interface Request {
  body?: string;
  base64?: boolean;
  headers?: Record<string, string>;
  formId?: string;
  query?: Record<string, string>;
}

async function submit(request: Request) {
  ddb.resetHistory();
  rawDdb.resetHistory();
  const formId = request.formId ?? 'avrr-application';
  const body =
    request.body === undefined ? undefined : request.base64 ? Buffer.from(request.body, 'utf8').toString('base64') : request.body;
  const event = httpEvent({
    method: 'POST',
    path: `/forms/${formId}/submissions`,
    routeKey: 'POST /forms/{formId}/submissions',
    ...(body !== undefined ? { body } : {}),
    headers: request.headers ?? { 'content-type': 'application/json', 'idempotency-key': VALID_KEY },
    pathParameters: { formId },
    ...(request.query ? { query: request.query } : {}),
  });
  if (request.base64) event.isBase64Encoded = true;
  return handlers.submit(event, lambdaContext);
}

const tableCalls = () => ddb.calls().length + rawDdb.calls().length;
const writeCalls = () =>
  ddb.calls().filter((call) => /TransactWrite|Put|Update|Delete/.test((call.args[0] as object).constructor.name)).length;

/** A 4xx problem: RFC 9457 body whose status is the HTTP status, and nothing sent to the table. */
function expectRejected(result: APIGatewayProxyStructuredResultV2, status?: number, problem?: string) {
  expect(result.statusCode).toBeGreaterThanOrEqual(400);
  expect(result.statusCode).toBeLessThan(500);
  if (status !== undefined) expect(result.statusCode).toBe(status);
  expect(result.headers?.['content-type']).toBe('application/problem+json');
  expect(['fr', 'ar', 'en']).toContain(result.headers?.['content-language']);
  const body = JSON.parse(result.body ?? 'null') as Record<string, unknown>;
  expect(body.type).toMatch(/^urn:casework:problem:[A-Za-z]+$/);
  if (problem !== undefined) expect(body.type).toBe(`urn:casework:problem:${problem}`);
  expect(typeof body.title).toBe('string');
  expect((body.title as string).length).toBeGreaterThan(0);
  expect(typeof body.detail).toBe('string');
  expect(body.status).toBe(result.statusCode);
  if (body.errors !== undefined) {
    expect(Array.isArray(body.errors)).toBe(true);
    for (const error of body.errors as Record<string, unknown>[]) {
      expect(typeof error.pointer).toBe('string');
      expect(typeof error.code).toBe('string');
      expect(typeof error.message).toBe('string');
    }
  }
}

/** Rejected by the HTTP adapter or the domain before the store: not even a read. */
function expectRejectedUntouched(result: APIGatewayProxyStructuredResultV2, status?: number, problem?: string) {
  expectRejected(result, status, problem);
  expect(tableCalls()).toBe(0);
}

/** Accepted (a case is opened) or rejected without a write. */
function expectAcceptedOrRejected(result: APIGatewayProxyStructuredResultV2) {
  if (result.statusCode === 201) return;
  expectRejected(result);
  expect(writeCalls()).toBe(0);
}

// ---------- generators ----------

const injections = [
  "' OR 1=1--",
  "'; DROP TABLE cases; --",
  '{"$gt": ""}',
  '{"$ne": null}',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{7*7}}',
  '${jndi:ldap://x/a}',
  '__proto__',
  'constructor',
  'prototype',
  '\u0000',
  'a\u0000b',
  '\u202eevil\u202c',
  '\u200f\u061c',
  '\ud800',
  '\udfff',
  '../../etc/passwd',
  '%00',
  '%2e%2e%2f',
  'CASE#x',
  '\r\nX-Injected: 1',
];
const hostileString = fc.oneof(
  fc.constantFrom(...injections),
  fc.string({ unit: 'grapheme', maxLength: 64 }),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ unit: fc.constantFrom('a', '\u0000', '\ud800', '\u202e', '<', '"', '\\'), minLength: 1000, maxLength: 5000 }),
);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

/** Every path into a JSON value, the root included. */
function paths(value: Json, prefix: Path = []): Path[] {
  const inner =
    value !== null && typeof value === 'object'
      ? Array.isArray(value)
        ? value.flatMap((v, i) => paths(v, [...prefix, i]))
        : Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))
      : [];
  return [prefix, ...inner];
}
const at = (value: Json, path: Path): Json => path.reduce<Json>((v, k) => (v as Record<string, Json>)[k as string]!, value);
function replaceAt(value: Json, path: Path, replacement: Json): Json {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, Json>;
  copy[head!] = replaceAt(copy[head!]!, rest, replacement);
  return copy;
}
const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

const examplePaths = paths(example as Json);
const exampleObjectPaths = examplePaths.filter((p) => kind(at(example as Json, p)) === 'object');
const exampleStringPaths = examplePaths.filter((p) => kind(at(example as Json, p)) === 'string');

/** Every UTF-16 unit as \uXXXX: the same key to JSON.parse, other bytes to a naive check. */
const escaped = (key: string) =>
  `"${[...Array(key.length).keys()].map((i) => `\\u${key.charCodeAt(i).toString(16).padStart(4, '0')}`).join('')}"`;

/** JSON text of a value, with one more member `key` appended to the object at `target`. */
function withExtraMember(value: Json, target: Path, keyText: string, extra: Json, path: Path = []): string {
  if (value !== null && typeof value === 'object') {
    if (Array.isArray(value)) return `[${value.map((v, i) => withExtraMember(v, target, keyText, extra, [...path, i])).join(',')}]`;
    const members = Object.entries(value).map(
      ([k, v]) => `${JSON.stringify(k)}:${withExtraMember(v, target, keyText, extra, [...path, k])}`,
    );
    if (path.length === target.length && path.every((p, i) => p === target[i])) members.push(`${keyText}:${JSON.stringify(extra)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

const duplicateInExample = fc
  .record({ target: fc.constantFrom(...exampleObjectPaths), pick: fc.nat(), extra: fc.jsonValue({ maxDepth: 2 }), escape: fc.boolean() })
  .map(({ target, pick, extra, escape }) => {
    const keys = Object.keys(at(example as Json, target) as object);
    const key = keys[pick % keys.length]!;
    return withExtraMember(example as Json, target, escape ? escaped(key) : JSON.stringify(key), extra as Json);
  });

const randomKey = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 });
const member = fc.tuple(randomKey, fc.jsonValue({ maxDepth: 2 }));
const duplicateRandom = fc
  .record({
    before: fc.array(member, { maxLength: 4 }),
    dup: fc.oneof(randomKey, fc.constantFrom('__proto__', 'constructor', '\ud800', 'applicant')),
    v1: fc.jsonValue({ maxDepth: 1 }),
    v2: fc.jsonValue({ maxDepth: 1 }),
    escape: fc.boolean(),
    after: fc.array(member, { maxLength: 4 }),
  })
  .map(({ before, dup, v1, v2, escape, after }) => {
    const m = ([k, v]: [string, unknown]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`;
    const twin = `${escape ? escaped(dup) : JSON.stringify(dup)}:${JSON.stringify(v2)}`;
    return `{${[...before.map(m), m([dup, v1]), ...after.map(m), twin].join(',')}}`;
  });

/** Not JSON: truncations and corruptions of a valid body, and arbitrary text. */
const malformedJson = fc.oneof(
  fc.nat({ max: exampleText.length - 1 }).map((n) => exampleText.slice(0, n)),
  fc
    .tuple(
      fc.nat({ max: exampleText.length - 1 }),
      fc.constantFrom('{', '}', '[', ']', ',', ':', '"', "'", '\\', 'x', '/*', '\u0000', 'NaN'),
    )
    .map(([n, s]) => exampleText.slice(0, n) + s + exampleText.slice(n))
    .filter((text) => !parses(text)),
  fc.constantFrom(
    '',
    ' ',
    '\n',
    '{',
    '{"a":1,}',
    "{'a':1}",
    '{"a":1} // c',
    '[1,2',
    'undefined',
    'NaN',
    '{"a":0x10}',
    '\ufeff{}',
    '{"a":1}{"b":2}',
  ),
  fc.string({ unit: 'binary', maxLength: 200 }).filter((text) => !parses(text)),
);
function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const wrongContentType = fc.oneof(
  fc.constantFrom(
    'text/plain',
    'text/json',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    'application/jsonp',
    'application/json-patch',
    'json',
    '',
    ' ',
    'application/javascript',
    'application/x-json',
  ),
  fc.string({ maxLength: 40 }).filter((s) => !/json/i.test(s)),
);

const badIdempotencyKey = fc.oneof(
  fc.constantFrom(
    '',
    'short',
    '       ',
    'key with spaces',
    'key/slash/1234',
    'ключ-идемпотентности',
    'k'.repeat(129),
    'key-0001-abcdef\u0000',
    "' OR 1=1--",
  ),
  fc.string({ unit: 'grapheme', maxLength: 200 }).filter((s) => !/^[A-Za-z0-9._:-]{8,128}$/.test(s)),
);

const acceptLanguage = fc.oneof(
  fc.constantFrom('', '*', 'ar-MA', 'fr;q=abc', 'en;q=2', 'zz', ',,,', 'fr-FR,fr;q=0.9,en;q=0.8', ';q=0', 'a'.repeat(5000)),
  fc.string({ maxLength: 60 }),
);

/** Path segments that name no form: odd characters, percent-encodings, traversal, very long. */
const oddFormId = fc
  .oneof(
    fc.constantFrom(
      '',
      'avrr-application%00',
      'AVRR-APPLICATION',
      'avrr-application/../x',
      '%2e%2e',
      '..',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'avrr-application ',
      'avrr%2Dapplication',
      'x'.repeat(3000),
    ),
    hostileString,
    fc.string({ unit: 'grapheme', maxLength: 40 }).map(encodeURIComponent),
  )
  .filter((id) => !getForm(id));

const oddVersion = fc.oneof(
  fc.constantFrom('', '0', '-1', '1.5', '1e3', '01', '999999999999999999999', 'NaN', 'Infinity', ' 1', '0x1', '__proto__', '1;DROP'),
  fc.string({ maxLength: 30 }),
);

const validHeaders = { 'content-type': 'application/json', 'idempotency-key': VALID_KEY };

// ---------- POST /forms/{formId}/submissions ----------

describe('POST /forms/{formId}/submissions under fuzzing', () => {
  it('refuses malformed JSON with 400, before any read or write', { timeout: PROPERTY_TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(malformedJson, fc.boolean(), async (body, base64) => {
        expectRejectedUntouched(await submit({ body, base64 }), 400, 'malformedJson');
      }),
      { numRuns: 400 },
    );
  });

  it('refuses a body that is not declared as JSON with 415', { timeout: PROPERTY_TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.option(wrongContentType, { nil: undefined }),
        fc.oneof(fc.constant(exampleText), fc.json()),
        async (type, body) => {
          const headers: Record<string, string> = { 'idempotency-key': VALID_KEY, ...(type !== undefined ? { 'content-type': type } : {}) };
          expectRejectedUntouched(await submit({ body, headers }), 415, 'unsupportedMediaType');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses bodies over 64 KiB (counted in UTF-8 bytes) with 413', { timeout: PROPERTY_TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('x', 'é', '€', '😀', '\u0000'),
        fc.integer({ min: 1, max: 4096 }),
        fc.boolean(),
        fc.boolean(),
        async (unit, excess, asJson, base64) => {
          const bytes = Buffer.byteLength(unit, 'utf8');
          const filler = unit.repeat(Math.ceil((64 * 1024 + excess) / bytes));
          const body = asJson ? JSON.stringify({ ...example, notes: filler }) : filler;
          expectRejectedUntouched(await submit({ body, base64 }), 413, 'payloadTooLarge');
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses a key given twice in one object (escaped twins too) with 400, at any depth', { timeout: PROPERTY_TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(duplicateInExample, duplicateRandom), async (body) => {
        expect(parses(body)).toBe(true);
        expectRejectedUntouched(await submit({ body }), 400, 'duplicateJsonKey');
      }),
      { numRuns: 500 },
    );
  });

  it(
    'refuses a value of the wrong JSON type at any level with a 4xx, before any read or write',
    { timeout: PROPERTY_TIMEOUT },
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...examplePaths), fc.jsonValue({ maxDepth: 2 }), async (path, replacement) => {
          const original = at(example as Json, path);
          fc.pre(kind(replacement) !== kind(original));
          // null stands for "absent" in optional fields; only the required spine must refuse it.
          fc.pre(replacement !== null || path.length <= 1);
          const body = JSON.stringify(replaceAt(example as Json, path, replacement as Json));
          expectRejectedUntouched(await submit({ body }));
        }),
        { numRuns: 500 },
      );
    },
  );

  it('answers injection-laden values and hostile keys with a 201 or a 4xx, never a 5xx', { timeout: PROPERTY_TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...exampleStringPaths),
        hostileString,
        fc.constantFrom(...exampleObjectPaths),
        fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', '$where', 'PK', 'SK', 'partnerId'), randomKey),
        fc.jsonValue({ maxDepth: 2 }),
        fc.boolean(),
        async (stringPath, hostile, objectPath, key, value, addKey) => {
          // An added key may collide with an existing one: then a duplicate-key 400 is the answer.
          const document = replaceAt(example as Json, stringPath, hostile);
          const body = addKey ? withExtraMember(document, objectPath, JSON.stringify(key), value as Json) : JSON.stringify(document);
          const result = await submit({ body });
          expectAcceptedOrRejected(result);
          if (result.statusCode !== 201) expect(tableCalls()).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses a missing or malformed Idempotency-Key with 400, before any read or write', { timeout: PROPERTY_TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.option(badIdempotencyKey, { nil: undefined }),
        fc.constantFrom('idempotency-key', 'Idempotency-Key'),
        async (key, name) => {
          const headers: Record<string, string> = { 'content-type': 'application/json', ...(key !== undefined ? { [name]: key } : {}) };
          const result = await submit({ body: exampleText, headers });
          expectRejectedUntouched(result, 400, key === undefined ? 'idempotencyKeyMissing' : 'idempotencyKeyInvalid');
        },
      ),
      { numRuns: 300 },
    );
  });

  it(
    'answers 404 for a form that does not exist, whatever its path segment, before any read or write',
    { timeout: PROPERTY_TIMEOUT },
    async () => {
      await fc.assert(
        fc.asyncProperty(oddFormId, acceptLanguage, async (formId, language) => {
          const result = await submit({ body: exampleText, formId, headers: { ...validHeaders, 'accept-language': language } });
          expectRejectedUntouched(result, 404);
        }),
        { numRuns: 300 },
      );
    },
  );

  it('answers an odd ?version= with a 201 or a 4xx, never a write when refused', { timeout: PROPERTY_TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(oddVersion, async (version) => {
        const result = await submit({ body: exampleText, query: { version } });
        expectAcceptedOrRejected(result);
        if (result.statusCode !== 201) expect(tableCalls()).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});

// ---------- GET /forms, GET /forms/{formId}, GET /openapi.json ----------

function getEvent(
  path: string,
  routeKey: string,
  headers: Record<string, string>,
  pathParameters?: Record<string, string>,
  query?: Record<string, string>,
) {
  return httpEvent({
    method: 'GET',
    path,
    routeKey,
    headers,
    ...(pathParameters ? { pathParameters } : {}),
    ...(query ? { query } : {}),
  });
}

const oddQuery = fc.dictionary(
  fc.oneof(fc.constantFrom('version', '__proto__', 'lang', 'formId'), fc.string({ maxLength: 10 })),
  hostileString,
  {
    maxKeys: 4,
  },
);

describe('public GET routes under fuzzing', () => {
  it(
    'GET /forms answers 200 in fr, ar or en whatever the Accept-Language and query, without the table',
    { timeout: PROPERTY_TIMEOUT },
    async () => {
      await fc.assert(
        fc.asyncProperty(acceptLanguage, oddQuery, async (language, query) => {
          ddb.resetHistory();
          const result = await handlers.listForms(
            getEvent('/forms', 'GET /forms', { 'accept-language': language }, undefined, query),
            lambdaContext,
          );
          expect(result.statusCode).toBe(200);
          expect(['fr', 'ar', 'en']).toContain(result.headers?.['content-language']);
          expect(tableCalls()).toBe(0);
        }),
        { numRuns: 200 },
      );
    },
  );

  it(
    'GET /forms/{formId} answers 404 problems for unknown forms and odd versions, never a 5xx',
    { timeout: PROPERTY_TIMEOUT },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(oddFormId, fc.constantFrom('avrr-application', 'youth-enrolment', 'protection-referral')),
          fc.option(oddVersion, { nil: undefined }),
          acceptLanguage,
          async (formId, version, language) => {
            ddb.resetHistory();
            const event = getEvent(
              `/forms/${formId}`,
              'GET /forms/{formId}',
              { 'accept-language': language },
              { formId },
              version !== undefined ? { version } : undefined,
            );
            const result = await handlers.getForm(event, lambdaContext);
            if (!getForm(formId)) expectRejectedUntouched(result, 404, 'formNotFound');
            else if (result.statusCode !== 200) expectRejectedUntouched(result, 404, 'formVersionNotFound');
            expect(tableCalls()).toBe(0);
          },
        ),
        { numRuns: 500 },
      );
    },
  );

  it('GET /openapi.json answers 200 whatever the headers and query', { timeout: PROPERTY_TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(
        acceptLanguage,
        oddQuery,
        fc.dictionary(fc.string({ maxLength: 12 }), hostileString, { maxKeys: 4 }),
        async (language, query, extra) => {
          ddb.resetHistory();
          const headers = { ...extra, 'accept-language': language };
          const result = await handlers.openApi(getEvent('/openapi.json', 'GET /openapi.json', headers, undefined, query), lambdaContext);
          expect(result.statusCode).toBe(200);
          expect(tableCalls()).toBe(0);
        },
      ),
      { numRuns: 100 },
    );
  });
});

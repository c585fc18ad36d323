// The submission handler with mocked AWS clients: what a web form sees for each kind of request.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { SFNClient, StartExecutionCommand, SFNServiceException } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { getForm, privacyNotice } from '../../../domain/forms/index.ts';
import { TEST_NOTICE_CONFIG } from '../../support/notice.ts';
import { httpEvent, lambdaContext } from '../../support/events.ts';
import { useLocalFieldKeyFile } from '../../support/field-key.ts';
import { FieldCipher, localKeyring } from '../../../functions/adapters/encryption/field-cipher.ts';
import { readLocalFieldKey } from '../../../functions/adapters/encryption/local-key.ts';
import { submissionFromItem } from '../../../functions/adapters/dynamodb/items.ts';

process.env.TABLE_NAME = 'casework-test';
process.env.CASE_WORKFLOW_ARNS = JSON.stringify({ avrr: 'arn:aws:states:eu-west-3:000000000000:stateMachine:AvrrReturn' });
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
const keyFile = useLocalFieldKeyFile();
process.env.CONTROLLER_NAME = TEST_NOTICE_CONFIG.controllerName;
process.env.DATA_PROTECTION_CONTACT = TEST_NOTICE_CONFIG.dataProtectionContact;
process.env.CNDP_REFERENCE = TEST_NOTICE_CONFIG.cndpReference;

const ddb = mockClient(DynamoDBDocumentClient);
const sfn = mockClient(SFNClient);
let handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;

const example = getForm('avrr-application')!.examples[0] as Record<string, unknown>;
const route = { method: 'POST', path: '/forms/avrr-application/submissions', routeKey: 'POST /forms/{formId}/submissions' };

function submit(
  body: string | undefined,
  headers: Record<string, string> = {},
  formId = 'avrr-application',
  query?: Record<string, string>,
) {
  return handler(
    httpEvent({
      ...route,
      path: `/forms/${formId}/submissions`,
      ...(body !== undefined ? { body } : {}),
      headers: { 'content-type': 'application/json', 'idempotency-key': 'key-0001-abcdef', ...headers },
      pathParameters: { formId },
      ...(query ? { query } : {}),
    }),
    lambdaContext,
  );
}

const duplicateKey = () =>
  new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
  });

const parse = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(result.body ?? 'null') as Record<string, unknown>;

beforeAll(async () => {
  ({ handler } = (await import('../../../functions/submit-form/handler.ts')) as unknown as { handler: typeof handler });
});

beforeEach(() => {
  // Prepare: an empty table and a reachable workflow service.
  ddb.on(GetCommand).resolves({});
  // Never asked on the request path (match suggestions are made from the table's stream).
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(UpdateCommand).resolves({ Attributes: { sequence: 4200 } });
  ddb.on(TransactWriteCommand).resolves({});
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:exec', startDate: new Date() });
});

afterEach(() => {
  ddb.reset();
  sfn.reset();
});

describe('a web form submits an AVRR application', () => {
  it('opens a case in one atomic write and answers 201 with its reference', async () => {
    const result = await submit(JSON.stringify(example));

    expect(result.statusCode).toBe(201);
    const receipt = parse(result);
    expect(receipt.reference).toMatch(/^AVRR-2026-\d{6}$/);
    expect(result.headers?.location).toBe(`/cases/${String(receipt.caseId)}`);
    const writes = ddb.commandCalls(TransactWriteCommand);
    expect(writes).toHaveLength(1);
    const items = writes[0]!.args[0].input.TransactItems!.map((item) => item.Put!.Item!);
    const entities = items.map((item) => item.entity as string);
    expect(entities.slice(0, 5)).toEqual(['Idempotency', 'Case', 'CaseReference', 'Submission', 'CaseEvent']);
    expect(entities.filter((e) => e === 'Person').length).toBeGreaterThanOrEqual(1);
    expect(writes[0]!.args[0].input.TransactItems!.every((item) => item.Put!.ConditionExpression === 'attribute_not_exists(PK)')).toBe(
      true,
    );
    // The raw submission is stored sealed, and opens exactly as received.
    const submission = items.find((item) => item.entity === 'Submission')!;
    expect(submission.rawBody).toBeInstanceOf(Uint8Array);
    const cipher = new FieldCipher(localKeyring(readLocalFieldKey(keyFile)));
    expect((await submissionFromItem(submission, cipher)).rawBody).toBe(JSON.stringify(example));
    // Nothing read on the request path: match suggestions come from the table's stream (suggest-matches.test.ts).
    expect(ddb.commandCalls(QueryCommand)).toEqual([]);
  });

  it('keeps personal data off the case item and out of the workflow input', async () => {
    const result = await submit(JSON.stringify(example));
    const caseItem = ddb
      .commandCalls(TransactWriteCommand)[0]!
      .args[0].input.TransactItems!.map((i) => i.Put!.Item!)
      .find((i) => i.entity === 'Case')!;
    const applicant = example.applicant as Record<string, unknown>;
    const startItem = ddb
      .commandCalls(TransactWriteCommand)[0]!
      .args[0].input.TransactItems!.map((i) => i.Put!.Item!)
      .find((i) => i.entity === 'WorkflowStart')!;
    const serialized = JSON.stringify(caseItem) + JSON.stringify(startItem);
    for (const personal of [applicant.familyName, applicant.givenNames, applicant.dateOfBirth]) {
      expect(typeof personal).toBe('string');
      expect(serialized).not.toContain(personal as string);
    }
    expect(parse(result).status).toBe('received');
  });

  it('records with the submission and on the case which notice was shown: its version, the Notice-Language, the CNDP reference', async () => {
    const result = await submit(JSON.stringify(example), { 'notice-language': 'ar', 'accept-language': 'fr' });
    expect(result.statusCode).toBe(201);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((i) => i.Put!.Item!);
    const submission = items.find((i) => i.entity === 'Submission')!;
    const published = privacyNotice(getForm('avrr-application')!, TEST_NOTICE_CONFIG, 'ar');
    expect(submission.notice).toEqual({
      formId: 'avrr-application',
      formVersion: getForm('avrr-application')!.version,
      noticeVersion: published.version,
      language: 'ar',
      languageSource: 'notice-language-header',
      cndpReference: 'D-GC-123/2026',
    });
    expect(items.find((i) => i.entity === 'Case')!.notice).toEqual(submission.notice);
  });

  it('without Notice-Language, records the notice in the negotiated language; refuses an unknown one with 400', async () => {
    await submit(JSON.stringify(example), { 'accept-language': 'en' });
    const submission = ddb
      .commandCalls(TransactWriteCommand)[0]!
      .args[0].input.TransactItems!.map((i) => i.Put!.Item!)
      .find((i) => i.entity === 'Submission')!;
    expect(submission.notice).toMatchObject({ language: 'en', languageSource: 'accept-language' });

    const refused = await submit(JSON.stringify(example), { 'notice-language': 'de', 'accept-language': 'en' });
    expect(refused.statusCode).toBe(400);
    expect(parse(refused).title).toBe('Invalid Notice-Language header');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('records consent by purpose on the case, with its basis', async () => {
    await submit(JSON.stringify(example));
    const caseItem = ddb
      .commandCalls(TransactWriteCommand)[0]!
      .args[0].input.TransactItems!.map((i) => i.Put!.Item!)
      .find((i) => i.entity === 'Case')!;
    expect((caseItem.consents as { purpose: string; basis: string; given: boolean }[]).map((c) => [c.purpose, c.basis, c.given])).toEqual([
      ['processing', 'consent', true],
      ['follow-up-contact', 'consent', true],
      ['sharing', 'consent', true],
    ]);
  });

  it("asks, in the same write, for the case's return phase to be started by a name derived from the case", async () => {
    const receipt = parse(await submit(JSON.stringify(example)));
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!.map((item) => item.Put!.Item!);
    const start = items.find((item) => item.entity === 'WorkflowStart')!;
    expect(start).toMatchObject({
      PK: `CASE#${String(receipt.caseId)}`,
      SK: 'WORKFLOW#return',
      executionName: `${String(receipt.caseId)}-return`,
    });
    expect(start.input).toMatchObject({ caseId: receipt.caseId, reference: receipt.reference, phase: 'return', caseType: 'avrr' });
    // Not on the request path: the table's stream starts it.
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });
});

describe('retries and duplicates', () => {
  it('replays the first answer when the same key and body come again, and opens no second case', async () => {
    const first = parse(await submit(JSON.stringify(example)));
    const stored = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!.Item!;
    ddb.on(TransactWriteCommand).rejects(duplicateKey());
    ddb.on(GetCommand).resolves({ Item: stored });

    const again = await submit(JSON.stringify(example, null, 2)); // same JSON, other whitespace

    expect(again.statusCode).toBe(201);
    expect(again.headers?.['idempotent-replayed']).toBe('true');
    expect(parse(again)).toEqual(first);
  });

  it('refuses the same key with a different body (422), and says why', async () => {
    await submit(JSON.stringify(example));
    const stored = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems![0]!.Put!.Item!;
    ddb.on(TransactWriteCommand).rejects(duplicateKey());
    ddb.on(GetCommand).resolves({ Item: stored });

    const other = { ...example, previousAvrrAssistance: !(example.previousAvrrAssistance as boolean) };
    const result = await submit(JSON.stringify(other), { 'accept-language': 'en' });

    expect(result.statusCode).toBe(422);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    expect(parse(result).type).toBe('urn:casework:problem:idempotencyKeyReused');
  });

  it("answers a request that lost the race with the winner's receipt", async () => {
    const winner = { key: 'key-0001-abcdef', fingerprint: '', receipt: {}, createdAt: '', expiresAt: 0 };
    ddb.on(TransactWriteCommand).callsFake(async (input: { TransactItems: { Put: { Item: Record<string, unknown> } }[] }) => {
      const idem = input.TransactItems[0]!.Put.Item;
      Object.assign(winner, { fingerprint: idem.fingerprint, receipt: { ...(idem.receipt as object), caseId: 'winner-case' } });
      throw duplicateKey();
    });
    ddb.on(GetCommand).resolves({ Item: winner });

    const result = await submit(JSON.stringify(example));

    expect(result.statusCode).toBe(201);
    expect(parse(result).caseId).toBe('winner-case');
    expect(result.headers?.['idempotent-replayed']).toBe('true');
  });
});

describe('bad input never reaches the database', () => {
  it.each([
    ['malformed JSON', '{"applicant": ', {}, 400, 'malformedJson'],
    ['an empty body', '', {}, 400, 'malformedJson'],
    ['a form-encoded body', 'a=1', { 'content-type': 'application/x-www-form-urlencoded' }, 415, 'unsupportedMediaType'],
    ['a missing Idempotency-Key', '{}', { 'idempotency-key': undefined }, 400, 'idempotencyKeyMissing'],
    ['a too short Idempotency-Key', '{}', { 'idempotency-key': 'abc' }, 400, 'idempotencyKeyInvalid'],
  ] as const)('%s is refused', async (_name, body, headers, status, type) => {
    const cleaned = Object.fromEntries(
      Object.entries({ 'content-type': 'application/json', 'idempotency-key': 'key-0001-abcdef', ...headers }).filter(
        ([, v]) => v !== undefined,
      ),
    ) as Record<string, string>;
    const result = await handler(
      httpEvent({ ...route, body, headers: cleaned, pathParameters: { formId: 'avrr-application' } }),
      lambdaContext,
    );
    expect(result.statusCode).toBe(status);
    expect(parse(result).type).toBe(`urn:casework:problem:${type}`);
    expect(ddb.calls()).toHaveLength(0);
  });

  describe('a body with a key given twice is refused (400), at any depth, even spelt with escapes', () => {
    // JSON.parse keeps the last value silently: what was validated would not be what was stored raw.
    const exampleText = JSON.stringify(example);
    it.each([
      ['at the top', `{"formId":"x",${exampleText.slice(1, -1)},"formId":"<script>alert(1)</script>"}`, '/formId'],
      ['in the applicant', exampleText.replace('"applicant":{', '"applicant":{"familyName":"A",'), '/applicant/familyName'],
      ['escaped twin', '{"a":1,"\\u0061":2}', '/a'],
      ['inside a list', '{"list":[{},{"b":1,"b":2}]}', '/list/1/b'],
      ['an escaped surrogate pair', '{"x":[[{"\u{1F600}":1,"\\ud83d\\ude00":2}]]}', '/x/0/0/\u{1F600}'],
      ['a key with a slash', '{"x/y~":1,"x/y~":2}', '/x~1y~0'],
    ])('%s', async (_name, body, pointer) => {
      for (const [language, pattern] of [
        ['fr', /deux fois/],
        ['ar', /[\u0600-\u06FF]/],
        ['en', /twice/],
      ] as const) {
        const result = await submit(body, { 'accept-language': language });
        expect(result.statusCode).toBe(400);
        expect(result.headers?.['content-type']).toBe('application/problem+json');
        const problem = parse(result) as { type: string; errors: { pointer: string; code: string; message: string }[] };
        expect(problem.type).toBe('urn:casework:problem:duplicateJsonKey');
        expect(problem.errors).toEqual([{ pointer, code: 'duplicate_key', message: expect.stringMatching(pattern) as string }]);
      }
      expect(ddb.calls()).toHaveLength(0);
    });

    it('the same key in sibling objects is fine', async () => {
      expect((await submit('{"a":{"k":1},"b":{"k":2}}')).statusCode).not.toBe(400);
    });
  });

  it('refuses a body over 64 KiB with 413', async () => {
    const result = await submit(JSON.stringify({ ...example, padding: 'x'.repeat(70_000) }));
    expect(result.statusCode).toBe(413);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('answers 404 for an unknown form and for an unknown version', async () => {
    expect((await submit(JSON.stringify(example), {}, 'no-such-form')).statusCode).toBe(404);
    const badVersion = await submit(JSON.stringify(example), {}, 'avrr-application', { version: '99' });
    expect(badVersion.statusCode).toBe(404);
    expect(parse(badVersion).type).toBe('urn:casework:problem:formVersionNotFound');
    expect(ddb.calls()).toHaveLength(0);
  });

  it('lists every field error, in Arabic when asked', async () => {
    const applicant = { ...(example.applicant as Record<string, unknown>) };
    delete applicant.familyName;
    const body = { ...example, applicant: { ...applicant, dateOfBirth: 'not-a-date' }, unexpected: true };

    const result = await submit(JSON.stringify(body), { 'accept-language': 'ar-MA,ar;q=0.9,fr;q=0.5' });

    expect(result.statusCode).toBe(422);
    expect(result.headers?.['content-language']).toBe('ar');
    const problem = parse(result) as { errors: { pointer: string; code: string; message: string }[]; title: string };
    const pointers = problem.errors.map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/applicant/familyName', '/applicant/dateOfBirth']));
    expect(problem.errors.length).toBeGreaterThanOrEqual(3);
    expect(problem.title).toMatch(/[\u0600-\u06FF]/);
    expect(problem.errors.every((e) => /[\u0600-\u06FF]/.test(e.message))).toBe(true);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('when a dependency is down', () => {
  it('still accepts submissions while the workflow service is down: the case and its start request are stored', async () => {
    sfn
      .on(StartExecutionCommand)
      .rejects(new SFNServiceException({ name: 'ServiceUnavailable', $fault: 'server', $metadata: {}, message: 'down' }));
    const result = await submit(JSON.stringify(example));
    expect(result.statusCode).toBe(201);
  });

  it('answers 503, not 500, when DynamoDB throttles', async () => {
    ddb.on(TransactWriteCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const result = await submit(JSON.stringify(example));
    expect(result.statusCode).toBe(503);
  });
});

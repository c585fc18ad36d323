// npm run bench:intake — in one run, against the same DynamoDB Local:
//   * a valid submission through the whole HTTP path (local API Gateway → handler → DynamoDB; the
//     case's workflow is started afterwards from the table's stream, off the request path),
//   * a bare TransactWriteItems of the same items,
// interleaved so both see the same machine. Each submission is a different person, as at a mission
// (the same example 450 times would make every intake the 450th namesake of the one before, and
// measure the bounded worst case of match suggestions instead of the request path).
// Bundle sizes and cold imports: npm run bench:bundles.
// Last line: `intake p50 ratio: X` (HTTP p50 / bare p50). Target: X ≤ 1.3.
//
// What the HTTP path adds over the bare write (cpu-prof of the local system, 300 submissions):
//  * fixed: every submission regenerated its form's JSON Schema (zod toJSONSchema) to list its
//    notice's mandatory answers: about 4 ms of CPU each, half of the use case's own CPU. Now once
//    per schema per process (domain/forms/define.ts).
//  * fixed (cold start): `import { z } from 'zod'` bundled zod's 64 locales in every function;
//    `import * as z` keeps English only (bench:bundles).
//  * left, by design: match suggestions query the identity index (3 Queries) after the write: one
//    more DynamoDB round trip on the request path. Measured with matching off: ratio 2.68 instead
//    of 3.20 (quick run, load 26 on 2 cores). Moving it to the table stream would take it off the
//    request path (and the race it guards stays covered: both cases are stored before either is
//    matched), at the price of suggestions appearing a moment later.
//  * left: sealing the sensitive answers takes a fresh data key per value (each value's encryption
//    context names its case and field, so the caching materials manager never hits on encrypt): in
//    AWS, one KMS GenerateDataKey per sealed value, concurrent. The bare write seals outside its timing.
//  * left: the X-Ray SDK, loaded by the Powertools Tracer, enables async hooks (cls-hooked, with
//    destroy tracking) for every promise of the process even when tracing is off.
//  * small: the middy/Powertools middlewares, the strict body read (bench:json-body), the event's
//    structuredClone in the local Lambda host (under 0.6 ms).
//  * local only: the workflow runtime's synchronous sqlite commits and the stream checkpoint file
//    block the event loop the local gateway shares; on a loaded machine they inflate both paths.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { getForm } from '../domain/forms/index.ts';
import { buildIntakeRecords } from '../domain/intake/submit-form.ts';
import { submissionFingerprint } from '../domain/intake/fingerprint.ts';
import { intakeTransactItems } from '../functions/adapters/dynamodb/intake-store.ts';
import { FieldCipher, localKeyring } from '../functions/adapters/encryption/field-cipher.ts';
import { DynamoTaskStore } from '../functions/adapters/dynamodb/task-store.ts';
import { LOCAL_CREDENTIALS, startDynamoDbLocal } from '../local/dynamodb-local.ts';
import { startLocalSystem } from '../local/system.ts';
import { testNotice } from '../test/support/notice.ts';

// BENCH_QUICK=1 (npm run bench -- --quick): fewer samples, for a check that it runs, not for figures.
const QUICK = process.env.BENCH_QUICK === '1';
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? (QUICK ? 60 : 400));
const WARMUP = QUICK ? 10 : 50;
const out = (line: string) => process.stdout.write(`${line}\n`);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const workDir = mkdtempSync(path.join(tmpdir(), 'casework-bench-'));
const dynamodb = await startDynamoDbLocal();
const system = await startLocalSystem({
  port: 0,
  dataDir: workDir,
  dynamodbEndpoint: dynamodb.endpoint,
  throttling: false,
  perClientLimit: false,
  clockMode: 'manual',
});
try {
  const form = getForm('avrr-application')!;
  const base = form.examples[0] as { applicant: Record<string, unknown> };
  // The n-th applicant: the example's, with a family name and a document number of their own.
  const letters = (n: number): string => (n < 26 ? '' : letters(Math.floor(n / 26) - 1)) + String.fromCharCode(97 + (n % 26));
  let people = 0;
  const nextPerson = () => {
    const n = people++;
    const example = {
      ...base,
      applicant: {
        ...base.applicant,
        familyName: `Diallo ${letters(n)}`,
        identityDocument: { type: 'national-id', number: `GN-${7_000_000 + n}` },
      },
    };
    return { example, rawBody: JSON.stringify(example) };
  };
  const tableName = system.assembly.tables[0]!.tableName;
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: dynamodb.endpoint, region: 'eu-west-3', credentials: LOCAL_CREDENTIALS }),
    {
      marshallOptions: { removeUndefinedValues: true },
    },
  );
  let bareSequence = 500_000;
  const observer = new DynamoTaskStore(client, tableName);

  const viaHttp = async () => {
    const { rawBody } = nextPerson();
    const started = performance.now();
    const response = await fetch(`${system.url}/forms/avrr-application/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: rawBody,
    });
    const elapsed = performance.now() - started;
    if (response.status !== 201) throw new Error(`submission answered ${response.status}`);
    // The case's workflow then starts in the background (table stream → StartExecution → first task):
    // let that finish before the next sample, so that neither measurement queues behind it.
    const { caseId } = (await response.json()) as { caseId: string };
    for (let wait = 0; wait < 200 && (await observer.tasksOfCase(caseId)).length === 0; wait++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return elapsed;
  };
  // The bare write's items are sealed (outside the timing) as the handler seals them.
  const sealer = new FieldCipher(localKeyring(randomBytes(32)));
  const bare = async () => {
    const { example, rawBody } = nextPerson();
    // The same items the handler writes, built the same way, written with one TransactWriteItems.
    const records = buildIntakeRecords({
      form,
      data: form.schema.parse(example),
      command: { formId: form.id, rawBody, body: example, idempotencyKey: randomUUID(), language: 'fr', notice: testNotice },
      fingerprint: submissionFingerprint(form.id, form.version, example),
      reference: `AVRR-2026-${String(bareSequence++)}`,
      now: system.clock.now(),
    });
    const command = new TransactWriteCommand({ TransactItems: await intakeTransactItems(tableName, records, sealer) });
    const started = performance.now();
    await client.send(command);
    return performance.now() - started;
  };

  for (let i = 0; i < WARMUP; i++) {
    await viaHttp();
    await bare();
  }
  const httpTimes: number[] = [];
  const bareTimes: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    // Alternate which goes first so neither always sees a warmer cache.
    if (i % 2 === 0) {
      httpTimes.push(await viaHttp());
      bareTimes.push(await bare());
    } else {
      bareTimes.push(await bare());
      httpTimes.push(await viaHttp());
    }
  }
  const { example, rawBody } = nextPerson();
  const items = (
    await intakeTransactItems(
      tableName,
      buildIntakeRecords({
        form,
        data: form.schema.parse(example),
        command: { formId: form.id, rawBody, body: example, idempotencyKey: 'x', language: 'fr', notice: testNotice },
        fingerprint: 'x',
        reference: 'AVRR-2026-000001',
        now: new Date(),
      }),
      sealer,
    )
  ).length;

  out(`samples: ${SAMPLES} of each, interleaved, after ${WARMUP} warm-up rounds; ${items} items per transaction`);
  out(`submission via HTTP   p50 ${percentile(httpTimes, 50).toFixed(2)} ms   p99 ${percentile(httpTimes, 99).toFixed(2)} ms`);
  out(`bare TransactWrite    p50 ${percentile(bareTimes, 50).toFixed(2)} ms   p99 ${percentile(bareTimes, 99).toFixed(2)} ms`);
  out(`p99 ratio: ${(percentile(httpTimes, 99) / percentile(bareTimes, 99)).toFixed(2)}`);

  out(`intake p50 ratio: ${(percentile(httpTimes, 50) / percentile(bareTimes, 50)).toFixed(2)}`);
} finally {
  await system.stop();
  await dynamodb.stop();
  rmSync(workDir, { recursive: true, force: true });
}

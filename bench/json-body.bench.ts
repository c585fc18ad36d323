// npm run bench:json-body — what the strict body read (duplicate keys refused) costs over a
// bare JSON.parse, in one run on the same machine: a realistic AVRR submission, and one grown to
// the 64 KiB limit. Prints p50/p99 per case.
import { getForm } from '../domain/forms/index.ts';
import { readJsonBody, type HttpEvent } from '../functions/commons/http.ts';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? (process.env.BENCH_QUICK === '1' ? 300 : 3000));
const out = (line: string) => process.stdout.write(`${line}\n`);

const example = getForm('avrr-application')!.examples[0] as Record<string, unknown>;
const realistic = JSON.stringify(example);
const grown: Record<string, unknown> = structuredClone(example);
let large = realistic;
for (let i = 0; Buffer.byteLength(large) < 63 * 1024; i++) {
  grown[`note${i}`] = {
    text: 'Souhaite retrouver sa mère et reprendre l’école. '.repeat(4),
    n: i,
    list: [1, 2, 3, true, null],
    nested: { a: 'x' },
  };
  large = JSON.stringify(grown);
}

const event = (body: string) => ({ headers: { 'content-type': 'application/json' }, body, isBase64Encoded: false }) as unknown as HttpEvent;

function measure(name: string, run: () => unknown): void {
  for (let i = 0; i < SAMPLES / 10; i++) run();
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(times.length * p))]!.toFixed(3);
  out(`${name.padEnd(40)} p50 ${at(0.5)} ms  p99 ${at(0.99)} ms`);
}

for (const [label, text] of [
  [`realistic (${Buffer.byteLength(realistic)} B)`, realistic],
  [`at the limit (${Buffer.byteLength(large)} B)`, large],
] as const) {
  measure(`JSON.parse, ${label}`, () => JSON.parse(text) as unknown);
  measure(`readJsonBody, ${label}`, () => readJsonBody(event(text), 64 * 1024, 'fr'));
}

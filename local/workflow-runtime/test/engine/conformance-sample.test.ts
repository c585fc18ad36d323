import { describe, it, expect } from 'vitest';
import { loadIndex, recordingsAvailable, runCase } from '../../conformance/cases.ts';
import { createInterpreter } from '../../src/engine/index.ts';

// A handful of recorded AWS executions across categories; the full set runs via `npm run conformance`.
const SAMPLE = [
  'test_base_cases[BASE_SCOPE_MAP]',
  'test_base_cases[BASE_PATHS]',
  'TestArgumentsBase::test_base_cases[BASE_LAMBDA_LITERALS]',
  'test_parallel_state_order',
  'test_map_state_retry',
  'TestCallback::test_sqs_wait_for_task_token_call_chain',
  'TestGeneric::test_format_2',
];

describe('recorded AWS executions', () => {
  it.runIf(recordingsAvailable())('replays a sample of conformance cases identically', () => {
    const interp = createInterpreter({ harness: { tokenTransports: true } });
    const index = loadIndex();
    for (const pattern of SAMPLE) {
      const entry = index.find((e) => e.case.includes(pattern));
      expect(entry, pattern).toBeDefined();
      if (!entry) continue;
      const r = runCase(interp, entry);
      expect(r.verdict === 'fail' ? `${r.name}: ${r.detail}` : r.verdict, pattern).toBe('pass');
    }
  });
});

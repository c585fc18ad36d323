import { describe, expect, it } from 'vitest';
import { evaluateJsonata, evaluateJsonataFast } from '../../src/engine/jsonata-sync.ts';

// Expressions computed without the worker must give exactly what jsonata gives; anything the fast
// path does not answer exactly goes to jsonata.

const inputs: unknown[] = [
  { i: 0, n: 7, x: 2.5, s: 'OPEN', t: 'CLOSED', b: true, f: false, z: 0, neg: -3, big: 1e300, arr: [1, 2], o: { a: { b: 4 } }, str: '5' },
  { i: 499, n: 10, x: -0.5, s: 'a', t: 'b', b: false, f: true, z: 0, neg: 3, big: -1e300, arr: [], o: { a: [{ b: 1 }] }, str: '' },
  { i: 'x', n: null, s: 1, o: null },
];

const expressions = [
  '$states.input.i + 1',
  '$states.input.i < 500',
  '$states.input.n % 2 = 0',
  '$states.input.n % 2 != 0',
  '$states.input.x * 2 - $states.input.neg / 4',
  '($states.input.i + 1) * 3',
  '-$states.input.neg + -1',
  '$states.input.s = "OPEN"',
  "$states.input.s = 'OPEN' and $states.input.n > 3",
  '$states.input.b or $states.input.f',
  '$states.input.b and $states.input.f',
  '$states.input.s < $states.input.t',
  '$states.input.s >= $states.input.t',
  '$states.input.i <= $states.input.n',
  '$states.input.n / $states.input.z',
  '$states.input.big * $states.input.big',
  '$states.input.missing + 1',
  '$states.input.missing = 1',
  '$states.input.str + 1',
  '$states.input.str = 5',
  '$states.input.arr + 1',
  '$states.input.o.a.b + 1',
  '$states.input.n = $states.input.s',
  '$states.input.i < 500 < 3',
  '1 + 2 * 3 - 4 % 3',
  '10 - 2 - 3',
  '2 * (3 + 4)',
  '$count($states.input.arr) + 1',
  '007 + 1',
  '$states.input.b and $states.input.missing',
  '$states.input.and + 1',
  '$states.input.n>=7and$states.input.b',
  '"a" < "b"',
  '1e3 + 1',
];

describe('JSONata fast path', () => {
  it('answers operators on numbers, strings and booleans exactly as jsonata does, or leaves them to jsonata', { timeout: 60_000 }, () => {
    let answered = 0;
    for (const expr of expressions) {
      for (const input of inputs) {
        const bindings = { states: { input } };
        const fast = evaluateJsonataFast(expr, bindings);
        if (fast === null) continue;
        answered++;
        expect({ expr, input, r: fast }).toEqual({ expr, input, r: evaluateJsonata(expr, input, bindings, 1) });
      }
    }
    // The common shapes are answered here.
    for (const expr of [
      '$states.input.i + 1',
      '$states.input.i < 500',
      '$states.input.n % 2 = 0',
      "$states.input.s = 'OPEN' and $states.input.n > 3",
    ]) {
      expect(evaluateJsonataFast(expr, { states: { input: inputs[0] } })).not.toBeNull();
    }
    expect(answered).toBeGreaterThan(40);
  });
});

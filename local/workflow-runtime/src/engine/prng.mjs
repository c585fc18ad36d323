// The seeded PRNG (mulberry32) behind $random/$uuid and States.UUID: the interpreter and the
// JSONata worker must draw the same sequence from the same seed, so both import this module.
// Plain JavaScript because the worker thread loads it without a TypeScript loader.

/**
 * A generator of floats in [0, 1) determined by a 32-bit seed.
 * @param {number} seed
 * @returns {() => number}
 */
export function seededRandom(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The same sequence as seededRandom, from a state that can be read (`state()`) and given back
 * later (a snapshot's checkpoint resumes the sequence where it was).
 * @param {number} state
 * @returns {{ next: () => number, state: () => number }}
 */
export function randomFromState(state) {
  let s = state >>> 0;
  return {
    next: () => {
      s = (s + 0x6d2b79f5) >>> 0;
      let t = s;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    state: () => s,
  };
}

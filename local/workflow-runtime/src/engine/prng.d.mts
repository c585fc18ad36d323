/** A generator of floats in [0, 1) determined by a 32-bit seed (mulberry32). */
export function seededRandom(seed: number): () => number;
/** The same sequence as seededRandom, from a state that can be read and given back. */
export function randomFromState(state: number): { next: () => number; state: () => number };

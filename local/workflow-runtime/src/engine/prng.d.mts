/** A generator of floats in [0, 1) determined by a 32-bit seed (mulberry32). */
export function seededRandom(seed: number): () => number;

import { randomInt } from 'node:crypto';

/** mulberry32: a few lines of seeded PRNG (32-bit state), so a test's random choices replay from a printed seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed `envVar` names (an integer from 0 to 2^32 - 1), or a fresh random one when it is unset. */
export function seedFrom(envVar: string): number {
  const raw = process.env[envVar];
  if (raw === undefined || raw === '') return randomInt(0, 2 ** 32);
  if (!/^\d+$/.test(raw) || Number(raw) >= 2 ** 32)
    throw new Error(`${envVar} must be an integer from 0 to 4294967295, not ${JSON.stringify(raw)}`);
  return Number(raw);
}

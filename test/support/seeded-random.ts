/**
 * A seeded source of numbers in [0, 1) (mulberry32), so a randomised test can print its seed and be run again
 * the same way. Not for anything secret.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The seed a test runs with: the number in `variable` when set (to rerun a failure), else a fresh one; printed
 * either way, with the command that repeats the run.
 */
export function testSeed(variable: string, testFile: string): number {
  const given = process.env[variable];
  const seed = given === undefined || given === '' ? Math.floor(Math.random() * 2 ** 31) : Number(given);
  if (!Number.isSafeInteger(seed)) throw new Error(`${variable} must be an integer, not "${given}"`);
  console.info(`${testFile}: ${variable}=${seed} (rerun: ${variable}=${seed} npx vitest run ${testFile})`);
  return seed;
}

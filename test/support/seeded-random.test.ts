import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.ts';

describe('seededRandom', () => {
  it('repeats a run for its seed, and gives another seed other numbers in [0, 1)', () => {
    const take = (seed: number) => Array.from({ length: 1_000 }, seededRandom(seed));
    const first = take(20261204);
    expect(take(20261204)).toEqual(first);
    expect(take(20261205)).not.toEqual(first);
    expect(first.every((n) => n >= 0 && n < 1)).toBe(true);
    // spread over the interval, not stuck in a corner of it
    expect(first.filter((n) => n < 0.5).length).toBeGreaterThan(400);
    expect(first.filter((n) => n < 0.5).length).toBeLessThan(600);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../test/support/services.ts';
import { nextControlNumber, reserveControlNumbers } from './control-numbers.ts';

class Rollback extends Error {}

describe.each(databaseKinds())('control numbers on $name', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await kind.create();
  });
  afterAll(async () => t?.dispose());

  it('hands 8 concurrent workers 5,000 distinct, consecutive numbers; a rolled-back transaction burns none', async () => {
    const { db } = t.handle;
    const committed: number[] = [];
    // each worker keeps going until it has committed 625 documents; every fifth attempt fails after taking
    // its number, and the number must come back
    const worker = async (w: number) => {
      for (let attempt = 0, done = 0; done < 625; attempt++) {
        try {
          await db.transaction(async (tx) => {
            const n = await nextControlNumber(tx, 'acme', 'interchange');
            if ((w + attempt) % 5 === 0) throw new Rollback();
            committed.push(n);
          });
          done++;
        } catch (error) {
          if (!(error instanceof Rollback)) throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    expect(committed).toHaveLength(5_000);
    expect([...committed].sort((a, b) => a - b)).toEqual(Array.from({ length: 5_000 }, (_, i) => i + 1));
  }, 120_000);

  it('reserves consecutive ranges, and a rolled-back range is handed out again', async () => {
    const { db } = t.handle;
    expect(await reserveControlNumbers(db, 'ranges', 'transaction', 3)).toBe(1);
    await expect(
      db.transaction(async (tx) => {
        expect(await reserveControlNumbers(tx, 'ranges', 'transaction', 5)).toBe(4);
        throw new Rollback();
      }),
    ).rejects.toBeInstanceOf(Rollback);
    expect(await reserveControlNumbers(db, 'ranges', 'transaction', 2)).toBe(4);
    expect(await nextControlNumber(db, 'ranges', 'transaction')).toBe(6);
  });

  it('keeps one counter per partner and kind', async () => {
    const { db } = t.handle;
    expect(await nextControlNumber(db, 'other', 'group')).toBe(1);
    expect(await nextControlNumber(db, 'other', 'group')).toBe(2);
    expect(await nextControlNumber(db, 'other', 'transaction')).toBe(1);
  });
});

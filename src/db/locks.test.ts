import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../test/support/services.ts';
import { rowsOf } from './client.ts';
import { LOCKS, lockKey, withAdvisoryLock } from './locks.ts';

describe('named advisory locks', () => {
  it('give every lock its own key: no two names share a number or a prefix', () => {
    const keys = Object.values(LOCKS).map(String);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('refuse a scope on a fixed lock and a missing scope on a scoped one', () => {
    expect(() => lockKey('mappingSync', 'x')).toThrow(/takes no scope/);
    expect(() => lockKey('validatePartner')).toThrow(/needs a scope/);
  });
});

// Two sessions are needed to see one lock exclude another: PGlite has one session, so this is PostgreSQL's.
describe.each(databaseKinds().filter((k) => k.name === 'postgres'))('advisory locks on $name', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await kind.create();
  });
  afterAll(async () => t?.dispose());

  it('exclude the same name and scope only, until the holder commits', async () => {
    const { db } = t.handle;
    const tryLock = async (name: keyof typeof LOCKS, scope?: string) => {
      const [row] = rowsOf<{ taken: boolean }>(
        await db.execute(sql`select pg_try_advisory_lock(${lockKey(name, scope)}) as taken`),
      );
      // a session lock taken to look is given back at once
      if (row!.taken) await db.execute(sql`select pg_advisory_unlock(${lockKey(name, scope)})`);
      return row!.taken;
    };
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const taken = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holder = db.transaction(async (tx) => {
      await withAdvisoryLock(tx, 'validatePartner', 'acme');
      await withAdvisoryLock(tx, 'mappingSync');
      locked();
      await held;
    });
    await taken;
    expect(await tryLock('validatePartner', 'acme')).toBe(false);
    expect(await tryLock('mappingSync')).toBe(false);
    expect(await tryLock('validatePartner', 'globex')).toBe(true);
    expect(await tryLock('partnerIdentifier', 'acme')).toBe(true);
    expect(await tryLock('firstAdminToken')).toBe(true);
    release();
    await holder;
    expect(await tryLock('validatePartner', 'acme')).toBe(true);
  });
});

import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../test/support/services.ts';
import { apiKeys } from '../db/schema.ts';
import { API_KEY_CACHE_TTL_MS } from './api-key-cache.ts';
import { createPartner, partnerForApiKey, revokeApiKey } from './partner-store.ts';

describe.each(databaseKinds())('partner API-key lookups on $name', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await kind.create();
  });
  afterAll(async () => t?.dispose());
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A partner of its own for each test (they share the database), `key-holder-<n>`. */
  let partners = 0;
  const partner = async () => {
    const id = `key-holder-${++partners}`;
    const created = await createPartner(t.handle.db, { id, name: id, identifiers: [], settings: {} }, 'test');
    return { id, ...created };
  };

  it('refuses a key revoked by this process at once, though it was just found valid', async () => {
    const { id, apiKey, apiKeyId } = await partner();
    expect(await partnerForApiKey(t.handle.db, apiKey)).toBe(id);
    expect(await revokeApiKey(t.handle.db, id, apiKeyId, 'test')).toMatchObject({
      revokedAt: expect.any(String),
    });
    expect(await partnerForApiKey(t.handle.db, apiKey)).toBeUndefined();
  });

  it("accepts a key another process revoked for at most the cache's lifetime, then refuses it", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { id, apiKey, apiKeyId } = await partner();
    expect(await partnerForApiKey(t.handle.db, apiKey)).toBe(id);
    // as another process revokes it: the row changes, this process is not told
    await t.handle.db.update(apiKeys).set({ revokedAt: sql`now()` }).where(eq(apiKeys.id, apiKeyId));
    vi.advanceTimersByTime(API_KEY_CACHE_TTL_MS - 1);
    expect(await partnerForApiKey(t.handle.db, apiKey)).toBe(id);
    vi.advanceTimersByTime(1);
    expect(await partnerForApiKey(t.handle.db, apiKey)).toBeUndefined();
  });

  it('looks up no token that is not of a key’s form', async () => {
    const { apiKey } = await partner();
    const statements: string[] = [];
    const counted = new Proxy(t.handle.db, {
      get(target, property, receiver) {
        if (property === 'select') statements.push('select');
        return Reflect.get(target, property, receiver);
      },
    });
    expect(await partnerForApiKey(counted, apiKey.replace(/^og_key_/, 'og_admin_'))).toBeUndefined();
    expect(await partnerForApiKey(counted, 'some-other-token')).toBeUndefined();
    expect(statements).toEqual([]);
    expect(await partnerForApiKey(counted, `${apiKey}x`)).toBeUndefined();
    expect(statements).toEqual(['select']);
  });
});

import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../src/db/client.ts';
import { auditEvents, controlNumbers, jobs, messages } from '../src/db/schema.ts';
import { createPartner, listPartners, partnerForApiKey } from '../src/partners/partner-store.ts';
import { enqueueJob } from '../src/pipeline/dispatch/outbox.ts';
import { databaseKinds, type TestDatabase } from './support/services.ts';

/** drizzle wraps the database's error; the database's own message is the cause. */
const failedBecause = (pattern: RegExp) => ({
  cause: expect.objectContaining({ message: expect.stringMatching(pattern) }),
});

// One suite, every driver: PGlite always, PostgreSQL when DATABASE_URL is set.
describe.each(databaseKinds())('storage on $name', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await kind.create();
  });
  afterAll(async () => t?.dispose());

  it('stores raw bytes exactly, including NUL and non-UTF-8 bytes, and refuses to change them', async () => {
    const raw = new Uint8Array([0x49, 0x53, 0x41, 0x00, 0xff, 0x1c, 0x1d, 0xe2, 0x80, 0xa6]);
    const sha256 = createHash('sha256').update(raw).digest('hex');
    await t.handle.db
      .insert(messages)
      .values({ id: 'm1', direction: 'inbound', channel: 'x12', raw, sha256, size: raw.length });
    const [row] = await t.handle.db.select().from(messages).where(eq(messages.id, 'm1'));
    expect(Buffer.from(row!.raw).equals(Buffer.from(raw))).toBe(true);
    expect(row!.status).toBe('received');

    // Status may change; the bytes may not.
    await t.handle.db.update(messages).set({ status: 'processing' }).where(eq(messages.id, 'm1'));
    await expect(
      t.handle.db
        .update(messages)
        .set({ raw: new Uint8Array([1]) })
        .where(eq(messages.id, 'm1')),
    ).rejects.toMatchObject(failedBecause(/immutable/));
  });

  it('keeps audit events append-only', async () => {
    await t.handle.db
      .insert(auditEvents)
      .values({ actor: 'test', entityType: 'order', entityId: 'o1', action: 'create' });
    await expect(t.handle.db.delete(auditEvents)).rejects.toMatchObject(failedBecause(/append-only/));
  });

  it('issues control numbers in the using transaction; a rollback burns none', async () => {
    const next = async (db: typeof t.handle.db) => {
      const result = await db.execute(sql`
        insert into control_numbers (partner_id, kind, last_value) values ('p1', 'interchange', 1)
        on conflict (partner_id, kind) do update set last_value = control_numbers.last_value + 1
        returning last_value`);
      return Number(rowsOf<{ last_value: number }>(result)[0]!.last_value);
    };
    expect(await next(t.handle.db)).toBe(1);
    await expect(
      t.handle.db.transaction(async (tx) => {
        expect(await next(tx)).toBe(2);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await next(t.handle.db)).toBe(2);
    const [row] = await t.handle.db
      .select()
      .from(controlNumbers)
      .where(and(eq(controlNumbers.partnerId, 'p1'), eq(controlNumbers.kind, 'interchange')));
    expect(row!.lastValue).toBe(2);
  });

  it('creates partners with hashed API keys and refuses taken ids and identifiers', async () => {
    const { partner, apiKey } = await createPartner(
      t.handle.db,
      {
        id: 'harbor-pine',
        name: 'Harbor & Pine',
        identifiers: [{ type: 'x12', qualifier: 'ZZ', value: 'harborpine' }],
        settings: {},
      },
      'test',
    );
    expect(partner.identifiers).toEqual([{ type: 'x12', qualifier: 'ZZ', value: 'HARBORPINE' }]);
    expect(partner.settings).toMatchObject({ ack: '997', send855: true });
    expect(apiKey).toMatch(/^og_key_/);
    expect(await partnerForApiKey(t.handle.db, apiKey)).toBe('harbor-pine');
    expect(await partnerForApiKey(t.handle.db, `${apiKey}x`)).toBeUndefined();
    const stored = await t.handle.db.execute(sql`select hash from api_keys`);
    expect(JSON.stringify(rowsOf(stored))).not.toContain(apiKey);

    await expect(
      createPartner(t.handle.db, { id: 'harbor-pine', name: 'again', identifiers: [], settings: {} }, 'test'),
    ).rejects.toMatchObject({ code: 'partner.exists' });
    await expect(
      createPartner(
        t.handle.db,
        {
          id: 'other',
          name: 'Other',
          identifiers: [{ type: 'x12', qualifier: 'ZZ', value: 'HARBORPINE' }],
          settings: {},
        },
        'test',
      ),
    ).rejects.toMatchObject({ code: 'partner.identifier_taken' });
    expect((await listPartners(t.handle.db)).map((p) => p.id)).toEqual(['harbor-pine']);
  });

  it('collapses the same (stage, entity) job into one outbox row and forgets it on rollback', async () => {
    await enqueueJob(t.handle.db, 'decode', 'msg-1');
    await enqueueJob(t.handle.db, 'decode', 'msg-1');
    await t.handle.db
      .transaction(async (tx) => {
        await enqueueJob(tx, 'decode', 'msg-2');
        throw new Error('roll back');
      })
      .catch(() => {});
    const rows = await t.handle.db.select({ id: jobs.id }).from(jobs);
    expect(rows.map((r) => r.id)).toEqual(['decode.msg-1']);
  });
});

import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../../test/support/services.ts';
import { rowsOf } from '../../db/client.ts';
import { messageDigest, SLICE_BYTES } from '../../db/store-message.ts';
import { type InboundMessage, receiveMessage } from './receive.ts';

const message = (text: string, extra: Partial<InboundMessage> = {}): InboundMessage => ({
  channel: 'x12',
  bytes: new TextEncoder().encode(text),
  sender: 'api-key:group',
  actor: 'partner:group',
  ...extra,
});

describe.each(databaseKinds())('receiving messages on $name (group commit)', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await kind.create();
  });
  afterAll(async () => t?.dispose());

  /** Each message's bytes, the transaction that wrote it, and its audit events and decode jobs. */
  async function stored(ids: readonly string[]) {
    const rows = rowsOf<{
      id: string;
      raw: Uint8Array;
      sha256: string;
      tx: string;
      audits: number;
      jobs: number;
    }>(
      await t.handle.db.execute(sql`
        select m.id, m.raw, m.sha256, m.xmin::text as tx,
          (select count(*)::int from audit_events a where a.entity_id = m.id and a.action = 'receive') as audits,
          (select count(*)::int from jobs j where j.entity_id = m.id and j.stage = 'decode') as jobs
        from messages m where m.id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`),
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  it('commits concurrent receives together, each with its bytes, audit event and decode job', async () => {
    const texts = Array.from({ length: 40 }, (_, i) => `ISA*group-${kind.name}-${i}~`);
    const received = await Promise.all(texts.map((text) => receiveMessage(t.handle.db, message(text))));
    const rows = await stored(received.map((r) => r.messageId));
    expect(rows.size).toBe(texts.length);
    received.forEach(({ messageId }, i) => {
      const row = rows.get(messageId)!;
      expect(Buffer.from(row.raw).toString()).toBe(texts[i]);
      expect(row.sha256).toBe(messageDigest(new TextEncoder().encode(texts[i])));
      expect([row.audits, row.jobs]).toEqual([1, 1]);
    });
    // asked for in one turn of the event loop: one transaction wrote them all
    expect(new Set([...rows.values()].map((r) => r.tx)).size).toBe(1);
  });

  it('fails only the message the database refuses; its neighbours in the group are stored once', async () => {
    const texts = Array.from({ length: 10 }, (_, i) => `ISA*neighbour-${kind.name}-${i}~`);
    const outcomes = await Promise.allSettled(
      texts.map((text, i) =>
        // PostgreSQL text cannot hold NUL: the row, and so the shared transaction, is refused
        receiveMessage(t.handle.db, message(text, i === 3 ? { filename: 'bad\0name.edi' } : {})),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(texts.map((_, i) => (i === 3 ? 'rejected' : 'fulfilled')));
    const ids = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.messageId] : []));
    const rows = await stored(ids);
    expect([...rows.values()].map((r) => [r.audits, r.jobs])).toEqual(ids.map(() => [1, 1]));
    const all = rowsOf<{ n: number }>(
      await t.handle.db.execute(
        sql`select count(*)::int as n from messages where convert_from(raw, 'UTF8') like ${`ISA*neighbour-${kind.name}-%`}`,
      ),
    );
    expect(all[0]!.n).toBe(texts.length - 1);
  });

  it('stores a message larger than a slice byte for byte beside small ones', async () => {
    const large = randomBytes(2 * SLICE_BYTES + 12_345);
    large[0] = 0; // NUL and every other byte value, not text
    const [big, small] = await Promise.all([
      receiveMessage(t.handle.db, { ...message(''), bytes: large }),
      receiveMessage(t.handle.db, message(`ISA*beside-${kind.name}~`)),
    ]);
    const rows = await stored([big.messageId, small.messageId]);
    const row = rows.get(big.messageId)!;
    expect(Buffer.compare(Buffer.from(row.raw), large)).toBe(0);
    expect(row.sha256).toBe(messageDigest(large));
    expect([row.audits, row.jobs]).toEqual([1, 1]);
    expect(Buffer.from(rows.get(small.messageId)!.raw).toString()).toBe(`ISA*beside-${kind.name}~`);
  });
});

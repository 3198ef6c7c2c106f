import { readFileSync } from 'node:fs';
import { count } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { mappingsFixture, useStudio } from '../../../test/support/mapping-studio.ts';
import { databaseKinds } from '../../../test/support/services.ts';
import { jobs, messages, orders } from '../../db/schema.ts';
import { storeMessage } from '../../db/store-message.ts';
import { createDraft } from './drafts.ts';
import { shadowReplay } from './shadow-replay.ts';
import { testBench } from './test-bench.ts';

const STORE_ORDER = readFileSync(mappingsFixture('harbor-pine/fixtures/850.v1/store-order-004010.edi'));

describe.each(databaseKinds())('test bench and shadow replay on $name', (kind) => {
  const studio = useStudio(kind);

  it('shows what a draft changes, on a sample and on the stored messages, and writes nothing', async () => {
    const db = studio.t.handle.db;
    const active = await createDraft(db, { partnerId: 'harbor-pine', document: '850' }, 'user:u1');
    const draft = await createDraft(
      db,
      { partnerId: 'harbor-pine', document: '850', yaml: active.yaml.replace('CA: CS', 'CA: EA') },
      'user:u1',
    );

    const bench = await testBench(db, {
      partnerId: 'harbor-pine',
      document: '850',
      draftVersion: draft.version,
      sample: { bytes: STORE_ORDER },
    });
    expect(bench.active.version).toBe(1);
    expect(bench.draft.version).toBe(3);
    expect(bench.draft.orders).toHaveLength(1);
    expect(bench.draft.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(bench.draft.ack).toMatch(/^ISA.*GS\*FA.*ST\*997.*AK5\*A/s);
    expect(bench.draft.ack855).toEqual({ text: expect.stringMatching(/ST\*855\*0001.*BAK\*00\*AD/s) });
    const poNumber = bench.draft.orders[0]!.poNumber;
    expect(bench.changes).toEqual([
      {
        poNumber,
        change: 'changed',
        fields: [
          { path: 'lines.0.uom', active: 'CS', draft: 'EA' },
          { path: 'lines.2.uom', active: 'CS', draft: 'EA' },
        ],
      },
    ]);
    // the 855 restates each line's unit, so it changes with the order
    expect(bench.answersDiffer).toEqual({ ack: false, ack855: true });

    await storeMessage(db, {
      direction: 'inbound',
      channel: 'x12',
      partnerId: 'harbor-pine',
      type: '850',
      raw: STORE_ORDER,
    });
    await storeMessage(db, {
      direction: 'inbound',
      channel: 'x12',
      partnerId: 'xyz-retail',
      raw: STORE_ORDER,
    });
    const counted = async () => ({
      messages: (await db.select({ n: count() }).from(messages))[0]!.n,
      jobs: (await db.select({ n: count() }).from(jobs))[0]!.n,
      orders: (await db.select({ n: count() }).from(orders))[0]!.n,
    });
    const before = await counted();
    const shadow = await shadowReplay(db, {
      partnerId: 'harbor-pine',
      document: '850',
      draftVersion: draft.version,
      last: 10,
    });
    expect(shadow.changedOrders).toBe(1);
    expect(shadow.messages).toHaveLength(1);
    expect(shadow.messages[0]).toMatchObject({
      orders: { active: 1, draft: 1 },
      errors: { active: 0, draft: 0 },
      changes: [{ poNumber, change: 'changed', fields: bench.changes[0]!.fields }],
    });
    expect(await counted()).toEqual(before);
  });

  it('refuses a bench of a mapping that writes documents', async () => {
    await expect(
      testBench(studio.t.handle.db, {
        partnerId: 'harbor-pine',
        document: '855',
        draftVersion: 1,
        sample: { bytes: STORE_ORDER },
      }),
    ).rejects.toMatchObject({ code: 'mapping.bench_unsupported' });
  });
});

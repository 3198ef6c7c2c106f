import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../src/db/client.ts';
import { createPartner } from '../src/partners/partner-store.ts';
import { isExternalStage, type Stage } from '../src/pipeline/dispatch/stage.ts';
import { receiveMessage } from '../src/pipeline/intake/receive.ts';
import { pipelineStages } from '../src/pipeline/stages/stages.ts';
import { createSecretBox } from '../src/runtime/secret-box.ts';
import { VALID_850, VALID_850_SENDER, withControl } from './support/gateway-harness.ts';
import { databaseKinds, type TestDatabase, tempDir } from './support/services.ts';

const TABLES = [
  'messages',
  'orders',
  'order_lines',
  'outbound_documents',
  'interchanges',
  'exceptions',
  'audit_events',
  'jobs',
  'control_numbers',
];

/** Every pipeline stage, run twice on the same input, changes nothing the second time and asks for nothing. */
describe.each(databaseKinds())('stages are idempotent on $name', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await kind.create();
  });
  afterAll(async () => t?.dispose());

  /** Row counts and the statuses and diagnostics of everything a stage may touch. */
  async function snapshot() {
    const counts: Record<string, number> = {};
    for (const table of TABLES) {
      const [row] = rowsOf<{ n: string }>(
        await t.handle.db.execute(sql.raw(`select count(*) as n from ${table}`)),
      );
      counts[table] = Number(row!.n);
    }
    const states = rowsOf(
      await t.handle.db.execute(
        sql`select id, status, diagnostics from orders union all select id, status, diagnostics from messages order by id`,
      ),
    );
    const counters = rowsOf(
      await t.handle.db.execute(sql`select * from control_numbers order by partner_id, kind`),
    );
    return { counts, states, counters };
  }

  /** Runs a stage as the job runner would, with an enqueue that only notes what was asked. */
  async function run(stage: Stage, entityId: string): Promise<string[]> {
    const asked: string[] = [];
    const job = { id: `${stage.name}.${entityId}`, stage: stage.name, entityId, attempts: 1 };
    const enqueue = async (next: string, id: string) => {
      asked.push(`${next}.${id}`);
    };
    if (isExternalStage(stage)) {
      const plan = await t.handle.db.transaction((tx) => stage.plan({ tx, job }));
      if (plan === undefined) return asked;
      const result = await stage.act(plan, job);
      await t.handle.db.transaction((tx) => stage.record({ tx, job, enqueue }, plan, result));
    } else {
      await t.handle.db.transaction((tx) => stage.run({ tx, job, enqueue }));
    }
    return asked;
  }

  it('decode, validate, route, acknowledge, encode and deliver', async () => {
    const folder = tempDir('ordergate-delivered-');
    await createPartner(
      t.handle.db,
      {
        id: 'abc-co',
        name: 'ABC',
        identifiers: [VALID_850_SENDER],
        settings: { delivery: { transport: 'folder-out', config: { dir: '.' } } },
      },
      'test',
    );
    const { messageId } = await receiveMessage(t.handle.db, {
      channel: 'x12',
      bytes: Buffer.from(withControl(VALID_850, 42), 'latin1'),
      actor: 'test',
    });
    const stages = pipelineStages({
      secrets: createSecretBox(randomBytes(32)),
      delivery: { allowPrivateAddresses: false, outboxDir: folder.dir },
      mail: { repliesPerHour: 20 },
    });
    const byName = new Map<string, Stage>(stages.map((stage) => [stage.name, stage]));
    // each stage on its input, as the outbox would hand it over; deliver gets the outbound messages asked for
    const queue: string[] = [`decode.${messageId}`];
    const ran: string[] = [];
    while (queue.length > 0) {
      const job = queue.shift()!;
      const [name, entityId] = job.split(/\.(.*)/s) as [string, string];
      const stage = byName.get(name)!;
      const asked = await run(stage, entityId);
      ran.push(name);
      const after = await snapshot();
      const again = await run(stage, entityId);
      // the second run may ask again for what the first asked (the outbox collapses it by job id), nothing else
      expect(
        again.filter((j) => !asked.includes(j)),
        `${name} second run`,
      ).toEqual([]);
      expect(await snapshot(), `${name} second run`).toEqual(after);
      queue.push(...asked);
    }
    expect(ran).toEqual(['decode', 'validate', 'deliver', 'route', 'acknowledge', 'encode', 'deliver']);
    const [order] = rowsOf<{ status: string }>(await t.handle.db.execute(sql`select status from orders`));
    expect(order!.status).toBe('accepted');
    // the 997 and the 855 interchange, each written once
    expect(readdirSync(folder.dir).filter((f) => f.endsWith('.edi'))).toHaveLength(2);
    folder.remove();
  });
});

// 50 orders race for the last 10 units of one SKU, worked by two `ordergate worker` processes on PostgreSQL and
// Redis: the reservation, not the advisory stock rule, decides, so never more than 10 units are reserved.
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestGateway } from './support/fault-gateway.ts';
import { type Child, spawnWorker } from './support/processes.ts';
import {
  eventually,
  freshPostgresUrl,
  freshQueuePrefix,
  haveServers,
  REDIS_URL,
} from './support/services.ts';
import { x12Order } from './support/wholesale-setup.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

describe.skipIf(!haveServers())('stock reservations across worker processes', () => {
  it('gives the last 10 units to 10 of 50 concurrent orders and backorders the other 40', async () => {
    const db = await freshPostgresUrl();
    cleanups.push(() => db.drop());
    const env = { DATABASE_URL: db.url, REDIS_URL: REDIS_URL!, ORDERGATE_QUEUE_PREFIX: freshQueuePrefix() };
    const t = await startTestGateway(env, { workers: false });
    cleanups.push(() => t.gateway.close());
    const admin = async (method: string, path: string, body: unknown) => {
      const res = await t.call(path, {
        method,
        token: ADMIN_TOKEN,
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
      if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
      return res.json() as Promise<Record<string, unknown>>;
    };
    const { apiKey } = (await admin('POST', '/v1/partners', {
      id: 'race-buyer',
      name: 'Race Buyer',
      identifiers: [{ type: 'x12', qualifier: 'ZZ', value: 'RACEBUYER' }],
    })) as { apiKey: string };
    await admin('POST', '/v1/products', [{ sku: 'LAST-10', description: 'Scarce', uom: 'EA' }]);
    await admin('PUT', '/v1/inventory', [{ sku: 'LAST-10', warehouse: 'MAIN', onHand: '10' }]);

    const workerEnv = { ...env, ORDERGATE_ADMIN_TOKEN: ADMIN_TOKEN };
    const workers: Child[] = [spawnWorker(workerEnv), spawnWorker(workerEnv)];
    cleanups.push(async () => {
      await Promise.all(workers.map((w) => w.kill()));
    });

    const line = {
      lineNumber: '1',
      quantity: '1',
      uom: 'EA',
      unitPrice: '2.00',
      items: { vendorItem: 'LAST-10' },
    };
    const posted = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.postX12(x12Order(`RACE-${i + 1}`, [line], 700 + i, '0042', 'RACEBUYER'), apiKey),
      ),
    );
    expect(posted.map((r) => r.status)).toEqual(Array(50).fill(202));

    const routed = await eventually(
      async () => {
        const rows = await t.query<{ status: string; line: string }>(
          `select status, outcome->'lines'->0->>'status' as line from orders where po_number like 'RACE-%'`,
        );
        return rows.length === 50 && rows.every((r) => r.status === 'accepted') ? rows : undefined;
      },
      90_000,
      '50 orders routed',
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nworker stderr: ${workers.map((w) => w.stderr()).join('\n')}`);
    });
    const count = (status: string) => routed.filter((r) => r.line === status).length;
    expect([count('accepted'), count('backordered')]).toEqual([10, 40]);

    const [stock] = await t.query<{ reserved: string }>(
      `select reserved::text from inventory where sku = 'LAST-10'`,
    );
    expect(stock?.reserved).toBe('10');
    const [held] = await t.query<{ total: string; orders: string }>(
      `select sum(quantity)::text as total, count(distinct order_id)::text as orders from reservations`,
    );
    expect(held).toEqual({ total: '10', orders: '10' });
  }, 150_000);
});

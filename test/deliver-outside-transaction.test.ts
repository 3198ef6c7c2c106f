import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  gatewayModes,
  startTestGateway,
  type TestGateway,
  VALID_850,
  VALID_850_SENDER,
  withControl,
} from './support/gateway-harness.ts';
import { eventually } from './support/services.ts';

/** What the partner's endpoint saw of the gateway's database while a delivery was in flight. */
interface SeenDuringSend {
  /** The delivery's documents could be locked from another session: no transaction held them. */
  unlocked: boolean;
  /** Their status then: still unsent, so the receipt is recorded only after the send. */
  statuses: string[];
}

/** How long the endpoint waits on the gateway's database before calling it held (PGlite's one session waits). */
const HELD_AFTER_MS = 5_000;

/**
 * deliver sends with no database transaction open (issue 12): the partner's endpoint, while it holds the
 * request, locks the documents being delivered through the gateway's own database. On PostgreSQL a
 * transaction holding them fails `for update nowait` at once; on the embedded database, whose one session
 * serialises transactions, the lock would wait for the send that waits for it, so a wait beyond
 * {@link HELD_AFTER_MS} counts as held.
 */
describe.each(gatewayModes())('delivery outside a transaction ($name)', (mode) => {
  let t: TestGateway;
  const seen = new Map<string, SeenDuringSend>();
  let server: Server;

  const whileSending = async (messageId: string): Promise<SeenDuringSend> => {
    const locking = t
      .query<{ status: string }>(
        `select status from outbound_documents where message_id = '${messageId}' for update nowait`,
      )
      .then((rows) => ({ unlocked: true, statuses: rows.map((r) => r.status) }))
      .catch(() => ({ unlocked: false, statuses: [] }));
    let timer: NodeJS.Timeout | undefined;
    const held = new Promise<SeenDuringSend>((resolve) => {
      timer = setTimeout(() => resolve({ unlocked: false, statuses: [] }), HELD_AFTER_MS);
    });
    try {
      return await Promise.race([locking, held]);
    } finally {
      clearTimeout(timer);
    }
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const key = String(req.headers['idempotency-key']);
        whileSending(key).then((found) => {
          if (!seen.has(key)) seen.set(key, found);
          res.writeHead(200).end();
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t = await startTestGateway(mode, { ORDERGATE_ALLOW_PRIVATE_DELIVERY: '1' });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends the 997 and the 855 while no transaction holds their documents, and records them after', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/edi`;
    await t.createPartner({
      id: 'pushed',
      name: 'Pushed',
      identifiers: [VALID_850_SENDER],
      settings: {
        delivery: { transport: 'http-post', config: { url, secret: 'partner-hmac-secret-0123456789' } },
      },
    });
    const { id } = await t.deliver(withControl(VALID_850, 52001), ADMIN);
    const docs = await eventually(
      async () => {
        const rows = await t.query<{ message_id: string; type: string; status: string }>(
          `select message_id, type, status from outbound_documents where source_message_id = '${id}'`,
        );
        return rows.length === 2 && rows.every((d) => d.status === 'delivered') ? rows : undefined;
      },
      30_000,
      'the 997 and the 855 delivered',
    );
    for (const doc of docs)
      expect({ type: doc.type, ...seen.get(doc.message_id) }).toEqual({
        type: doc.type,
        unlocked: true,
        statuses: [doc.type === '997' ? 'pending' : 'encoded'],
      });
  }, 60_000);
});

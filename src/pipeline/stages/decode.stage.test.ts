import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../../test/support/services.ts';
import type { Channel } from '../../core/order.ts';
import { messages } from '../../db/schema.ts';
import { receiveMessage } from '../intake/receive.ts';
import { decodeStage } from './decode.stage.ts';
import type { InboundFormat, StoredInbound } from './inbound-format.ts';

/** The decode stage knows no format: it runs the one registered for the message's channel (issue 12). */
describe.each(databaseKinds())('decode stage on $name', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await kind.create();
  });
  afterAll(async () => t?.dispose());

  it("runs the format registered for the message's channel and records its outcome", async () => {
    const seen: StoredInbound[] = [];
    const text: InboundFormat = {
      channel: 'csv',
      async decode(_tx, message) {
        seen.push(message);
        let bytes = 0;
        for await (const slice of message.raw as AsyncIterable<Uint8Array>) bytes += slice.byteLength;
        return {
          status: 'rejected',
          orderIds: [],
          diagnostics: [{ severity: 'error', code: 'order.invalid', message: `no header in ${bytes} bytes` }],
          answers: [],
          toDeliver: [],
          counts: { rows: 2 },
          documentTypes: 'csv',
        };
      },
    };
    const { messageId } = await receiveMessage(t.handle.db, {
      channel: 'csv',
      bytes: new TextEncoder().encode('sku;qty\nA-1;4\n'),
      actor: 'test',
    });
    const stage = decodeStage(new Map<Channel, InboundFormat>([['csv', text]]));
    await t.handle.db.transaction((tx) =>
      stage.run({
        tx,
        job: { id: 'j', stage: 'decode', entityId: messageId, attempts: 1 },
        enqueue: async () => {},
      }),
    );
    expect(seen.map((m) => m.id)).toEqual([messageId]);
    const [row] = await t.handle.db.select().from(messages).where(eq(messages.id, messageId));
    expect(row).toMatchObject({
      status: 'rejected',
      type: 'csv',
      diagnostics: [{ code: 'order.invalid', message: 'no header in 14 bytes' }],
    });
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { databaseKinds, type TestDatabase } from '../../../test/support/services.ts';
import type { InboundConnector, RawMessage } from '../../core/connector.ts';
import { messages } from '../../db/schema.ts';
import { createLogger } from '../../runtime/logger.ts';
import { startIntake } from './intake.ts';

/**
 * A door of the tests' own, to show that the intake runner drives any receiving connector: an in-memory
 * outbox of messages, handed out until confirmed, whose first confirm fails as a crashed transport's would.
 */
function memoryConnector(pending: RawMessage[], seen: { confirmed: string[] }) {
  let failNextConfirm = true;
  const handedOut = new Set<string>();
  const connector: InboundConnector<Record<string, never>> = {
    id: 'memory',
    channel: 'csv',
    configSchema: z.strictObject({}),
    async open() {
      return {
        pollMs: 3_600_000,
        async *receive() {
          for (const raw of [...pending])
            yield handedOut.has(raw.ref!) ? { ...raw, recoveredAt: raw.receivedAt } : raw;
          for (const raw of pending) handedOut.add(raw.ref!);
        },
        async confirm(ref) {
          if (failNextConfirm) {
            failNextConfirm = false;
            throw new Error('the source went away before it heard back');
          }
          seen.confirmed.push(ref);
          pending.splice(
            pending.findIndex((m) => m.ref === ref),
            1,
          );
        },
        async close() {},
      };
    },
    decode: async () => ({ orders: [], diagnostics: [] }),
  };
  return connector;
}

describe.each(databaseKinds())('the intake runner on $name', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await kind.create();
  });
  afterAll(async () => t?.dispose());

  it('stores, wakes the dispatcher, confirms; a message handed out again after a failed confirm is not stored twice', async () => {
    const raw: RawMessage = {
      channel: 'csv',
      bytes: new TextEncoder().encode(`sku;qty\nA-1;${kind.name}\n`),
      sender: 'memory:test',
      filename: `order-${kind.name}.csv`,
      receivedAt: new Date(),
      ref: 'ref-1',
    };
    const seen = { confirmed: [] as string[] };
    let notified = 0;
    const intake = await startIntake(
      memoryConnector([raw], seen),
      {},
      {
        db: t.handle.db,
        log: createLogger('silent'),
        notify: () => notified++,
      },
    );
    await intake.pollNow(); // stored; the confirm fails
    await intake.pollNow(); // handed out again, recovered: found stored, confirmed
    await intake.pollNow(); // nothing left
    await intake.close();
    const stored = await t.handle.db
      .select({ id: messages.id, channel: messages.channel })
      .from(messages)
      .where(eq(messages.filename, raw.filename!));
    expect(stored).toEqual([{ id: expect.any(String), channel: 'csv' }]);
    expect(seen.confirmed).toEqual(['ref-1']);
    expect(notified).toBe(1);
  });
});

import { createHash, randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { permanent } from '../core/errors.ts';
import type { Database } from '../db/client.ts';
import { auditEvents, exceptions, messages, orders } from '../db/schema.ts';
import { enqueueJob } from '../pipeline/dispatch/outbox.ts';
import { DECODE_STAGE } from '../pipeline/intake/receive.ts';

/** How far back a replay chain is followed (a replay of a replay …); far beyond any real use. */
const MAX_CHAIN = 50;

/**
 * Re-runs an inbound message from its raw bytes, with the mappings active now: a new message linked to the
 * old one (`replay_of`) goes through the whole pipeline again. The old one is left as it was; when the new
 * run yields orders they supersede the old run's (see {@link supersedeReplayed}).
 */
export async function replayMessage(db: Database, id: string, actor: string): Promise<{ messageId: string }> {
  return db.transaction(async (tx) => {
    const [old] = await tx.select().from(messages).where(eq(messages.id, id));
    if (old === undefined) throw permanent('request.not_found', `no message ${id}`);
    if (old.direction !== 'inbound')
      throw permanent('request.invalid', 'only inbound messages can be replayed');
    const messageId = randomUUID();
    await tx.insert(messages).values({
      id: messageId,
      direction: 'inbound',
      channel: old.channel,
      partnerId: old.partnerId,
      raw: old.raw,
      sha256: createHash('sha256').update(old.raw).digest('hex'),
      size: old.size,
      sender: old.sender,
      filename: old.filename,
      contentType: old.contentType,
      replayOf: old.id,
    });
    await tx.insert(auditEvents).values([
      { actor, entityType: 'message', entityId: old.id, action: 'replay', after: { replayedAs: messageId } },
      {
        actor,
        entityType: 'message',
        entityId: messageId,
        action: 'receive',
        after: { status: 'received', replayOf: old.id },
      },
    ]);
    await enqueueJob(tx, DECODE_STAGE, messageId);
    return { messageId };
  });
}

/** The messages a replay re-runs: its `replay_of`, that one's, and so on. */
export async function replayChain(tx: Database, replayOf: string | null): Promise<string[]> {
  const chain: string[] = [];
  let next = replayOf;
  while (next !== null && chain.length < MAX_CHAIN && !chain.includes(next)) {
    chain.push(next);
    const [row] = await tx
      .select({ replayOf: messages.replayOf })
      .from(messages)
      .where(eq(messages.id, next));
    next = row?.replayOf ?? null;
  }
  return chain;
}

/**
 * Once a replay has produced orders, the orders of the runs it replaces stop counting (status `superseded`,
 * audited), and the exceptions those runs raised are resolved: the operator's replay answered them.
 */
export async function supersedeReplayed(tx: Database, chain: string[], actor: string): Promise<void> {
  if (chain.length === 0) return;
  const replaced = await tx
    .update(orders)
    .set({ status: 'superseded', updatedAt: sql`now()` })
    .where(and(inArray(orders.messageId, chain), sql`${orders.status} <> 'superseded'`))
    .returning({ id: orders.id });
  if (replaced.length > 0) {
    await tx.insert(auditEvents).values(
      replaced.map((r) => ({
        actor,
        entityType: 'order',
        entityId: r.id,
        action: 'supersede',
        after: { status: 'superseded' },
      })),
    );
  }
  await tx
    .update(exceptions)
    .set({ status: 'resolved', resolvedAt: sql`now()` })
    .where(and(inArray(exceptions.messageId, chain), eq(exceptions.status, 'open')));
}

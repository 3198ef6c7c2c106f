import { and, eq, inArray, sql } from 'drizzle-orm';
import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { exceptions, messages, orders } from '../../db/schema.ts';

/** How far back a replay chain is followed (a replay of a replay …); far beyond any real use. */
const MAX_CHAIN = 50;

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
    await audit(
      tx,
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

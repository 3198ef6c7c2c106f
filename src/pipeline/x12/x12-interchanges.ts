import { randomUUID } from 'node:crypto';
import { and, desc, eq, gte, inArray, notInArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { withoutNul } from '../../db/json-safe.ts';
import { withAdvisoryLock } from '../../db/locks.ts';
import { interchanges } from '../../db/schema.ts';
import type { InterchangeHeader } from '../../x12/types.ts';

/** What became of an inbound interchange; only `accepted` and `partial` make a resend a duplicate. */
export type InterchangeStatus = 'processing' | 'accepted' | 'partial' | 'rejected' | 'duplicate' | 'held';

/**
 * Earlier interchanges that make a resend a duplicate. `processing` is only ever seen inside the transaction
 * that wrote it (the decode stage settles every status before committing), so it matches an earlier copy in
 * the same file.
 */
const PROCESSED: InterchangeStatus[] = ['accepted', 'partial', 'processing'];

export const x12Party = (qualifier: string, id: string) => `${qualifier.trim()}:${id.trim().toUpperCase()}`;

/** The (sender, receiver, ISA13) identity of an interchange, as stored. */
export function interchangeIdentity(header: InterchangeHeader) {
  return {
    sender: x12Party(header.senderQualifier, header.senderId),
    receiver: x12Party(header.receiverQualifier, header.receiverId),
    controlNumber: header.controlNumber,
  };
}

/**
 * Records an inbound interchange and says whether it duplicates one processed within `windowDays`. A
 * transaction-scoped advisory lock on the identity serialises two workers decoding the same interchange (two
 * uploads of one file): the second waits, then sees the first one's committed row. A resend of an interchange
 * that was rejected, held or is still unfinished in a rolled-back attempt is not a duplicate.
 */
export async function recordInboundInterchange(
  tx: Database,
  header: InterchangeHeader,
  entry: {
    messageId: string;
    partnerId?: string;
    windowDays: number;
    held: boolean;
    /** Messages this one replays: their interchanges are the ones being re-run, not earlier copies. */
    replaying: string[];
  },
): Promise<{ id: string; duplicateOf?: string }> {
  const identity = withoutNul(interchangeIdentity(header));
  await withAdvisoryLock(
    tx,
    'inboundInterchange',
    `${identity.sender}|${identity.receiver}|${identity.controlNumber}`,
  );
  let duplicateOf: string | undefined;
  if (!entry.held && entry.windowDays > 0) {
    const since = new Date(Date.now() - entry.windowDays * 86_400_000);
    const [earlier] = await tx
      .select({ id: interchanges.id })
      .from(interchanges)
      .where(
        and(
          eq(interchanges.direction, 'inbound'),
          eq(interchanges.sender, identity.sender),
          eq(interchanges.receiver, identity.receiver),
          eq(interchanges.controlNumber, identity.controlNumber),
          gte(interchanges.createdAt, since),
          inArray(interchanges.status, PROCESSED),
          entry.replaying.length > 0 ? notInArray(interchanges.messageId, entry.replaying) : undefined,
        ),
      )
      .orderBy(desc(interchanges.createdAt))
      .limit(1);
    duplicateOf = earlier?.id;
  }
  const id = randomUUID();
  const status: InterchangeStatus = entry.held ? 'held' : duplicateOf ? 'duplicate' : 'processing';
  await tx.insert(interchanges).values({
    id,
    messageId: entry.messageId,
    partnerId: entry.partnerId ?? null,
    direction: 'inbound',
    ...identity,
    status,
    duplicateOf: duplicateOf ?? null,
  });
  return duplicateOf ? { id, duplicateOf } : { id };
}

export async function setInterchangeStatus(
  tx: Database,
  id: string,
  status: InterchangeStatus,
): Promise<void> {
  await tx.update(interchanges).set({ status }).where(eq(interchanges.id, id));
}

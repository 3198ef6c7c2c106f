import { desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { as2Transfers } from '../../db/schema.ts';

/** One AS2 transfer as the console lists it. */
export interface As2TransferRow {
  id: string;
  direction: 'inbound' | 'outbound';
  as2MessageId: string;
  /** The stored request (inbound) or the message sent (outbound). */
  messageId: string;
  status: string;
  disposition: string | null;
  mdnMode: string;
  attempts: number;
  updatedAt: Date;
}

/** A partner's newest AS2 transfers, both ways: what came in with the MDN we answered, what went out with theirs. */
export async function recentAs2Transfers(
  db: Database,
  partnerId: string,
  limit = 20,
): Promise<As2TransferRow[]> {
  return db
    .select({
      id: as2Transfers.id,
      direction: as2Transfers.direction,
      as2MessageId: as2Transfers.as2MessageId,
      messageId: as2Transfers.messageId,
      status: as2Transfers.status,
      disposition: as2Transfers.disposition,
      mdnMode: as2Transfers.mdnMode,
      attempts: as2Transfers.attempts,
      updatedAt: as2Transfers.updatedAt,
    })
    .from(as2Transfers)
    .where(eq(as2Transfers.partnerId, partnerId))
    .orderBy(desc(as2Transfers.updatedAt), desc(as2Transfers.id))
    .limit(limit);
}

import { sql } from 'drizzle-orm';
import { type Database, rowsOf } from '../db/client.ts';

/** The newest message a connector instance stored: when, which, and how it went. */
export interface ConnectorActivity {
  messageId: string;
  receivedAt: string;
  status: string;
}

/**
 * The last message each instance received (messages carry the instance that stored them), by instance id; an
 * instance that never received one is absent. One backward walk of the `messages_received` index per instance,
 * stopping at its newest message: receivers record nothing else, so the messages are the activity.
 */
export async function lastActivity(
  db: Database,
  instanceIds: readonly string[],
): Promise<Map<string, ConnectorActivity>> {
  const found = new Map<string, ConnectorActivity>();
  for (const id of instanceIds) {
    const [row] = rowsOf<{ id: string; received_at: string | Date; status: string }>(
      await db.execute(sql`select id, received_at, status from messages where connector_instance = ${id}
                           order by received_at desc, id desc limit 1`),
    );
    if (row)
      found.set(id, {
        messageId: row.id,
        receivedAt: new Date(row.received_at).toISOString(),
        status: row.status,
      });
  }
  return found;
}

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
 * instance that never received one is absent. Receivers record nothing else, so the messages are the activity.
 * One backward walk of the `messages_received` index per instance, stopping at its newest message or at the
 * instance's creation (nothing before it came by it): a new or busy instance costs a few rows, only one idle
 * since long ago walks far (messages have no index by instance).
 */
export async function lastActivity(
  db: Database,
  instances: readonly { id: string; createdAt: string }[],
): Promise<Map<string, ConnectorActivity>> {
  const found = new Map<string, ConnectorActivity>();
  for (const { id, createdAt } of instances) {
    const [row] = rowsOf<{ id: string; received_at: string | Date; status: string }>(
      await db.execute(sql`select id, received_at, status from messages
                           where connector_instance = ${id} and received_at >= ${createdAt}::timestamptz
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

import { insertRecordset } from './bulk.ts';
import type { Database } from './client.ts';

/** One entry of the append-only audit trail: who moved what from which state to which. */
export interface AuditEvent {
  actor: string;
  entityType: string;
  entityId: string;
  action: string;
  before?: unknown;
  after?: unknown;
}

const AUDIT_COLUMNS = 'actor text, entity_type text, entity_id text, action text, before jsonb, after jsonb';

/**
 * The one way the audit trail is written: one event or any number of them, as one statement in the caller's
 * transaction, so the trail commits or rolls back with the change it describes (`at` and `id` take their
 * defaults).
 */
export async function audit(tx: Database, events: AuditEvent | readonly AuditEvent[]): Promise<void> {
  const list: readonly AuditEvent[] = Array.isArray(events) ? events : [events as AuditEvent];
  if (list.length === 0) return;
  await insertRecordset(
    tx,
    'audit_events',
    AUDIT_COLUMNS,
    list.map((e) => ({
      actor: e.actor,
      entity_type: e.entityType,
      entity_id: e.entityId,
      action: e.action,
      before: e.before ?? null,
      after: e.after ?? null,
    })),
  );
}

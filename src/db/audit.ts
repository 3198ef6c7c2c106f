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

/** Appends audit events, any number of them, in the caller's transaction (`at` and `id` take their defaults). */
export async function recordAudit(tx: Database, events: readonly AuditEvent[]): Promise<void> {
  await insertRecordset(
    tx,
    'audit_events',
    AUDIT_COLUMNS,
    events.map((e) => ({
      actor: e.actor,
      entity_type: e.entityType,
      entity_id: e.entityId,
      action: e.action,
      before: e.before ?? null,
      after: e.after ?? null,
    })),
  );
}

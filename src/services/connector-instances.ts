import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { INBOUND_CONNECTORS, inboundConnector } from '../../connectors/index.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { permanent } from '../core/errors.ts';
import { audit } from '../db/audit.ts';
import type { Database } from '../db/client.ts';
import { connectorInstances } from '../db/schema.ts';
import {
  keepStoredSecrets,
  openConnectorSecrets,
  redactConnectorSecrets,
  sealConnectorSecrets,
} from '../runtime/connector-secrets.ts';
import type { SecretBox } from '../runtime/secret-box.ts';

export { SEALED } from '../runtime/connector-secrets.ts';

/** What an admin sends to create or replace a connector instance. */
export const ConnectorInstanceInput = z.strictObject({
  /** The registered connector: 'file-drop' (later 'imap', 'spreadsheet' …). */
  connector: z.string().min(1).max(50),
  enabled: z.boolean().default(true),
  /** Checked against the connector's own schema; credentials are sealed when stored. */
  config: z.record(z.string(), z.unknown()).default({}),
});
export type ConnectorInstanceInput = z.input<typeof ConnectorInstanceInput>;

/** A connector instance as the API shows it: every credential replaced by `SEALED`. */
export interface ConnectorInstanceView {
  id: string;
  connector: string;
  enabled: boolean;
  config: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** The id the `ORDERGATE_DROP_DIR` shortcut's instance is stored under. */
export const DROP_DIR_INSTANCE = 'env-drop-dir';

type Row = typeof connectorInstances.$inferSelect;

function connectorOf(id: string) {
  const connector = inboundConnector(id);
  if (connector === undefined)
    throw permanent(
      'connector.unknown',
      `no connector "${id}" (registered: ${INBOUND_CONNECTORS.map((c) => c.id).join(', ')})`,
    );
  return connector;
}

const secretKeysOf = (connector: string): readonly string[] => inboundConnector(connector)?.secretKeys ?? [];

function view(row: Row): ConnectorInstanceView {
  return {
    id: row.id,
    connector: row.connector,
    enabled: row.enabled,
    config: redactConnectorSecrets(row.config, secretKeysOf(row.connector)),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Every connector instance, by id, credentials hidden. */
export async function listConnectorInstances(db: Database): Promise<ConnectorInstanceView[]> {
  const rows = await db.select().from(connectorInstances).orderBy(asc(connectorInstances.id));
  return rows.map(view);
}

/**
 * Creates (`mode: 'create'`, 409 `connector.exists` when the id is taken) or creates-or-replaces (`'put'`) an
 * instance. The config must pass the connector's schema (400 `request.invalid` naming each problem);
 * credentials are sealed, and a credential sent back as {@link SEALED} keeps the stored one. Audited.
 */
export async function saveConnectorInstance(
  db: Database,
  box: SecretBox,
  id: string,
  input: z.output<typeof ConnectorInstanceInput>,
  options: { mode: 'create' | 'put'; actor: string },
): Promise<{ instance: ConnectorInstanceView; created: boolean }> {
  const connector = connectorOf(input.connector);
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(connectorInstances)
      .where(eq(connectorInstances.id, id))
      .for('update');
    if (before && options.mode === 'create')
      throw permanent('connector.exists', `a connector instance "${id}" exists; PUT replaces it`);
    const secrets = connector.secretKeys ?? [];
    // a SEALED placeholder stands for the credential stored before (of the same connector)
    const kept = keepStoredSecrets(
      input.config,
      before?.connector === connector.id ? before.config : undefined,
      secrets,
    );
    const problems = kept.missing.map((key) => ({
      path: `config.${key}`,
      message: 'no stored credential to keep',
    }));
    const parsed = connector.configSchema.safeParse(openConnectorSecrets(kept.config, secrets, box));
    if (!parsed.success)
      problems.push(
        ...parsed.error.issues.map((i) => ({ path: ['config', ...i.path].join('.'), message: i.message })),
      );
    if (problems.length > 0)
      throw permanent('request.invalid', `the ${connector.id} settings are invalid`, { details: problems });
    const config = sealConnectorSecrets(kept.config, secrets, box);
    const values = { connector: connector.id, enabled: input.enabled, config };
    const [row] = before
      ? await tx
          .update(connectorInstances)
          .set({ ...values, updatedAt: new Date() })
          .where(eq(connectorInstances.id, id))
          .returning()
      : await tx
          .insert(connectorInstances)
          .values({ id, ...values })
          .returning();
    const shown = view(row!);
    await audit(tx, [
      {
        actor: options.actor,
        entityType: 'connector_instance',
        entityId: id,
        action: before ? 'update_connector' : 'create_connector',
        before: before ? view(before) : null,
        after: shown,
      },
    ]);
    return { instance: shown, created: before === undefined };
  });
}

/** A stored instance with its credentials opened and its config parsed: what a receiver is started with. */
export interface OpenedInstance {
  id: string;
  connector: string;
  config: unknown;
  updatedAt: Date;
}

function opened(row: Row, box: SecretBox): OpenedInstance {
  const connector = connectorOf(row.connector);
  const config = openConnectorSecrets(row.config, connector.secretKeys ?? [], box);
  return {
    id: row.id,
    connector: row.connector,
    config: connector.configSchema.parse(config),
    updatedAt: row.updatedAt,
  };
}

/**
 * Checks an instance's settings really work (`connector.check`: the folder is there and writable, the mailbox
 * answers …); undefined for an unknown id. A connector without a check reports its settings valid.
 */
export async function checkConnectorInstance(
  db: Database,
  box: SecretBox,
  id: string,
): Promise<{ ok: boolean; diagnostics: Diagnostic[] } | undefined> {
  const [row] = await db.select().from(connectorInstances).where(eq(connectorInstances.id, id));
  if (row === undefined) return undefined;
  const instance = opened(row, box);
  const connector = connectorOf(instance.connector);
  const diagnostics = connector.check
    ? await connector.check(instance.config as never, {
        now: () => new Date(),
        newId: () => crypto.randomUUID(),
        messageId: `check-${id}`,
        resolvePartner: async () => undefined,
        controlNumbers: { next: async () => 1 },
      })
    : [];
  return { ok: !diagnostics.some((d) => d.severity === 'error'), diagnostics };
}

/** The enabled instances of connectors that receive, opened: what `serve` runs. */
export async function enabledReceivers(db: Database, box: SecretBox): Promise<OpenedInstance[]> {
  const rows = await db.select().from(connectorInstances).where(eq(connectorInstances.enabled, true));
  return rows
    .filter((row) => inboundConnector(row.connector)?.open !== undefined)
    .map((row) => opened(row, box));
}

/**
 * The `ORDERGATE_DROP_DIR` shortcut: one file-drop instance ({@link DROP_DIR_INSTANCE}) for that folder, stored
 * (so it is listed and checked like any other) and kept as the environment says at every start: created or
 * updated when the variable is set, removed when it no longer is.
 */
export async function syncDropDirInstance(
  db: Database,
  box: SecretBox,
  env: { dropDir?: string; maxInboundBytes: number },
): Promise<void> {
  if (env.dropDir === undefined) {
    await db.delete(connectorInstances).where(eq(connectorInstances.id, DROP_DIR_INSTANCE));
    return;
  }
  const config = { dir: env.dropDir, maxBytes: env.maxInboundBytes };
  const [current] = await db
    .select()
    .from(connectorInstances)
    .where(eq(connectorInstances.id, DROP_DIR_INSTANCE));
  if (current?.enabled && JSON.stringify(current.config) === JSON.stringify(config)) return;
  await saveConnectorInstance(
    db,
    box,
    DROP_DIR_INSTANCE,
    { connector: 'file-drop', enabled: true, config },
    { mode: 'put', actor: 'environment' },
  );
}

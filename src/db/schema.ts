import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/** Raw message bytes. PostgreSQL bytea; both drivers hand back a Uint8Array. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const partners = pgTable('partners', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** Agreement settings: acknowledgment type, 855 on/off, hold for review, duplicate window … */
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * Connector instances: a configured door (a drop folder, a mailbox) of a registered connector. `serve` runs
 * every enabled receiving instance through the intake runner; credentials in `config` are sealed.
 */
export const connectorInstances = pgTable('connector_instances', {
  id: text('id').primaryKey(),
  /** The registered connector's id: 'file-drop', later 'imap' … */
  connector: text('connector').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
  /** What the running source keeps across restarts (IMAP: UIDVALIDITY, last UID): SourceContext.state. */
  state: jsonb('state'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** How a partner is recognised on each channel; one identifier belongs to one partner. */
export const partnerIdentifiers = pgTable(
  'partner_identifiers',
  {
    partnerId: text('partner_id')
      .notNull()
      .references(() => partners.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    qualifier: text('qualifier').notNull().default(''),
    value: text('value').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.type, t.qualifier, t.value] }),
    index('partner_identifiers_partner').on(t.partnerId),
  ],
);

/** Partner API keys, stored as SHA-256 of the key (keys are 256-bit random, so a slow hash adds nothing). */
export const apiKeys = pgTable('api_keys', {
  id: text('id').primaryKey(),
  partnerId: text('partner_id')
    .notNull()
    .references(() => partners.id, { onDelete: 'cascade' }),
  hash: text('hash').notNull().unique(),
  /** The first characters of the key, so an operator can tell keys apart without seeing them. */
  prefix: text('prefix').notNull(),
  createdAt: createdAt(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/** Admin bearer tokens (hashed); the bootstrap token generated on first start lives here. */
export const adminTokens = pgTable('admin_tokens', {
  id: text('id').primaryKey(),
  hash: text('hash').notNull().unique(),
  createdAt: createdAt(),
});

/** Versioned partner mappings; a version is immutable once active (its sha256 may never change). */
export const mappings = pgTable(
  'mappings',
  {
    id: text('id').primaryKey(),
    partnerId: text('partner_id').notNull(),
    documentType: text('document_type').notNull(),
    version: integer('version').notNull(),
    sha256: text('sha256').notNull(),
    content: jsonb('content').notNull(),
    /** A draft is edited in the console's mapping studio and used by nothing until it is activated. */
    status: text('status', { enum: ['draft', 'active', 'retired'] })
      .notNull()
      .default('active'),
    /** Who stored the version: `mappings-dir` for a file, `user:<id>` for the console. */
    createdBy: text('created_by'),
    activatedAt: timestamp('activated_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('mappings_partner_type_version').on(t.partnerId, t.documentType, t.version)],
);

export const MESSAGE_STATUSES = ['received', 'processing', 'done', 'rejected', 'failed'] as const;

/** Every message in or out. `raw` is immutable (a trigger refuses updates): every later state is rebuilt from it. */
export const messages = pgTable(
  'messages',
  {
    id: text('id').primaryKey(),
    direction: text('direction', { enum: ['inbound', 'outbound'] }).notNull(),
    channel: text('channel').notNull(),
    partnerId: text('partner_id'),
    /** Document type when known: '850', '997', '855' … */
    type: text('type'),
    raw: bytea('raw').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    sender: text('sender'),
    /** The connector instance a message came in by (a mailbox), or a reply goes out by (its SMTP settings). */
    connectorInstance: text('connector_instance'),
    filename: text('filename'),
    contentType: text('content_type'),
    status: text('status', { enum: MESSAGE_STATUSES }).notNull().default('received'),
    diagnostics: jsonb('diagnostics').$type<unknown[]>().notNull().default([]),
    /** A replay links to the message it re-ran. */
    replayOf: text('replay_of'),
    orderId: text('order_id'),
    control: jsonb('control').$type<Record<string, string>>(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('messages_direction_type').on(t.direction, t.type, t.receivedAt),
    index('messages_partner').on(t.partnerId, t.receivedAt),
    // the console's message list, newest first, whatever the filter
    index('messages_received').on(t.receivedAt, t.id),
    // a connector instance's last activity: its newest message
    index('messages_connector_instance').on(t.connectorInstance, t.receivedAt),
    index('messages_sha256').on(t.sha256),
    index('messages_order').on(t.orderId),
    // a mail is recognised again by its Message-ID (kept as the file name) and sender: never processed twice
    index('messages_filename').on(t.filename, t.sender),
    // a duplicate interchange answered by re-sending its original 997 finds that 997 by this
    index('messages_inbound_interchange').on(sql`(${t.control}->>'inboundInterchange')`),
  ],
);

/** X12 interchanges seen, for duplicate detection on (sender, receiver, ISA13) and for reconciliation. */
export const interchanges = pgTable(
  'interchanges',
  {
    id: text('id').primaryKey(),
    messageId: text('message_id').notNull(),
    partnerId: text('partner_id'),
    direction: text('direction', { enum: ['inbound', 'outbound'] }).notNull(),
    sender: text('sender').notNull(),
    receiver: text('receiver').notNull(),
    controlNumber: text('control_number').notNull(),
    status: text('status').notNull(),
    duplicateOf: text('duplicate_of'),
    createdAt: createdAt(),
  },
  (t) => [index('interchanges_identity').on(t.direction, t.sender, t.receiver, t.controlNumber, t.createdAt)],
);

/** Per-partner counters for ISA13/GS06/ST02; incremented inside the transaction that uses the number. */
export const controlNumbers = pgTable(
  'control_numbers',
  {
    partnerId: text('partner_id').notNull(),
    kind: text('kind', { enum: ['interchange', 'group', 'transaction'] }).notNull(),
    lastValue: bigint('last_value', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.kind] })],
);

export const orders = pgTable(
  'orders',
  {
    id: text('id').primaryKey(),
    partnerId: text('partner_id').notNull(),
    messageId: text('message_id').notNull(),
    channel: text('channel').notNull(),
    poNumber: text('po_number').notNull(),
    poDate: text('po_date').notNull(),
    purpose: text('purpose').notNull(),
    status: text('status').notNull().default('received'),
    currency: text('currency').notNull(),
    totalAmount: numeric('total_amount'),
    /** The canonical Order (DESIGN §4) exactly as decoded. */
    data: jsonb('data').notNull(),
    /** What validation found (structural checks, the wholesale rules) and why it was routed as it was. */
    diagnostics: jsonb('diagnostics').$type<unknown[]>().notNull().default([]),
    /**
     * What happens to each line (status, quantity, price, substitute), as the policies settled it and a person
     * resolved it: the 855's ACK per line. Null until routed.
     */
    outcome: jsonb('outcome'),
    /** The ERP's order number (`POST /v1/orders/:id/erp`), sent as 855 BAK08. */
    erpOrderNumber: text('erp_order_number'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('orders_partner_po').on(t.partnerId, t.poNumber),
    // the console finds a message by its order's PO number, whatever the partner
    index('orders_po').on(t.poNumber),
    // each stage reads a message's orders of one status a page at a time, by id
    index('orders_message_status').on(t.messageId, t.status, t.id),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    lineNumber: text('line_number').notNull(),
    quantity: numeric('quantity').notNull(),
    uom: text('uom').notNull(),
    unitPrice: numeric('unit_price'),
    items: jsonb('items').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.position] })],
);

/** Documents we send (997/999/TA1/855/856/810) and what the partner said about them. */
export const outboundDocuments = pgTable(
  'outbound_documents',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    partnerId: text('partner_id'),
    orderId: text('order_id'),
    /** The inbound message this answers, for 997/999/TA1. */
    sourceMessageId: text('source_message_id'),
    /** The stored outbound message holding the bytes, once encoded. */
    messageId: text('message_id'),
    status: text('status').notNull().default('pending'),
    content: jsonb('content'),
    control: jsonb('control').$type<Record<string, string>>(),
    /** The partner's 997/999 about this document: its AK5/IK5 status and AK3/AK4 reasons. */
    partnerAck: jsonb('partner_ack'),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('outbound_documents_order').on(t.orderId),
    // a received 997/999 names what it acknowledges by (GS06, ST02) of the partner's documents
    index('outbound_documents_control').on(
      t.partnerId,
      sql`(${t.control}->>'group')`,
      sql`(${t.control}->>'transaction')`,
    ),
    // the encode stage reads a message's requested documents a page at a time, by partner
    index('outbound_documents_source').on(t.sourceMessageId, t.status, t.partnerId, t.id),
    // the dashboard's and the console's overdue acknowledgments: sent documents not yet acknowledged, oldest first
    index('outbound_documents_unacknowledged').on(t.createdAt).where(sql`status in ('encoded', 'delivered')`),
  ],
);

/**
 * Work held for a person: orders the wholesale rules hold, permanent failures, unknown senders. Each has a
 * type (what kind of decision), an owner and a deadline; the inbox lists the earliest deadline first.
 */
export const exceptions = pgTable(
  'exceptions',
  {
    id: text('id').primaryKey(),
    messageId: text('message_id'),
    orderId: text('order_id'),
    partnerId: text('partner_id'),
    code: text('code').notNull(),
    /** The kind of decision (`price`, `item`, `credit`, `email` …): the area of its main finding. */
    type: text('type').notNull().default('other'),
    kind: text('kind').notNull(),
    message: text('message').notNull(),
    details: jsonb('details'),
    status: text('status', { enum: ['open', 'resolved'] })
      .notNull()
      .default('open'),
    owner: text('owner'),
    dueAt: timestamp('due_at', { withTimezone: true }),
    /** What the person decided (the resolve request), and who. */
    resolution: jsonb('resolution'),
    resolvedBy: text('resolved_by'),
    createdAt: createdAt(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    index('exceptions_status').on(t.status, t.createdAt),
    index('exceptions_due').on(t.status, t.dueAt),
    index('exceptions_order').on(t.orderId),
  ],
);

/** Who changed what, when, from which status to which. Append-only. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [index('audit_events_entity').on(t.entityType, t.entityId, t.at)],
);

export const JOB_STATUSES = ['pending', 'done', 'failed', 'dead'] as const;

/**
 * The outbox: one row per stage run, written in the same transaction as the state change that asks for it.
 * The id is derived from (stage, entity) so asking twice collapses into one job. A worker claims a job by
 * taking a lease (`locked_until`), renews it while running, and marks it done in the stage's own transaction.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    stage: text('stage').notNull(),
    entityId: text('entity_id').notNull(),
    status: text('status', { enum: JOB_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    runAfter: timestamp('run_after', { withTimezone: true }).notNull().defaultNow(),
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    lastError: jsonb('last_error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('jobs_pending').on(t.runAfter).where(sql`status = 'pending'`),
    index('jobs_status_stage').on(t.status, t.stage),
    // a message's jobs, for its view and its status (a dead job makes it failed)
    index('jobs_entity').on(t.entityId),
  ],
);

export * from './as2-schema.ts';
export * from './portal-schema.ts';
export * from './users-schema.ts';
export * from './wholesale-schema.ts';

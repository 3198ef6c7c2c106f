import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { messages } from '../../db/schema.ts';
import type { MappingDocument } from '../../mapping/mapping-file.ts';
import { decodeWithVersion, type OrderReadingDocument, orderReading } from './decode-with-version.ts';
import { activeVersion, storedVersion } from './mapping-versions.ts';
import { diffOrders, type OrderChange } from './order-diff.ts';
import { knownPartner } from './test-bench.ts';

/** The most messages one shadow replay reads: each is decoded twice, in the request. */
export const SHADOW_MAX = 50;

/** One stored message replayed: the orders the draft would read differently from the active version. */
export interface ShadowMessage {
  messageId: string;
  receivedAt: Date;
  filename: string | null;
  /** Orders each version reads from it, and the errors each finds. */
  orders: { active: number; draft: number };
  errors: { active: number; draft: number };
  changes: OrderChange[];
}

/** What a shadow replay found over the partner's last messages. */
export interface ShadowReport {
  /** Messages read, newest first. */
  messages: ShadowMessage[];
  /** Orders that would change, over every message. */
  changedOrders: number;
}

/**
 * The stored messages a document's mapping reads: X12 for 850/860, uploaded spreadsheets (channel `csv`) for a
 * spreadsheet mapping. A mail's attachments are read through the mail connector and are not replayed here.
 */
const CHANNELS: Record<OrderReadingDocument, string[]> = {
  '850': ['x12'],
  '860': ['x12'],
  spreadsheet: ['csv'],
};

/**
 * Shadow replay: decodes the partner's last `last` inbound messages (at most {@link SHADOW_MAX}) from their raw
 * bytes with the draft version and with the active one, and lists per message the orders that would change,
 * field by field. Only reads: it writes nothing, enqueues nothing and numbers nothing, so the pipeline and the
 * partner see no trace of it.
 */
export async function shadowReplay(
  db: Database,
  input: { partnerId: string; document: MappingDocument; draftVersion: number; last: number },
): Promise<ShadowReport> {
  const document = orderReading(input.document);
  const partner = await knownPartner(db, input.partnerId);
  const draft = await storedVersion(db, input.partnerId, document, input.draftVersion);
  const current = await activeVersion(db, input.partnerId, document);
  const rows = await db
    .select({
      id: messages.id,
      raw: messages.raw,
      filename: messages.filename,
      receivedAt: messages.receivedAt,
    })
    .from(messages)
    .where(
      and(
        eq(messages.partnerId, input.partnerId),
        eq(messages.direction, 'inbound'),
        inArray(messages.channel, CHANNELS[document]),
      ),
    )
    .orderBy(desc(messages.receivedAt), desc(messages.id))
    .limit(Math.max(1, Math.min(SHADOW_MAX, input.last)));
  const report: ShadowReport = { messages: [], changedOrders: 0 };
  for (const row of rows) {
    const sample = { bytes: row.raw, ...(row.filename ? { filename: row.filename } : {}) };
    const run = { id: row.id, now: row.receivedAt };
    const byDraft = await decodeWithVersion(db, partner, document, draft, sample, run);
    const byActive = await decodeWithVersion(db, partner, document, current, sample, run);
    const changes = diffOrders(byActive.orders, byDraft.orders);
    const errors = (output: typeof byDraft) => output.problems.filter((p) => p.severity === 'error').length;
    report.changedOrders += changes.length;
    report.messages.push({
      messageId: row.id,
      receivedAt: row.receivedAt,
      filename: row.filename,
      orders: { active: byActive.orders.length, draft: byDraft.orders.length },
      errors: { active: errors(byActive), draft: errors(byDraft) },
      changes,
    });
  }
  return report;
}

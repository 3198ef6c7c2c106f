import { and, asc, eq } from 'drizzle-orm';
import { permanent } from '../../core/errors.ts';
import type { CrossReferenceInput } from '../../core/master-data.ts';
import { audit } from '../../db/audit.ts';
import { inList } from '../../db/bulk.ts';
import type { Database } from '../../db/client.ts';
import { partnerItems } from '../../db/schema.ts';
import { requirePartner } from './partner-check.ts';
import { checkSkusExist, type UpsertCounts } from './products.ts';
import { slices, upsertRecordset } from './recordset.ts';

/** One of a partner's names for our SKU: its item number (`buyerItem`) or a GTIN-14 it uses (`gtin`). */
export interface CrossReferenceView {
  kind: 'buyerItem' | 'gtin';
  value: string;
  sku: string;
  createdAt: string;
}

type Entry = { kind: 'buyerItem' | 'gtin'; value: string; sku: string; index: number };

/** The rows a batch of cross-references stands for: one per item number, one per GTIN. */
function entriesOf(input: readonly CrossReferenceInput[]): Entry[] {
  return input.flatMap((x, index) => [
    ...(x.buyerItem !== undefined
      ? [{ kind: 'buyerItem' as const, value: x.buyerItem, sku: x.sku, index }]
      : []),
    ...(x.gtin !== undefined ? [{ kind: 'gtin' as const, value: x.gtin, sku: x.sku, index }] : []),
  ]);
}

/**
 * Saves a partner's cross-references (`POST /v1/partners/:id/items`): its item numbers and GTINs for our
 * SKUs, so its orders' lines resolve to them. A name the partner already uses for another SKU is moved to the
 * one given (audited, before and after). Refused: no such partner (`request.not_found`), a SKU that is no
 * product (`product.unknown_sku`), one name given for two SKUs in the batch (`request.invalid`).
 */
export async function saveCrossReferences(
  db: Database,
  partnerId: string,
  input: readonly CrossReferenceInput[],
  actor: string,
): Promise<UpsertCounts> {
  await requirePartner(db, partnerId);
  const entries = new Map<string, Entry>();
  const clashes: { path: string; message: string }[] = [];
  for (const entry of entriesOf(input)) {
    const key = `${entry.kind}\u0000${entry.value}`;
    const first = entries.get(key);
    if (first === undefined) entries.set(key, entry);
    else if (first.sku !== entry.sku)
      clashes.push({
        path: `${entry.index}.${entry.kind}`,
        message: `${entry.value} is given for ${first.sku} (${first.index}) and ${entry.sku}: one name, one SKU`,
      });
  }
  if (clashes.length > 0)
    throw permanent('request.invalid', 'the cross-references contradict each other', { details: clashes });
  await checkSkusExist(db, input, (i) => `${i}.sku`);
  const wanted = [...entries.values()];
  return db.transaction(async (tx) => {
    const existing = new Map<string, string>();
    for (const slice of slices([...new Set(wanted.map((e) => e.value))])) {
      const rows = await tx
        .select({ kind: partnerItems.kind, value: partnerItems.value, sku: partnerItems.sku })
        .from(partnerItems)
        .where(and(eq(partnerItems.partnerId, partnerId), inList(partnerItems.value, slice)))
        .orderBy(asc(partnerItems.kind), asc(partnerItems.value))
        .for('update');
      for (const row of rows) existing.set(`${row.kind}\u0000${row.value}`, row.sku);
    }
    const changed = wanted.filter((e) => existing.get(`${e.kind}\u0000${e.value}`) !== e.sku);
    await upsertRecordset(
      tx,
      'partner_items',
      'partner_id text, kind text, value text, sku text',
      changed.map((e) => ({ partner_id: partnerId, kind: e.kind, value: e.value, sku: e.sku })),
      { conflict: ['partner_id', 'kind', 'value'], update: ['sku'] },
    );
    await audit(
      tx,
      changed.map((e) => {
        const before = existing.get(`${e.kind}\u0000${e.value}`);
        const key = { partnerId, kind: e.kind, value: e.value };
        return {
          actor,
          entityType: 'partner_item',
          entityId: `${partnerId}/${e.kind}/${e.value}`,
          action: before === undefined ? 'create' : 'update',
          ...(before !== undefined ? { before: { ...key, sku: before } } : {}),
          after: { ...key, sku: e.sku },
        };
      }),
    );
    const created = changed.filter((e) => !existing.has(`${e.kind}\u0000${e.value}`)).length;
    return { created, updated: changed.length - created, unchanged: wanted.length - changed.length };
  });
}

/** A partner's cross-references, item numbers first, each by its value. */
export async function listCrossReferences(db: Database, partnerId: string): Promise<CrossReferenceView[]> {
  await requirePartner(db, partnerId);
  const rows = await db
    .select()
    .from(partnerItems)
    .where(eq(partnerItems.partnerId, partnerId))
    .orderBy(asc(partnerItems.kind), asc(partnerItems.value));
  return rows.map((row) => ({
    kind: row.kind,
    value: row.value,
    sku: row.sku,
    createdAt: row.createdAt.toISOString(),
  }));
}

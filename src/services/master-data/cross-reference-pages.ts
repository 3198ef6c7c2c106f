import { and, asc, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import { permanent } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import { partnerItems } from '../../db/schema.ts';
import type { CrossReferenceView } from './partner-items.ts';

/** A page position: the last (kind, value) of the page before, as an opaque string. */
function cursor(row: { kind: string; value: string }): string {
  return Buffer.from(JSON.stringify([row.kind, row.value])).toString('base64url');
}

function position(after: string): [string, string] | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
    return Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')
      ? (value as [string, string])
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A partner's cross-references a page at a time, item numbers first, each by its value (the table's key, so
 * page 1,000 costs what page 1 does); `q` keeps those whose item number, GTIN or SKU holds it. `next` is the
 * `after` of the next page, absent on the last; an `after` that is no page position is `request.invalid`.
 * The partner is not checked: one without cross-references has an empty page.
 */
export async function crossReferencePage(
  db: Database,
  partnerId: string,
  query: { q?: string; after?: string; limit: number },
): Promise<{ items: CrossReferenceView[]; next?: string }> {
  const where: SQL[] = [eq(partnerItems.partnerId, partnerId)];
  const q = query.q?.trim();
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, '\\$&')}%`;
    where.push(or(ilike(partnerItems.value, pattern), ilike(partnerItems.sku, pattern))!);
  }
  if (query.after !== undefined) {
    const at = position(query.after);
    if (at === undefined)
      throw permanent('request.invalid', 'after is no page position', {
        details: [{ path: 'after', message: 'pass the `next` of the page before' }],
      });
    where.push(sql`(${partnerItems.kind}, ${partnerItems.value}) > (${at[0]}, ${at[1]})`);
  }
  const rows = await db
    .select()
    .from(partnerItems)
    .where(and(...where))
    .orderBy(asc(partnerItems.kind), asc(partnerItems.value))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((row) => ({
      kind: row.kind,
      value: row.value,
      sku: row.sku,
      createdAt: row.createdAt.toISOString(),
    })),
    ...(rows.length > query.limit ? { next: cursor(page.at(-1)!) } : {}),
  };
}

import { and, asc, gt, ilike, inArray, or, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { partnerIdentifiers, partners } from '../db/schema.ts';

/** One partner as the console's list shows it. */
export interface PartnerListing {
  id: string;
  name: string;
  identifiers: { type: string; qualifier: string; value: string }[];
  createdAt: string;
}

/** `%` and `_` typed by a person are letters, not wildcards. */
const literal = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A page of partners by id (keyset: those after `after`), those whose id or name contains `search` (any case),
 * with their identifiers; `limit + 1` rows are read so the caller knows whether another page follows.
 */
export async function partnerPage(
  db: Database,
  filter: { search?: string; after?: string; limit: number },
): Promise<{ partners: PartnerListing[]; more: boolean }> {
  const where: SQL[] = [];
  if (filter.search) {
    const pattern = `%${literal(filter.search)}%`;
    where.push(or(ilike(partners.id, pattern), ilike(partners.name, pattern))!);
  }
  if (filter.after) where.push(gt(partners.id, filter.after));
  const rows = await db
    .select({ id: partners.id, name: partners.name, createdAt: partners.createdAt })
    .from(partners)
    .where(where.length > 0 ? and(...where) : undefined)
    .orderBy(asc(partners.id))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const identifiers =
    page.length === 0
      ? []
      : await db
          .select()
          .from(partnerIdentifiers)
          .where(
            inArray(
              partnerIdentifiers.partnerId,
              page.map((r) => r.id),
            ),
          );
  return {
    partners: page.map((r) => ({
      id: r.id,
      name: r.name,
      createdAt: r.createdAt.toISOString(),
      identifiers: identifiers
        .filter((i) => i.partnerId === r.id)
        .map(({ type, qualifier, value }) => ({ type, qualifier, value })),
    })),
    more: rows.length > filter.limit,
  };
}

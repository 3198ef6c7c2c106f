import { and, asc, eq } from 'drizzle-orm';
import { permanent } from '../../core/errors.ts';
import type { LocationInput } from '../../core/master-data.ts';
import type { Address } from '../../core/order.ts';
import { audit } from '../../db/audit.ts';
import { inList } from '../../db/bulk.ts';
import type { Database } from '../../db/client.ts';
import { partnerLocations } from '../../db/schema.ts';
import { requirePartner } from './partner-check.ts';
import type { UpsertCounts } from './products.ts';
import { sameContent, slices, upsertRecordset } from './recordset.ts';

/** A partner's store or DC as the API shows it. */
export interface LocationView {
  id: string;
  name: string;
  address: Address;
  /** The N103 qualifier the number is sent with; absent: any. */
  qualifier?: string;
  createdAt: string;
  updatedAt: string;
}

type LocationRow = typeof partnerLocations.$inferSelect;

function content(l: { id: string; name: string; address: unknown; qualifier?: string | undefined }) {
  return { id: l.id, name: l.name, address: l.address, qualifier: l.qualifier || null };
}

/**
 * Saves a partner's ship-to locations by id (`POST /v1/partners/:id/locations`): new ones created, existing
 * ones replaced, each change audited with before and after. `request.not_found` for no such partner,
 * `request.invalid` for an id given twice.
 */
export async function saveLocations(
  db: Database,
  partnerId: string,
  input: readonly LocationInput[],
  actor: string,
): Promise<UpsertCounts> {
  await requirePartner(db, partnerId);
  const seen = new Map<string, number>();
  const repeated = input.flatMap((l, i) => {
    const first = seen.get(l.id);
    if (first === undefined) seen.set(l.id, i);
    return first === undefined
      ? []
      : [{ path: `${i}.id`, message: `location ${l.id} is given twice (${first} too)` }];
  });
  if (repeated.length > 0)
    throw permanent('request.invalid', 'a location is given twice', { details: repeated });
  return db.transaction(async (tx) => {
    const existing = new Map<string, LocationRow>();
    for (const slice of slices(input.map((l) => l.id))) {
      const rows = await tx
        .select()
        .from(partnerLocations)
        .where(and(eq(partnerLocations.partnerId, partnerId), inList(partnerLocations.id, slice)))
        .orderBy(asc(partnerLocations.id))
        .for('update');
      for (const row of rows) existing.set(row.id, row);
    }
    const changed = input.filter((l) => {
      const before = existing.get(l.id);
      return before === undefined || !sameContent(content(before), content(l));
    });
    await upsertRecordset(
      tx,
      'partner_locations',
      'partner_id text, id text, name text, address jsonb, qualifier text',
      changed.map((l) => ({
        partner_id: partnerId,
        id: l.id,
        name: l.name,
        address: l.address,
        qualifier: l.qualifier ?? '',
      })),
      { conflict: ['partner_id', 'id'], update: ['name', 'address', 'qualifier'], touch: true },
    );
    await audit(
      tx,
      changed.map((l) => {
        const before = existing.get(l.id);
        return {
          actor,
          entityType: 'partner_location',
          entityId: `${partnerId}/${l.id}`,
          action: before === undefined ? 'create' : 'update',
          ...(before !== undefined ? { before: { partnerId, ...content(before) } } : {}),
          after: { partnerId, ...content(l) },
        };
      }),
    );
    const created = changed.filter((l) => !existing.has(l.id)).length;
    return { created, updated: changed.length - created, unchanged: input.length - changed.length };
  });
}

/** A partner's ship-to locations by id. */
export async function listLocations(db: Database, partnerId: string): Promise<LocationView[]> {
  await requirePartner(db, partnerId);
  const rows = await db
    .select()
    .from(partnerLocations)
    .where(eq(partnerLocations.partnerId, partnerId))
    .orderBy(asc(partnerLocations.id));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    address: row.address as Address,
    ...(row.qualifier !== '' ? { qualifier: row.qualifier } : {}),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}

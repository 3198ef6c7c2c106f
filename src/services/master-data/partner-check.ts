import { eq } from 'drizzle-orm';
import { permanent } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import { partners } from '../../db/schema.ts';

/** Throws `request.not_found` (404) unless `partnerId` is a partner: master data hangs off partners. */
export async function requirePartner(db: Database, partnerId: string): Promise<void> {
  const [row] = await db.select({ id: partners.id }).from(partners).where(eq(partners.id, partnerId));
  if (row === undefined) throw permanent('request.not_found', `no partner ${partnerId}`);
}

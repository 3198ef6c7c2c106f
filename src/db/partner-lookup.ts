import { and, eq, inArray } from 'drizzle-orm';
import { PartnerSettings, partnerSettingsDefaults, type ResolvedPartnerSettings } from '../core/partner.ts';
import type { Database } from './client.ts';
import { partnerIdentifiers, partners } from './schema.ts';

export interface PartnerAgreement {
  id: string;
  name: string;
  /** Stored settings over the channel defaults, validated on the way out (DESIGN §7.4). */
  settings: ResolvedPartnerSettings;
}

/**
 * The partner an X12 interchange comes from, by ISA05/ISA06. An identifier stored without a qualifier
 * matches any qualifier; one stored with a qualifier matches only it. IDs compare case-insensitively.
 */
export async function partnerForX12Sender(
  db: Database,
  qualifier: string,
  id: string,
): Promise<string | undefined> {
  // identifiers are stored without NUL (PostgreSQL text cannot hold it; the API refuses it), so an ID holding
  // one matches none, and asking would only make the database refuse the statement
  if (id.includes('\u0000') || qualifier.includes('\u0000')) return undefined;
  const rows = await db
    .select({ partnerId: partnerIdentifiers.partnerId, qualifier: partnerIdentifiers.qualifier })
    .from(partnerIdentifiers)
    .where(
      and(
        eq(partnerIdentifiers.type, 'x12'),
        eq(partnerIdentifiers.value, id.trim().toUpperCase()),
        inArray(partnerIdentifiers.qualifier, [qualifier.trim(), '']),
      ),
    );
  // an exact qualifier match wins over a qualifier-less identifier of another partner; such overlaps are
  // refused when identifiers are saved (identifiersOverlap), so only rows stored before that can hold both
  return (rows.find((r) => r.qualifier !== '') ?? rows[0])?.partnerId;
}

export async function partnerAgreement(
  db: Database,
  partnerId: string,
): Promise<PartnerAgreement | undefined> {
  const [row] = await db.select().from(partners).where(eq(partners.id, partnerId));
  if (row === undefined) return undefined;
  const identifiers = await db
    .select({ type: partnerIdentifiers.type })
    .from(partnerIdentifiers)
    .where(eq(partnerIdentifiers.partnerId, partnerId));
  const stored = PartnerSettings.parse(row.settings);
  return { id: row.id, name: row.name, settings: { ...partnerSettingsDefaults(identifiers), ...stored } };
}

import { and, eq, inArray, or, sql } from 'drizzle-orm';
import {
  matchSender,
  PartnerSettings,
  partnerSettingsDefaults,
  type ResolvedPartnerSettings,
} from '../core/partner.ts';
import type { Database } from '../db/client.ts';
import { partnerIdentifiers, partners } from '../db/schema.ts';

export interface PartnerAgreement {
  id: string;
  name: string;
  /** Stored settings over the channel defaults, validated on the way out (DESIGN §7.4). */
  settings: ResolvedPartnerSettings;
}

/**
 * The partner an X12 interchange comes from, by ISA05/ISA06: the identifiers stored for that ID, matched by
 * {@link matchSender} (the same matcher `ordergate translate` uses).
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
    .select({
      partnerId: partnerIdentifiers.partnerId,
      type: partnerIdentifiers.type,
      qualifier: partnerIdentifiers.qualifier,
      value: partnerIdentifiers.value,
    })
    .from(partnerIdentifiers)
    .where(
      and(
        eq(partnerIdentifiers.type, 'x12'),
        eq(partnerIdentifiers.value, id.trim().toUpperCase()),
        inArray(partnerIdentifiers.qualifier, [qualifier.trim(), '']),
      ),
    );
  return matchSender(rows, { type: 'x12', qualifier, value: id });
}

export async function partnerAgreement(
  db: Database,
  partnerId: string,
): Promise<PartnerAgreement | undefined> {
  // one statement, its identifiers' types beside it: every pipeline stage reads a partner's agreement
  const [row] = await db
    .select({
      id: partners.id,
      name: partners.name,
      settings: partners.settings,
      types: sql<
        string[]
      >`(select coalesce(jsonb_agg(${partnerIdentifiers.type}), '[]'::jsonb) from ${partnerIdentifiers} where ${partnerIdentifiers.partnerId} = ${partners.id})`,
    })
    .from(partners)
    .where(eq(partners.id, partnerId));
  if (row === undefined) return undefined;
  const identifiers = row.types.map((type) => ({ type }));
  const stored = PartnerSettings.parse(row.settings);
  return { id: row.id, name: row.name, settings: { ...partnerSettingsDefaults(identifiers), ...stored } };
}

/**
 * The partner a mail comes from, by its From address: an `email` identifier of exactly that address wins,
 * else a `domain` identifier of its domain (exactly: `mail.example.com` is not `example.com`, since a
 * subdomain may be run by someone else). Only who the mail claims to be from: whether it proves it is the
 * partner's `emailAuth` policy's business.
 */
export async function partnerForMailSender(db: Database, address: string): Promise<string | undefined> {
  const value = address.trim().toUpperCase();
  const at = value.lastIndexOf('@');
  if (at <= 0 || value.includes('\u0000')) return undefined;
  const domain = value.slice(at + 1);
  const rows = await db
    .select({ partnerId: partnerIdentifiers.partnerId, type: partnerIdentifiers.type })
    .from(partnerIdentifiers)
    .where(
      or(
        and(eq(partnerIdentifiers.type, 'email'), eq(partnerIdentifiers.value, value)),
        and(eq(partnerIdentifiers.type, 'domain'), eq(partnerIdentifiers.value, domain)),
      ),
    );
  return (rows.find((r) => r.type === 'email') ?? rows[0])?.partnerId;
}

/**
 * The partner an AS2 message comes from, by its AS2-From name: the partner with an `as2` identifier of that
 * name (compared as identifiers are stored, upper-cased).
 */
export async function partnerForAs2Sender(db: Database, as2From: string): Promise<string | undefined> {
  const value = as2From.trim().toUpperCase();
  if (value === '' || value.includes('\u0000')) return undefined;
  const [row] = await db
    .select({ partnerId: partnerIdentifiers.partnerId })
    .from(partnerIdentifiers)
    .where(and(eq(partnerIdentifiers.type, 'as2'), eq(partnerIdentifiers.value, value)));
  return row?.partnerId;
}

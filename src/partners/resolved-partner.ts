import type { ResolvedPartner } from '../core/connector.ts';
import type { Database } from '../db/client.ts';
import { activeMappings } from './active-mappings.ts';
import { type PartnerAgreement, partnerAgreement } from './partner-lookup.ts';

/**
 * A partner as a connector's pure `decode` sees it (`ctx.partner`): its agreement's settings, defaults applied,
 * and its active mappings by document type (`spreadsheet`, `850` …), read from the database so every worker
 * decodes with the same versions. Undefined for an unknown partner.
 */
export async function resolvedPartner(db: Database, partnerId: string): Promise<ResolvedPartner | undefined> {
  const agreement = await partnerAgreement(db, partnerId);
  return agreement === undefined ? undefined : partnerWithMappings(db, agreement);
}

/** {@link resolvedPartner} for a partner whose agreement the caller has read already. */
export async function partnerWithMappings(
  db: Database,
  agreement: PartnerAgreement,
): Promise<ResolvedPartner> {
  const active = await activeMappings(db, agreement.id);
  const mappings: Record<string, unknown> = {};
  const versions: Record<string, number> = {};
  for (const [document, entry] of Object.entries(active)) {
    if (entry === undefined) continue;
    mappings[document] = entry.mapping;
    versions[document] = entry.version;
  }
  return { id: agreement.id, name: agreement.name, settings: agreement.settings, mappings, versions };
}

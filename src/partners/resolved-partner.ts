import type { ResolvedPartner } from '../core/connector.ts';
import type { Database } from '../db/client.ts';
import { activeMappings } from './active-mappings.ts';
import { partnerAgreement } from './partner-lookup.ts';

/**
 * A partner as a connector's pure `decode` sees it (`ctx.partner`): its agreement's settings, defaults applied,
 * and its active mappings by document type (`spreadsheet`, `850` …), read from the database so every worker
 * decodes with the same versions. Undefined for an unknown partner.
 */
export async function resolvedPartner(db: Database, partnerId: string): Promise<ResolvedPartner | undefined> {
  const agreement = await partnerAgreement(db, partnerId);
  if (agreement === undefined) return undefined;
  const active = await activeMappings(db, partnerId);
  const mappings: Record<string, unknown> = {};
  for (const [document, entry] of Object.entries(active))
    if (entry !== undefined) mappings[document] = entry.mapping;
  const versions: Record<string, number> = {};
  for (const [document, entry] of Object.entries(active))
    if (entry !== undefined) versions[document] = entry.version;
  return { id: agreement.id, name: agreement.name, settings: agreement.settings, mappings, versions };
}

import type { ResolvedPartnerSettings } from '../core/partner.ts';
import type { Database } from '../db/client.ts';
import type { OutboundDocument, OutboundMappingOf } from '../mapping/outbound-mapping.schema.ts';
import { activeMappings, outboundMapping } from './active-mappings.ts';
import { type PartnerAgreement, partnerAgreement } from './partner-lookup.ts';

/** A partner's agreement with the mappings of the documents we send it. */
export interface OutboundAgreement extends PartnerAgreement {
  /** The active outbound mapping per document, or the built-in default. */
  outbound: { [D in OutboundDocument]: OutboundMappingOf<D> };
}

/**
 * What the mapping files decide over the settings: a versioned mapping that says when an 855 or 810 goes out,
 * or which 856 hierarchy to build, wins over the partner setting of the same meaning (`send855`,
 * `invoiceOnShipment`, `asnShape`), which stays the answer for partners whose mapping does not say.
 */
export function effectiveSettings(
  settings: ResolvedPartnerSettings,
  outbound: OutboundAgreement['outbound'],
): ResolvedPartnerSettings {
  const send855 = outbound['855'].send;
  const send810 = outbound['810'].send;
  return {
    ...settings,
    send855: send855 === undefined ? settings.send855 : send855 === 'on-route',
    invoiceOnShipment: send810 === undefined ? settings.invoiceOnShipment : send810 === 'with-shipment',
    asnShape: outbound['856'].hierarchy ?? settings.asnShape,
  };
}

/** The partner's agreement with its outbound mappings, its settings as the mappings amend them. */
export async function outboundAgreement(
  db: Database,
  partnerId: string,
): Promise<OutboundAgreement | undefined> {
  const agreement = await partnerAgreement(db, partnerId);
  if (agreement === undefined) return undefined;
  const active = await activeMappings(db, partnerId);
  const outbound = {
    '855': outboundMapping(active, '855'),
    '856': outboundMapping(active, '856'),
    '810': outboundMapping(active, '810'),
    '865': outboundMapping(active, '865'),
  };
  return { ...agreement, settings: effectiveSettings(agreement.settings, outbound), outbound };
}

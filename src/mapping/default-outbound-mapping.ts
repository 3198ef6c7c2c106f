import { deepFreeze } from './deep-freeze.ts';
import { defaultOrderMapping } from './default-order-mapping.ts';
import { ItemField } from './order-mapping.schema.ts';
import {
  type OutboundDocument,
  type OutboundMappingFile,
  type OutboundMappingOf,
  ResolvedOutboundMapping,
} from './outbound-mapping.schema.ts';

/**
 * Item qualifiers we send by default: each item field with the first, preferred, code of the built-in
 * inbound table (UP, UK, EN, IN, VN, SK), so what we send reads back into the same fields.
 */
const items = Object.fromEntries(
  ItemField.options.flatMap((field) => {
    const qualifier = defaultOrderMapping('850').items[field]?.[0];
    return qualifier === undefined ? [] : [[field, qualifier]];
  }),
);

/** REF*DP department and REF*IA vendor number: the buyer's routing keys, echoed so they file the answer. */
const references = { department: 'DP', vendorNumber: 'IA' };

const defaults: { [D in OutboundDocument]: OutboundMappingOf<D> } = deepFreeze({
  '855': {
    document: '855',
    version: 0,
    items,
    parties: [{ role: 'shipTo', code: 'ST' }],
    references,
    descriptions: false,
    hashTotal: true,
    scheduleDate: true,
  },
  '856': {
    document: '856',
    version: 0,
    items,
    // ship-to and ship-from at shipment level
    parties: [
      { role: 'shipTo', code: 'ST' },
      { role: 'seller', code: 'SF' },
    ],
    references: {},
    descriptions: false,
    hashTotal: true,
    purpose: '00',
    packagingCode: 'CTN25',
    itemPack: false,
    orderCartons: true,
    hlChildCodes: true,
    lineNumbers: true,
  },
  '810': {
    document: '810',
    version: 0,
    items,
    // RE remit to: the seller is who gets paid
    parties: [
      { role: 'billTo', code: 'BT' },
      { role: 'shipTo', code: 'ST' },
      { role: 'seller', code: 'RE' },
    ],
    references,
    descriptions: true,
    hashTotal: true,
    lineNumbers: true,
    currency: true,
    fob: false,
  },
  // the 865 answers what the 855 answered, so it echoes the same: REF DP/IA, the ship-to, schedule dates
  '865': {
    document: '865',
    version: 0,
    items,
    parties: [{ role: 'shipTo', code: 'ST' }],
    references,
    descriptions: false,
    hashTotal: true,
    scheduleDate: true,
  },
});

/** The built-in outbound mapping of a document type: what a partner without a mapping file gets. Frozen. */
export function defaultOutboundMapping<D extends OutboundDocument>(document: D): OutboundMappingOf<D> {
  return defaults[document];
}

/** A partner file over the default: every key the file sets replaces the default's whole. */
export function resolveOutboundMapping(file: OutboundMappingFile): ResolvedOutboundMapping {
  const { description: _description, ...set } = file;
  return ResolvedOutboundMapping.parse({ ...defaultOutboundMapping(file.document), ...set });
}

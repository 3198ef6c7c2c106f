import { type MappedDocument, ResolvedOrderMapping } from './order-mapping.schema.ts';

/**
 * The built-in X12 850/860 mapping every partner file is merged onto. It is data like a partner file and is
 * validated by the same schema when this module loads. Code meanings follow the X12 code lists
 * (98 entity identifier, 235 product/service ID qualifier, 128 reference qualifier, 374 date qualifier,
 * 92 PO type, 353 purpose, 670 change type).
 */
const shared = {
  parties: {
    buyer: ['BY', 'OB'],
    billTo: ['BT'],
    shipTo: ['ST'],
    // SU supplier, VN vendor, SE selling party, SF ship-from (the seller's location, used when nothing better)
    seller: ['SU', 'VN', 'SE', 'SF'],
    markFor: ['MA'],
  },
  items: {
    upc: ['UP'],
    gtin: ['UK'],
    ean: ['EN'],
    buyerItem: ['IN', 'BP', 'CB'],
    vendorItem: ['VN', 'VP', 'VA', 'VC'],
    sku: ['SK'],
  },
  references: {
    department: ['DP'],
    vendorNumber: ['IA', 'VR'],
    promotion: ['PD'],
    customerOrder: ['CO'],
  },
  dates: {
    requestedShip: ['010'],
    requestedDelivery: ['002', '106'],
    cancelAfter: ['001'],
    shipNotBefore: ['037'],
  },
  orderType: {
    SA: 'stand_alone',
    NE: 'new',
    DS: 'drop_ship',
    RL: 'release',
    BK: 'blanket',
    RO: 'rush',
    RE: 'reorder',
    CN: 'consigned',
    SP: 'sample',
    OS: 'special',
  },
  defaults: { currency: 'USD', uom: 'EA' },
  contacts: 'notes',
  checks: { lineCount: 'error', hashTotal: 'error', amountTotal: 'warning' },
} as const;

const purposes: Record<MappedDocument, Record<string, string>> = {
  // BEG01
  '850': { '00': 'original', '01': 'cancel', '05': 'replace', '06': 'confirmation' },
  // BCH01: every change of an existing order supersedes (part of) it
  '860': {
    '00': 'replace',
    '01': 'cancel',
    '04': 'replace',
    '05': 'replace',
    '06': 'confirmation',
    '18': 'replace',
  },
};

// POC02 (670); NC "concurrent item, no change" restates a line without changing it
const changes = {
  AI: 'add',
  DI: 'delete',
  QI: 'quantity_increase',
  QD: 'quantity_decrease',
  PC: 'price_change',
  CA: 'change',
  CT: 'change',
  RZ: 'replace',
  NC: 'none',
};

function build(document: MappedDocument): ResolvedOrderMapping {
  return ResolvedOrderMapping.parse({
    document,
    version: 0,
    parties: shared.parties,
    items: shared.items,
    references: shared.references,
    dates: shared.dates,
    codes: {
      uom: {},
      orderType: shared.orderType,
      purpose: purposes[document],
      change: document === '860' ? changes : {},
    },
    defaults: shared.defaults,
    contacts: shared.contacts,
    checks: shared.checks,
    overrides: [],
  });
}

const defaults: Record<MappedDocument, ResolvedOrderMapping> = { '850': build('850'), '860': build('860') };

/** The default mapping of a document type; a fresh copy, so callers may not alter the shared one. */
export function defaultOrderMapping(document: MappedDocument): ResolvedOrderMapping {
  return structuredClone(defaults[document]);
}

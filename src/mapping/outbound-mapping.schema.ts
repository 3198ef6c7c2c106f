import { z } from 'zod';
import { Code, ItemField, PartyRole, ReferenceName } from './order-mapping.schema.ts';

/**
 * The schema of a partner's outbound mapping files (`mappings/<partner>/855.v1.yaml`, `856.v1.yaml`,
 * `810.v1.yaml`, `865.v1.yaml`): which documents we send and when, and the implementation choices of the partner's EDI
 * guide: which qualifiers, which optional segments, the 856 hierarchy. Like the order mappings, a file only
 * states how the partner differs from the built-in default (`defaultOutboundMapping`); a key it sets replaces
 * the default's value whole (a list is the list to send, not a preference to merge).
 */

export const OutboundDocument = z.enum(['855', '856', '810', '865']);
export type OutboundDocument = z.infer<typeof OutboundDocument>;

/**
 * Item IDs to send as qualifier/ID pairs (PO1-06…, LIN-02…, IT1-06…), in the order the keys are written:
 * `{ vendorItem: VP, upc: UP }` sends the vendor's item first with qualifier VP, then the UPC; an item field
 * not listed is not sent.
 */
const ItemQualifiers = z.partialRecord(ItemField, Code);

/** N1 loops to send, in order: the order's party in `role` with N1-01 `code` (a role may be sent twice). */
const PartyLoops = z.array(z.strictObject({ role: PartyRole, code: Code }));

/** REF segments to send, in order: `Order.references.<name>` with REF-01 qualifier. */
const ReferenceQualifiers = z.record(ReferenceName, Code);

/** Knobs every outbound document has. */
const commonFields = {
  items: ItemQualifiers.optional(),
  parties: PartyLoops.optional(),
  references: ReferenceQualifiers.optional(),
  /** PID*F per line with the order line's description (855 after PO1, 856 at item level, 810 after IT1). */
  descriptions: z.boolean().optional(),
  /** CTT-02 hash total (quantities summed); some guides want CTT-01 only. */
  hashTotal: z.boolean().optional(),
};

const header = { version: z.number().int().positive(), description: z.string().optional() };

/** 855: sent when an order is routed (`on-route`) or never; schedule dates as DTM*068 and in ACK-04/05. */
const ack855Fields = {
  send: z.enum(['on-route', 'never']).optional(),
  scheduleDate: z.boolean().optional(),
};

/**
 * 865 (the answer to a change order, sent as the partner's `changeAck` setting says): schedule dates in
 * DTM*068 and ACK-04/05, as for the 855.
 */
const changeAck865Fields = { scheduleDate: z.boolean().optional() };

/** 856: the HL hierarchy, BSN-01 purpose, BSN-05 structure code, TD1-01 packaging, PO4, S-O-I cartons. */
const notice856Fields = {
  hierarchy: z.enum(['SOI', 'SOPI', 'SOTPI']).optional(),
  /** BSN-01 transaction set purpose (353): 00 original, 14 advance notification … */
  purpose: Code.optional(),
  /** BSN-05 hierarchical structure code (1005) when the partner's guide names another than ours for the shape. */
  structureCode: z
    .string()
    .regex(/^\d{4}$/, 'must be a 4-digit X12 1005 code')
    .optional(),
  /** TD1-01 packaging code (103), e.g. CTN25 cartons, PLT94 pallets, PCS pieces. */
  packagingCode: z
    .string()
    .regex(/^[A-Z0-9]{3,5}$/, 'must be an X12 103 packaging code such as CTN25')
    .optional(),
  /** PO4 (pack, size, unit) at item level from the order line's pack. */
  itemPack: z.boolean().optional(),
  /** In S-O-I (no pack level), MAN*GM with each carton's SSCC at order level. */
  orderCartons: z.boolean().optional(),
  /** HL-04 hierarchical child code (1 when levels follow, else 0); optional in X12, some guides omit it. */
  hlChildCodes: z.boolean().optional(),
  /** LIN-01 and SN1-01 assigned identification: the order's line number, or left empty. */
  lineNumbers: z.boolean().optional(),
};

/** 810: sent when posted (`on-request`) or with each 856 (`with-shipment`); IT1-01 and CUR choices. */
const invoice810Fields = {
  send: z.enum(['on-request', 'with-shipment']).optional(),
  /** IT1-01 assigned identification: the order's line number, or left empty. */
  lineNumbers: z.boolean().optional(),
  /** CUR*SE with the order's currency. */
  currency: z.boolean().optional(),
  /** FOB-01 shipment method of payment echoed from the order's FOB (`references.fob`, e.g. PP prepaid). */
  fob: z.boolean().optional(),
};

/** An outbound mapping file as written in YAML. */
export const OutboundMappingFile = z.discriminatedUnion('document', [
  z.strictObject({ document: z.literal('855'), ...header, ...commonFields, ...ack855Fields }),
  z.strictObject({ document: z.literal('856'), ...header, ...commonFields, ...notice856Fields }),
  z.strictObject({ document: z.literal('810'), ...header, ...commonFields, ...invoice810Fields }),
  z.strictObject({ document: z.literal('865'), ...header, ...commonFields, ...changeAck865Fields }),
]);
export type OutboundMappingFile = z.infer<typeof OutboundMappingFile>;

/** Every common knob present. `send`/`hierarchy` stay optional: absent, the partner's settings decide. */
const resolvedCommon = {
  /** The partner file's version, or 0 for the built-in default. */
  version: z.number().int().nonnegative(),
  items: ItemQualifiers,
  parties: PartyLoops,
  references: ReferenceQualifiers,
  descriptions: z.boolean(),
  hashTotal: z.boolean(),
};

export const Resolved855Mapping = z.strictObject({
  document: z.literal('855'),
  ...resolvedCommon,
  send: ack855Fields.send,
  scheduleDate: z.boolean(),
});
export type Resolved855Mapping = z.infer<typeof Resolved855Mapping>;

export const Resolved856Mapping = z.strictObject({
  document: z.literal('856'),
  ...resolvedCommon,
  hierarchy: notice856Fields.hierarchy,
  purpose: Code,
  structureCode: notice856Fields.structureCode,
  packagingCode: z.string(),
  itemPack: z.boolean(),
  orderCartons: z.boolean(),
  hlChildCodes: z.boolean(),
  lineNumbers: z.boolean(),
});
export type Resolved856Mapping = z.infer<typeof Resolved856Mapping>;

export const Resolved810Mapping = z.strictObject({
  document: z.literal('810'),
  ...resolvedCommon,
  send: invoice810Fields.send,
  lineNumbers: z.boolean(),
  currency: z.boolean(),
  fob: z.boolean(),
});
export type Resolved810Mapping = z.infer<typeof Resolved810Mapping>;

export const Resolved865Mapping = z.strictObject({
  document: z.literal('865'),
  ...resolvedCommon,
  scheduleDate: z.boolean(),
});
export type Resolved865Mapping = z.infer<typeof Resolved865Mapping>;

export const ResolvedOutboundMapping = z.discriminatedUnion('document', [
  Resolved855Mapping,
  Resolved856Mapping,
  Resolved810Mapping,
  Resolved865Mapping,
]);
export type ResolvedOutboundMapping = z.infer<typeof ResolvedOutboundMapping>;

/** The resolved mapping type of one outbound document. */
export type OutboundMappingOf<D extends OutboundDocument> = Extract<ResolvedOutboundMapping, { document: D }>;

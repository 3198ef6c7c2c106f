import { z } from 'zod';
import { CurrencyCode } from '../core/primitives.ts';
import { parsePathExpression } from './path-expression.ts';

/**
 * The schema of a partner's X12 order mapping file (`mappings/<partner>/850.v1.yaml`, `860.v1.yaml`).
 * A file only states how the partner differs from the built-in default; `resolveOrderMapping` merges it.
 * Qualifier lists are ordered: when a partner sends several qualifiers that map to the same field, the one
 * listed first wins (e.g. `vendorItem: [VN, VP]` prefers PO1 VN over VP).
 */

export const MappedDocument = z.enum(['850', '860']);
export type MappedDocument = z.infer<typeof MappedDocument>;

export const PartyRole = z.enum(['buyer', 'billTo', 'shipTo', 'seller', 'markFor']);
export type PartyRole = z.infer<typeof PartyRole>;

export const ItemField = z.enum(['upc', 'gtin', 'ean', 'buyerItem', 'vendorItem', 'sku']);
export type ItemField = z.infer<typeof ItemField>;

export const DateField = z.enum(['requestedShip', 'requestedDelivery', 'cancelAfter', 'shipNotBefore']);
export type DateField = z.infer<typeof DateField>;

export const OrderPurpose = z.enum(['original', 'replace', 'cancel', 'confirmation']);
/** `none` leaves OrderLine.change unset: the line is restated, not changed (860 POC02 NC). */
export const LineChange = z.enum([
  'add',
  'delete',
  'quantity_increase',
  'quantity_decrease',
  'price_change',
  'change',
  'replace',
  'none',
]);
export type LineChange = z.infer<typeof LineChange>;

/** An X12 ID-type code as it appears in a qualifier element (N101, PO106, REF01, DTM01, BEG02 …). */
export const Code = z
  .string()
  .regex(/^[A-Z0-9]{1,3}$/, 'must be an X12 code of 1-3 upper-case letters or digits');
const CodeList = z.array(Code);

/** Names under Order.references; `raw` is reserved for the list of every qualifier/value pair. */
export const ReferenceName = z
  .string()
  .regex(/^[a-z][A-Za-z0-9]*$/, 'must be a camelCase name such as "department"')
  .refine((name) => name !== 'raw', '"raw" is reserved for the raw reference list');

const CheckSeverity = z.enum(['error', 'warning', 'off']);

/** Where an override writes: a header field, or (prefix `lines.`) a field of every line. */
export const OverrideTarget = z
  .string()
  .regex(
    /^(references\.[a-z][A-Za-z0-9]*|dates\.(requestedShip|requestedDelivery|cancelAfter|shipNotBefore)|carrier\.(scac|method|routing)|notes|orderType|terms\.description|lines\.(description|uom|items\.(upc|gtin|ean|buyerItem|vendorItem|sku)))$/,
    'must be one of references.<name>, dates.<field>, carrier.<field>, notes, orderType, terms.description, lines.description, lines.uom, lines.items.<field>',
  )
  .refine((target) => target !== 'references.raw', '"references.raw" cannot be overridden');

export const PathExpressionText = z.string().superRefine((text, ctx) => {
  try {
    parsePathExpression(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
  }
});

export const Override = z.strictObject({
  target: OverrideTarget,
  /** A path expression such as `REF[01=ST].02` (header) or `PID[01=F].05` (evaluated per line for `lines.*`). */
  source: PathExpressionText,
});
export type Override = z.infer<typeof Override>;

const CodeTables = z.strictObject({
  /** Unit of measure codes (PO103, POC05, PO403, SDQ01), e.g. CA → CS. */
  uom: z.record(Code, z.string().min(1)).optional(),
  /** BEG02 / BCH02 purchase order type code → Order.orderType; codes not listed pass through unchanged. */
  orderType: z.record(Code, z.string().min(1)).optional(),
  /** BEG01 / BCH01 transaction set purpose code → Order.purpose; an unlisted code rejects the set. */
  purpose: z.record(Code, OrderPurpose).optional(),
  /** 860 POC02 change or response type code → OrderLine.change; an unlisted code rejects the set. */
  change: z.record(Code, LineChange).optional(),
});

const Checks = z.strictObject({
  /** CTT01 (number of line items) against the lines mapped. */
  lineCount: CheckSeverity.optional(),
  /** CTT02 (hash total of PO102/POC03 quantities) against their decimal sum. */
  hashTotal: CheckSeverity.optional(),
  /** AMT*TT against the sum of quantity × unit price (AMT may include charges, so a warning by default). */
  amountTotal: CheckSeverity.optional(),
});

/** The tables a mapping file may set; every one is optional, the default fills what a file leaves out. */
const mappingFields = {
  /** N101 entity identifier codes per party role, preferred first. */
  parties: z.partialRecord(PartyRole, CodeList).optional(),
  /** PO1/POC product/service ID qualifiers per item field, preferred first. */
  items: z.partialRecord(ItemField, CodeList).optional(),
  /** REF01/N901 qualifiers per named reference, preferred first. */
  references: z.record(ReferenceName, CodeList).optional(),
  /** DTM01 date/time qualifiers per order date, preferred first. */
  dates: z.partialRecord(DateField, CodeList).optional(),
  codes: CodeTables.optional(),
  defaults: z.strictObject({ currency: CurrencyCode.optional(), uom: Code.optional() }).optional(),
  /** PER contacts: free-text notes, or contactName/contactPhone/contactEmail references (first PER). */
  contacts: z.enum(['notes', 'references']).optional(),
  checks: Checks.optional(),
  overrides: z.array(Override).optional(),
};

type QualifierTables = Record<string, string[] | undefined>;

/** One qualifier may feed one field only, else the preference order would be ambiguous. */
function checkQualifiersUnique(
  tables: {
    parties?: QualifierTables;
    items?: QualifierTables;
    references?: QualifierTables;
    dates?: QualifierTables;
  },
  ctx: z.RefinementCtx,
): void {
  for (const key of ['parties', 'items', 'references', 'dates'] as const) {
    const owner = new Map<string, string>();
    for (const [field, codes] of Object.entries(tables[key] ?? {})) {
      for (const [index, code] of (codes ?? []).entries()) {
        const previous = owner.get(code);
        if (previous !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [key, field, index],
            message: `qualifier ${code} is already mapped to ${previous}`,
          });
        }
        owner.set(code, field);
      }
    }
  }
}

/** A partner mapping file as written in YAML. */
export const OrderMappingFile = z
  .strictObject({
    document: MappedDocument,
    version: z.number().int().positive(),
    description: z.string().optional(),
    ...mappingFields,
  })
  .superRefine(checkQualifiersUnique);
export type OrderMappingFile = z.infer<typeof OrderMappingFile>;

/** A mapping with every table present: the default merged with a partner's file. */
export const ResolvedOrderMapping = z
  .strictObject({
    document: MappedDocument,
    /** The partner file's version, or 0 for the built-in default. */
    version: z.number().int().nonnegative(),
    parties: z.partialRecord(PartyRole, CodeList),
    items: z.partialRecord(ItemField, CodeList),
    references: z.record(ReferenceName, CodeList),
    dates: z.partialRecord(DateField, CodeList),
    codes: z.strictObject({
      uom: z.record(Code, z.string().min(1)),
      orderType: z.record(Code, z.string().min(1)),
      purpose: z.record(Code, OrderPurpose),
      change: z.record(Code, LineChange),
    }),
    defaults: z.strictObject({ currency: CurrencyCode, uom: Code }),
    contacts: z.enum(['notes', 'references']),
    checks: z.strictObject({
      lineCount: CheckSeverity,
      hashTotal: CheckSeverity,
      amountTotal: CheckSeverity,
    }),
    overrides: z.array(Override),
  })
  .superRefine(checkQualifiersUnique);
export type ResolvedOrderMapping = z.infer<typeof ResolvedOrderMapping>;

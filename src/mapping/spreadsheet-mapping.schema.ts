import { z } from 'zod';
import { CurrencyCode } from '../core/primitives.ts';

/**
 * The schema of a partner's spreadsheet mapping (`mappings/<partner>/spreadsheet.v1.yaml`): how to read the
 * CSV/XLSX order forms a partner sends. Like an X12 mapping it states only what differs from the built-in
 * default (connectors/spreadsheet/default-mapping.ts, which knows common headers in six languages): header
 * names listed here are tried before the default's, a position wins over any header. What the default can
 * never know is the partner's locale, so a file's `1,234` and `03/04/2026` are only read with one.
 */

/** The canonical fields a column can feed: order-level ones (the first row of each order gives them) and line ones. */
export const SpreadsheetField = z.enum([
  'poNumber',
  'poDate',
  'lineNumber',
  'quantity',
  'uom',
  'unitPrice',
  'sku',
  'buyerItem',
  'vendorItem',
  'gtin',
  'upc',
  'ean',
  'description',
  'requestedDelivery',
  'shipTo',
  'currency',
  'notes',
  'packSize',
]);
export type SpreadsheetField = z.infer<typeof SpreadsheetField>;

/** A column by its letter as Excel shows it (`C`, `AA`) or its 1-based number (`3`). */
export const ColumnPosition = z.union([
  z.number().int().min(1).max(16_384),
  z.string().regex(/^[A-Z]{1,3}$/, 'must be a column letter such as "C" or "AA"'),
]);

/** Where a field's column is: its headers as the partner writes them, or its position. */
export const ColumnRef = z
  .strictObject({
    /** Header texts, matched ignoring case, accents, punctuation and spaces (`Art.-Nr.` = `art nr`). */
    headers: z.array(z.string().trim().min(1)).min(1).optional(),
    /** The column, whatever its header says; the header row is still found by the other columns' names. */
    position: ColumnPosition.optional(),
  })
  .refine((ref) => ref.headers !== undefined || ref.position !== undefined, 'give headers or a position');
export type ColumnRef = z.infer<typeof ColumnRef>;

/**
 * Cases to eaches: the quantity is multiplied by a pack size, `packSize` when every row has the same, else the
 * row's `packSize` column (a row without one is refused); the line's unit becomes `uom`.
 */
const PackTransform = z.strictObject({
  multiplyByPackSize: z.literal(true),
  /** The eaches in one ordered unit, when every row has the same (else the `packSize` column). */
  packSize: z.number().int().positive().optional(),
  /** The unit of the multiplied quantity. */
  uom: z.string().trim().min(1).default('EA'),
});

export const SpreadsheetMappingFile = z.strictObject({
  document: z.literal('spreadsheet'),
  version: z.number().int().positive(),
  description: z.string().optional(),
  /** The sheet to read in a workbook; without it every sheet that holds an order table is read. */
  sheet: z.string().min(1).optional(),
  /** The language of the partner's headers, documentation only: every language's headers are known. */
  language: z.enum(['en', 'de', 'fr', 'es', 'nl', 'sv']).optional(),
  /** How the partner writes numbers and dates: the decimal mark, and the order of `03/04/2026`. */
  locale: z.strictObject({
    decimal: z.enum([',', '.']),
    dateOrder: z.enum(['dmy', 'mdy', 'ymd']),
  }),
  /** Where each field is; fields not named here are found by the default's headers. */
  columns: z.partialRecord(SpreadsheetField, ColumnRef).optional(),
  transforms: z.strictObject({ quantity: PackTransform.optional() }).optional(),
  /** Values for what the file does not say (the currency else from the partner settings; the unit else EA). */
  defaults: z
    .strictObject({
      currency: CurrencyCode.optional(),
      uom: z.string().trim().min(1).optional(),
      shipTo: z.string().trim().min(1).optional(),
    })
    .optional(),
  /**
   * What a column headed only "Item", "Artikel", "Article", "Référence" holds: the buyer's own number, our
   * SKU, or a GTIN. The default reads it as our SKU.
   */
  identifier: z.enum(['buyerItem', 'sku', 'gtin']).optional(),
});
export type SpreadsheetMappingFile = z.infer<typeof SpreadsheetMappingFile>;

/** A spreadsheet mapping ready for the decoder: the file with its currency default filled from the partner. */
export const ResolvedSpreadsheetMapping = SpreadsheetMappingFile;
export type ResolvedSpreadsheetMapping = SpreadsheetMappingFile;

/**
 * A spreadsheet mapping file resolved: the partner's `defaultCurrency` becomes the file's default currency
 * when the file names none. Header lists are not merged here: the default's headers are the decoder's (they
 * improve with a release, as the decoder does), and a file's are tried first.
 */
export function resolveSpreadsheetMapping(
  file: SpreadsheetMappingFile,
  options: { defaultCurrency?: string } = {},
): ResolvedSpreadsheetMapping {
  const currency = file.defaults?.currency ?? options.defaultCurrency;
  if (currency === undefined) return file;
  return { ...file, defaults: { ...file.defaults, currency } };
}

/** The 0-based column index of a position (`C` → 2, `3` → 2). */
export function columnIndex(position: z.infer<typeof ColumnPosition>): number {
  if (typeof position === 'number') return position - 1;
  let index = 0;
  for (const letter of position) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}

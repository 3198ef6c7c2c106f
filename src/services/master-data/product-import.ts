import type { ZodType } from 'zod';
import type { Cell, SpreadsheetFile } from '../../../connectors/spreadsheet/sheet.ts';
import { parseGtin } from '../../../connectors/spreadsheet/values-item.ts';
import { parseNumber } from '../../../connectors/spreadsheet/values-number.ts';
import { InventoryItem, ProductInput } from '../../core/master-data.ts';
import type { Database } from '../../db/client.ts';
import { type ImportColumn, type ImportTable, readImportTable } from './import-table.ts';
import { setInventory } from './inventory.ts';
import {
  type ImportProblem,
  importInvalid,
  type Locate,
  type UpsertCounts,
  upsertProducts,
} from './products.ts';

type ProductField =
  | 'sku'
  | 'gtin'
  | 'description'
  | 'uom'
  | 'packSize'
  | 'moq'
  | 'orderMultiple'
  | 'status'
  | 'substitutes';

/** The product columns a file may have, by the header texts that name them; the first text is the one shown. */
export const PRODUCT_COLUMNS: readonly ImportColumn<ProductField>[] = [
  {
    field: 'sku',
    headers: ['sku', 'item number', 'item no', 'article number', 'product code'],
    required: true,
  },
  { field: 'gtin', headers: ['gtin', 'ean', 'upc', 'barcode', 'gtin-14', 'ean-13'] },
  { field: 'description', headers: ['description', 'name', 'product name'], required: true },
  { field: 'uom', headers: ['uom', 'unit', 'unit of measure'], required: true },
  { field: 'packSize', headers: ['pack size', 'pack', 'case pack', 'pack qty'] },
  { field: 'moq', headers: ['moq', 'min order qty', 'minimum order quantity', 'min qty'] },
  { field: 'orderMultiple', headers: ['order multiple', 'multiple', 'order increment'] },
  { field: 'status', headers: ['status'] },
  { field: 'substitutes', headers: ['substitutes', 'substitute', 'replacements'] },
];

type InventoryField = 'sku' | 'warehouse' | 'onHand';

/** The stock-count columns a file may have. */
export const INVENTORY_COLUMNS: readonly ImportColumn<InventoryField>[] = [
  {
    field: 'sku',
    headers: ['sku', 'item number', 'item no', 'article number', 'product code'],
    required: true,
  },
  { field: 'warehouse', headers: ['warehouse', 'location', 'site', 'dc'], required: true },
  { field: 'onHand', headers: ['on hand', 'onhand', 'quantity', 'qty', 'stock'], required: true },
];

/** A cell as text: a number cell as the number it shows (a numeric SKU), else its text trimmed. */
function text(cell: Cell): { ok: true; value: string } | { ok: false; message: string } {
  if (typeof cell === 'string')
    // PostgreSQL text cannot hold a NUL (a CSV may, past the head the reader sniffs for binary files)
    return cell.includes('\u0000')
      ? { ok: false, message: 'holds a NUL character (U+0000)' }
      : { ok: true, value: cell.trim() };
  if (typeof cell === 'number') {
    const number = parseNumber(cell);
    return number.ok ? { ok: true, value: number.value } : { ok: false, message: `${cell} is not text` };
  }
  if (typeof cell === 'boolean') return { ok: true, value: String(cell) };
  return { ok: false, message: 'is a date, not text' };
}

/** A quantity cell as a decimal string: `12`, `1.5`, `1,5`, `1 200`, never a float. */
function quantity(cell: Cell): { ok: true; value: string } | { ok: false; message: string } {
  const number = parseNumber(cell);
  if (number.ok) return { ok: true, value: number.value };
  return {
    ok: false,
    message:
      number.reason === 'ambiguous'
        ? `${String(cell)} may be a thousand or a fraction: write it without a thousands mark`
        : `${String(cell)} is not a number`,
  };
}

/** How each field's cell becomes the value the schema reads; a field not named here is read as text. */
const READERS: Partial<
  Record<string, (cell: Cell) => { ok: true; value: unknown } | { ok: false; message: string }>
> = {
  // a number cell or a CSV re-saved by Excel loses a GTIN's leading zeros: parseGtin pads them back
  gtin: (cell) => {
    const gtin = parseGtin(cell, 'gtin');
    return gtin.ok ? gtin : { ok: false, message: gtin.detail };
  },
  packSize: quantity,
  moq: quantity,
  orderMultiple: quantity,
  onHand: quantity,
  status: (cell) => {
    const value = text(cell);
    return value.ok ? { ok: true, value: value.value.toLowerCase() } : value;
  },
  substitutes: (cell) => {
    const value = text(cell);
    return value.ok
      ? {
          ok: true,
          value: value.value
            .split(/[;,]/)
            .map((s) => s.trim())
            .filter((s) => s !== ''),
        }
      : value;
  },
};

/**
 * Each row of a table checked against `schema`: the parsed items and where each came from, or every problem
 * of every row (its row number, its column's header, what is wrong).
 */
function parseRows<F extends string, T>(
  table: ImportTable<F>,
  schema: ZodType<T>,
): { items: T[]; locate: Locate; problems: ImportProblem[] } {
  const items: T[] = [];
  const rows: number[] = [];
  const problems: ImportProblem[] = [];
  const column = (field: string) => table.headers[field as F] ?? field;
  for (const { row, cells } of table.rows) {
    const raw: Record<string, unknown> = {};
    let readable = true;
    for (const [field, cell] of Object.entries(cells) as [F, Cell][]) {
      const read = (READERS[field] ?? text)(cell);
      if (read.ok) raw[field] = read.value;
      else {
        readable = false;
        problems.push({ row, column: column(field), message: read.message });
      }
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        // a cell already refused above is not refused again by the schema
        if (!readable && !(field in raw) && field in cells) continue;
        problems.push({ row, column: column(field), message: field in raw ? issue.message : 'is empty' });
      }
    } else if (readable) {
      items.push(parsed.data);
      rows.push(row);
    }
  }
  return { items, locate: (index, field) => ({ row: rows[index]!, column: column(field) }), problems };
}

/**
 * Imports products from a CSV or XLSX file (`POST /v1/products` with a file): columns found by their headers
 * (sku, gtin, description, uom, pack size, moq, order multiple, status, substitutes separated by `;` or `,`,
 * in any case and order), each row checked like a JSON product. Any bad row refuses the whole file
 * (`product.import_invalid`, every problem with its row and column); else upsertProducts saves them all.
 */
export async function importProductFile(
  db: Database,
  file: SpreadsheetFile,
  actor: string,
): Promise<UpsertCounts> {
  const table = await readImportTable(file, PRODUCT_COLUMNS, 'products');
  const { items, locate, problems } = parseRows(table, ProductInput);
  if (problems.length > 0) throw importInvalid(problems);
  return upsertProducts(db, items, actor, locate);
}

/** Imports stock counts from a CSV or XLSX file (columns sku, warehouse, on hand), as importProductFile does. */
export async function importInventoryFile(
  db: Database,
  file: SpreadsheetFile,
  actor: string,
): Promise<UpsertCounts> {
  const table = await readImportTable(file, INVENTORY_COLUMNS, 'stock counts');
  const { items, locate, problems } = parseRows(table, InventoryItem);
  if (problems.length > 0) throw importInvalid(problems, 'stock counts');
  return setInventory(db, items, actor, locate);
}

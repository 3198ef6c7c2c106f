import { and, asc, eq, gt, ilike, or, type SQL, sql } from 'drizzle-orm';
import { permanent } from '../../core/errors.ts';
import type { ProductInput } from '../../core/master-data.ts';
import { audit } from '../../db/audit.ts';
import { inList } from '../../db/bulk.ts';
import type { Database } from '../../db/client.ts';
import { products } from '../../db/schema.ts';
import { productOf } from '../../pipeline/wholesale/rule-context.ts';
import { gtin14 } from '../../rules/gtin.ts';
import { slices, upsertRecordset } from './recordset.ts';

/** A product as the API shows it; absent optional fields are left out (as the rules' Product has them). */
export interface ProductView {
  sku: string;
  /** GTIN-14. */
  gtin?: string;
  description: string;
  uom: string;
  packSize?: string;
  moq?: string;
  orderMultiple?: string;
  status: 'active' | 'discontinued';
  substitutes: string[];
  createdAt: string;
  updatedAt: string;
}

/** One problem of an import: where (a JSON path, or a file's row and column) and what. */
export interface ImportProblem {
  path?: string;
  row?: number;
  column?: string;
  message: string;
}

/**
 * Where the item at `index` of an import is, for its `field`: a JSON path by default (`12.gtin`); a file import
 * names its row and column instead.
 */
export type Locate = (index: number, field: string) => Omit<ImportProblem, 'message'>;

const atPath: Locate = (index, field) => ({ path: `${index}.${field}` });

/** Problems listed in an error's details at most; the message counts them all. */
export const LISTED_PROBLEMS = 1_000;

/** The `product.import_invalid` error for `problems`, the first {@link LISTED_PROBLEMS} listed. */
export function importInvalid(problems: readonly ImportProblem[], what = 'products') {
  const more = problems.length > LISTED_PROBLEMS ? `, the first ${LISTED_PROBLEMS} listed` : '';
  return permanent(
    'product.import_invalid',
    `the ${what} were not saved: ${problems.length} problem${problems.length === 1 ? '' : 's'}${more}`,
    { details: problems.slice(0, LISTED_PROBLEMS) },
  );
}

type ProductRow = typeof products.$inferSelect;

export function productView(row: ProductRow): ProductView {
  return {
    ...productOf(row),
    substitutes: [...row.substitutes],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What a product holds, without its timestamps: what the audit trail records and a change is told by. */
function content(p: ProductInput | ProductRow) {
  return {
    sku: p.sku,
    gtin: p.gtin ?? null,
    description: p.description,
    uom: p.uom,
    packSize: p.packSize ?? null,
    moq: p.moq ?? null,
    orderMultiple: p.orderMultiple ?? null,
    status: p.status,
    substitutes: p.substitutes,
  };
}

type Content = ReturnType<typeof content>;

/** Whether two contents are the same, field by field (50,000 of them are compared on a re-import). */
function sameProduct(a: Content, b: Content): boolean {
  return (
    (Object.keys(a) as (keyof Content)[]).every((key) => key === 'substitutes' || a[key] === b[key]) &&
    a.substitutes.length === b.substitutes.length &&
    a.substitutes.every((s, i) => s === b.substitutes[i])
  );
}

const PRODUCT_COLUMNS =
  'sku text, gtin text, description text, uom text, pack_size numeric, moq numeric, order_multiple numeric, status text, substitutes jsonb';

/** The SKUs of `skus` that are products. */
export async function existingSkus(db: Database, skus: Iterable<string>): Promise<Set<string>> {
  const found = new Set<string>();
  for (const slice of slices([...new Set(skus)])) {
    const rows = await db.select({ sku: products.sku }).from(products).where(inList(products.sku, slice));
    for (const { sku } of rows) found.add(sku);
  }
  return found;
}

/**
 * The `product.unknown_sku` error when an entry of `items` names a SKU that is no product (each listed with
 * its path, the first {@link LISTED_PROBLEMS}), else nothing.
 */
export async function checkSkusExist(
  db: Database,
  items: readonly { sku: string }[],
  pathOf: (index: number) => string,
): Promise<void> {
  const known = await existingSkus(
    db,
    items.map((i) => i.sku),
  );
  const unknown = items.flatMap((item, i) =>
    known.has(item.sku) ? [] : [{ path: pathOf(i), sku: item.sku, message: `${item.sku} is no product` }],
  );
  if (unknown.length > 0)
    throw permanent(
      'product.unknown_sku',
      `${unknown.length} SKU${unknown.length === 1 ? ' is' : 's are'} no product: save the products first`,
      { details: unknown.slice(0, LISTED_PROBLEMS) },
    );
}

/** Products saved (new), changed, and sent again as they were. */
export interface UpsertCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Saves products by SKU in one transaction: new ones are created, existing ones replaced field by field (an
 * unchanged one is not written), each change in the audit trail with its before and after. Written in
 * multi-row statements of one JSON parameter (see upsertRecordset), so 50,000 products are a few dozen
 * statements. Nothing is saved when any product is refused: a SKU or GTIN repeated in the batch, a GTIN another
 * product has, a substitute that is neither a product nor in the batch (`product.import_invalid`, each problem
 * located by `locate`).
 */
export async function upsertProducts(
  db: Database,
  input: readonly ProductInput[],
  actor: string,
  locate: Locate = atPath,
): Promise<UpsertCounts> {
  const repeated = batchProblems(input, locate);
  return db.transaction(async (tx) => {
    const existing = new Map<string, ProductRow>();
    for (const slice of slices(input.map((p) => p.sku))) {
      // locked in SKU order: two imports of the same products take turns, and cannot deadlock
      const rows = await tx
        .select()
        .from(products)
        .where(inList(products.sku, slice))
        .orderBy(asc(products.sku))
        .for('update');
      for (const row of rows) existing.set(row.sku, row);
    }
    const found = [
      ...repeated,
      ...(await gtinsHeldElsewhere(tx, input)),
      ...(await unknownSubstitutes(tx, input)),
    ];
    // every problem at once, in the order of the batch (rows, paths)
    if (found.length > 0)
      throw importInvalid(
        found
          .sort((a, b) => a.index - b.index)
          .map(({ index, field, message }) => ({ ...locate(index, field), message })),
      );
    const changed = input.filter((p) => {
      const before = existing.get(p.sku);
      return before === undefined || !sameProduct(content(before), content(p));
    });
    await upsertRecordset(
      tx,
      'products',
      PRODUCT_COLUMNS,
      changed.map((p) => ({
        sku: p.sku,
        gtin: p.gtin ?? null,
        description: p.description,
        uom: p.uom,
        pack_size: p.packSize ?? null,
        moq: p.moq ?? null,
        order_multiple: p.orderMultiple ?? null,
        status: p.status,
        substitutes: p.substitutes,
      })),
      {
        conflict: ['sku'],
        update: ['gtin', 'description', 'uom', 'pack_size', 'moq', 'order_multiple', 'status', 'substitutes'],
        touch: true,
      },
    );
    await audit(
      tx,
      changed.map((p) => {
        const before = existing.get(p.sku);
        return {
          actor,
          entityType: 'product',
          entityId: p.sku,
          action: before === undefined ? 'create' : 'update',
          ...(before !== undefined ? { before: content(before) } : {}),
          after: content(p),
        };
      }),
    );
    const created = changed.filter((p) => !existing.has(p.sku)).length;
    return { created, updated: changed.length - created, unchanged: input.length - changed.length };
  });
}

/** A problem of a batch's item, located when reported. */
interface Finding {
  index: number;
  field: string;
  message: string;
}

/** SKUs and GTINs a batch repeats. */
function batchProblems(input: readonly ProductInput[], locate: Locate): Finding[] {
  const problems: Finding[] = [];
  const skus = new Map<string, number>();
  const gtins = new Map<string, number>();
  for (const [i, p] of input.entries()) {
    const first = skus.get(p.sku);
    if (first !== undefined)
      problems.push({
        index: i,
        field: 'sku',
        message: `SKU ${p.sku} is given twice (${placeOf(locate(first, 'sku'))} too)`,
      });
    else skus.set(p.sku, i);
    if (p.gtin === undefined) continue;
    const held = gtins.get(p.gtin);
    if (held !== undefined && input[held]!.sku !== p.sku)
      problems.push({
        index: i,
        field: 'gtin',
        message: `GTIN ${p.gtin} is ${input[held]!.sku}'s too (${placeOf(locate(held, 'gtin'))}): one GTIN names one product`,
      });
    else gtins.set(p.gtin, i);
  }
  return problems;
}

export function placeOf(at: Omit<ImportProblem, 'message'>): string {
  return at.row !== undefined ? `row ${at.row}` : (at.path ?? '');
}

/** GTINs of the batch that another product (one the batch does not change) holds. */
async function gtinsHeldElsewhere(tx: Database, input: readonly ProductInput[]): Promise<Finding[]> {
  const inBatch = new Set(input.map((p) => p.sku));
  const wanted = input.filter((p) => p.gtin !== undefined);
  const holders = new Map<string, string>();
  for (const slice of slices(wanted.map((p) => p.gtin!))) {
    const rows = await tx
      .select({ sku: products.sku, gtin: products.gtin })
      .from(products)
      .where(inList(products.gtin, slice));
    // a product the batch saves gives its GTIN up or keeps it: the batch's own check covers it
    for (const row of rows) if (!inBatch.has(row.sku)) holders.set(row.gtin!, row.sku);
  }
  return input.flatMap((p, i) => {
    const holder = p.gtin === undefined ? undefined : holders.get(p.gtin);
    return holder === undefined || holder === p.sku
      ? []
      : [
          {
            index: i,
            field: 'gtin',
            message: `GTIN ${p.gtin} is product ${holder}'s: one GTIN names one product`,
          },
        ];
  });
}

/** Substitutes that are the product itself, or neither in the batch nor a product. */
async function unknownSubstitutes(tx: Database, input: readonly ProductInput[]): Promise<Finding[]> {
  const inBatch = new Set(input.map((p) => p.sku));
  const known = await existingSkus(
    tx,
    input.flatMap((p) => p.substitutes.filter((s) => !inBatch.has(s))),
  );
  return input.flatMap((p, i) =>
    p.substitutes.flatMap((s) => {
      const at = { index: i, field: 'substitutes' };
      if (s === p.sku) return [{ ...at, message: `${s} cannot substitute itself` }];
      if (inBatch.has(s) || known.has(s)) return [];
      return [{ ...at, message: `substitute ${s} is no product` }];
    }),
  );
}

/** One product by SKU. */
export async function getProduct(db: Database, sku: string): Promise<ProductView | undefined> {
  const [row] = await db.select().from(products).where(eq(products.sku, sku));
  return row === undefined ? undefined : productView(row);
}

/** `text` as a LIKE pattern matching itself anywhere (its own % _ \ escaped). */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

/**
 * Products by SKU, a page at a time (`after`: the last SKU of the page before). `q` finds products whose SKU,
 * GTIN or description holds it (case-insensitive); a `q` that is a GTIN in any form (UPC-12, EAN-13 …) also
 * finds the product with that GTIN-14. `next` is the `after` of the next page, absent on the last.
 */
export async function listProducts(
  db: Database,
  query: { q?: string; after?: string; limit: number },
): Promise<{ products: ProductView[]; next?: string }> {
  const filters: SQL[] = [];
  const q = query.q?.trim();
  if (q) {
    const pattern = containing(q);
    const gtin = gtin14(q);
    filters.push(
      or(
        ilike(products.sku, pattern),
        ilike(products.gtin, pattern),
        ilike(products.description, pattern),
        ...(gtin !== undefined ? [eq(products.gtin, gtin)] : []),
      )!,
    );
  }
  if (query.after !== undefined) filters.push(gt(products.sku, query.after));
  const rows = await db
    .select()
    .from(products)
    .where(filters.length > 0 ? and(...filters) : sql`true`)
    .orderBy(asc(products.sku))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    products: page.map(productView),
    ...(rows.length > query.limit ? { next: page.at(-1)!.sku } : {}),
  };
}

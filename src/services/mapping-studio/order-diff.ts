import type { Order } from '../../core/order.ts';

/** One field that differs: its path in the canonical order (`lines.0.items.sku`), before and after. */
export interface FieldChange {
  path: string;
  /** The active version's value (absent: the field is not set). */
  active?: string;
  /** The draft's value. */
  draft?: string;
}

/** One order of a sample as the two versions read it: new, gone, or changed field by field. */
export interface OrderChange {
  poNumber: string;
  change: 'added' | 'removed' | 'changed';
  fields: FieldChange[];
}

/** Fields that differ between any two decodes of one message whatever the mapping: who read it, when. */
const IGNORED = new Set(['id', 'source.messageId']);

/** Every leaf of a value as `path → text` (arrays by index), so two orders compare field by field. */
function leaves(value: unknown, prefix: string, into: Map<string, string>): Map<string, string> {
  if (value === null || value === undefined) return into;
  if (typeof value === 'object') {
    const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
    for (const [key, inner] of entries) leaves(inner, prefix === '' ? String(key) : `${prefix}.${key}`, into);
    return into;
  }
  if (!IGNORED.has(prefix)) into.set(prefix, String(value));
  return into;
}

/** The fields in which two readings of one order differ, in path order. */
export function fieldChanges(active: Order | undefined, draft: Order | undefined): FieldChange[] {
  const before = leaves(active, '', new Map());
  const after = leaves(draft, '', new Map());
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  return paths
    .filter((path) => before.get(path) !== after.get(path))
    .map((path) => {
      const a = before.get(path);
      const d = after.get(path);
      return { path, ...(a !== undefined ? { active: a } : {}), ...(d !== undefined ? { draft: d } : {}) };
    });
}

/**
 * The orders whose reading changes from the active version's to the draft's, matched by PO number (the n-th
 * order of a PO number with the n-th, for a file holding one twice); orders read the same are left out.
 */
export function diffOrders(active: readonly Order[], draft: readonly Order[]): OrderChange[] {
  const keyed = (orders: readonly Order[]) => {
    const seen = new Map<string, number>();
    return new Map(
      orders.map((order) => {
        const n = (seen.get(order.poNumber) ?? 0) + 1;
        seen.set(order.poNumber, n);
        return [`${order.poNumber}#${n}`, order] as const;
      }),
    );
  };
  const before = keyed(active);
  const after = keyed(draft);
  const changes: OrderChange[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(key);
    const d = after.get(key);
    const fields = fieldChanges(a, d);
    if (fields.length === 0) continue;
    const poNumber = (a ?? d)!.poNumber;
    changes.push({
      poNumber,
      change: a === undefined ? 'added' : d === undefined ? 'removed' : 'changed',
      fields,
    });
  }
  return changes;
}

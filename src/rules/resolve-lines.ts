import type { Order, OrderLine } from '../core/order.ts';
import { compareDecimal } from './decimal-math.ts';
import type { Catalog } from './rule.ts';
import type { LineOutcome, Settlement } from './settle.ts';

/** A person's decision about one line of a held order (`POST /v1/exceptions/:id/resolve`). */
export interface LineDecision {
  lineNumber: string;
  quantity?: string;
  unitPrice?: string;
  sku?: string;
  status?: 'backorder' | 'reject';
}

/** A person's resolution of a held order: accept it (with per-line decisions) or reject it whole. */
export interface Resolution {
  action: 'accept' | 'reject';
  lines?: readonly LineDecision[];
}

const REVIEWED = 'on review';

/**
 * The final outcome of every line of a held order, from its settlement and a person's resolution. Pure.
 *
 * - `reject`: every line rejected (quantity '0').
 * - `accept`: each named line as the person says, starting from its settled outcome (quantity, price and
 *   SKU the person leaves out stay as settled) — status 'reject' (or quantity '0') → rejected; 'backorder' →
 *   backordered; a `sku` other than the line's resolved SKU → substituted, `items` naming the substitute (its
 *   SKU and, when the catalog has the product, its GTIN); a `sku` for a line that resolved to none identifies
 *   the item (no substitution: the partner's number meant that SKU; the service may remember the
 *   cross-reference); a quantity other than ordered → quantity_changed; a unit price other than the buyer's
 *   → price_changed (a price where the buyer gave none changes nothing of theirs: accepted). The status
 *   follows settle's precedence — rejected, backordered (the person's, or a policy's the person did not
 *   overrule), substituted, quantity_changed, price_changed, accepted — and the reason says what the person
 *   changed ("… on review"), else keeps the policy's. A line a policy rejected is taken as ordered again when
 *   the person names it without rejecting it.
 * - unnamed lines keep their settled outcome: held findings left those lines as ordered (settle.ts), so the
 *   person accepting the order accepts them so.
 *
 * Throws a plain Error naming the line when a decision names a line the order does not have (the service
 * answers 409 `exception.line_unknown`).
 */
export function resolveLines(
  order: Order,
  settlement: Settlement,
  resolution: Resolution,
  catalog: Catalog,
): LineOutcome[] {
  const decisions = new Map<string, LineDecision>();
  const lineNumbers = new Set(order.lines.map((l) => l.lineNumber));
  for (const d of resolution.lines ?? []) {
    if (!lineNumbers.has(d.lineNumber))
      throw new Error(`line ${d.lineNumber} is not a line of order ${order.poNumber}`);
    decisions.set(d.lineNumber, d);
  }
  const settled = new Map(settlement.lines.map((l) => [l.lineNumber, l]));
  return order.lines.map((line) => {
    const outcome = settled.get(line.lineNumber) ?? asOrdered(line);
    if (resolution.action === 'reject')
      return { ...withoutChange(outcome), status: 'rejected', quantity: '0', reason: `rejected ${REVIEWED}` };
    const decision = decisions.get(line.lineNumber);
    return decision === undefined ? outcome : decide(line, outcome, decision, catalog);
  });
}

/** A line accepted as the buyer ordered it. */
function asOrdered(line: OrderLine): LineOutcome {
  return {
    lineNumber: line.lineNumber,
    status: 'accepted',
    quantity: line.quantity,
    ...(line.unitPrice !== undefined ? { unitPrice: line.unitPrice } : {}),
  };
}

/** An outcome without its status-specific parts (reason, substitute), to build another status on. */
function withoutChange({ reason: _reason, items: _items, ...rest }: LineOutcome): LineOutcome {
  return rest;
}

function decide(line: OrderLine, settled: LineOutcome, d: LineDecision, catalog: Catalog): LineOutcome {
  // a line a policy rejected comes back as ordered when the person names it without rejecting it
  const base: LineOutcome =
    settled.status === 'rejected'
      ? { ...withoutChange(settled), status: 'accepted', quantity: line.quantity }
      : settled;
  const quantity = d.quantity ?? base.quantity;
  const unitPrice = d.unitPrice ?? base.unitPrice;
  const sku = d.sku ?? base.sku;
  const out: LineOutcome = {
    ...withoutChange(base),
    quantity,
    ...(unitPrice !== undefined ? { unitPrice } : {}),
    ...(sku !== undefined ? { sku } : {}),
  };
  const substitute = d.sku !== undefined && base.sku !== undefined && d.sku !== base.sku;
  const quantityChanged = compareDecimal(quantity, line.quantity) !== 0;
  const priceChanged =
    unitPrice !== undefined &&
    line.unitPrice !== undefined &&
    compareDecimal(unitPrice, line.unitPrice) !== 0;
  // what the person changed, in words; when nothing, the reason a policy gave stands
  const said: string[] = [];
  if (d.status === 'backorder') said.push('backordered');
  if (substitute) said.push(`SKU ${d.sku} instead of ${base.sku}`);
  if (d.quantity !== undefined && quantityChanged)
    said.push(`quantity ${line.quantity} changed to ${quantity}`);
  if (d.unitPrice !== undefined && priceChanged)
    said.push(`unit price ${line.unitPrice} changed to ${unitPrice}`);
  const reason = said.length > 0 ? `${said.join('; ')} ${REVIEWED}` : base.reason;
  const withReason = (o: LineOutcome): LineOutcome => (reason !== undefined ? { ...o, reason } : o);

  // the same precedence as settle: rejected, backordered, substituted, quantity, then price changed
  if (d.status === 'reject' || (d.quantity !== undefined && compareDecimal(d.quantity, '0') === 0))
    return { ...out, status: 'rejected', quantity: '0', reason: `rejected ${REVIEWED}` };
  if (d.status === 'backorder' || (d.status === undefined && base.status === 'backordered'))
    return withReason({ ...out, status: 'backordered' });
  if (substitute) {
    const sku = d.sku as string;
    const gtin = catalog.products.get(sku)?.gtin;
    return withReason({ ...out, status: 'substituted', items: { sku, ...(gtin ? { gtin } : {}) } });
  }
  if (quantityChanged) return withReason({ ...out, status: 'quantity_changed' });
  if (priceChanged) return withReason({ ...out, status: 'price_changed' });
  return withReason({ ...out, status: 'accepted' });
}

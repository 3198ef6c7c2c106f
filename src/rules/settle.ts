import type { Diagnostic } from '../core/diagnostic.ts';
import type { LineOutcomeStatus } from '../core/documents.ts';
import type { ItemIds, Order, OrderLine } from '../core/order.ts';
import type { ResolvedWholesaleSettings } from '../core/wholesale-settings.ts';
import { compareDecimal, maxDecimal, nextMultipleUp } from './decimal-math.ts';
import { isChecked, lineSkus } from './finding.ts';
import { listPrice, pricingFor } from './price-lookup.ts';
import { multipleOf } from './quantity.rule.ts';
import type { Product, RuleContext } from './rule.ts';

/** What happens to one order line: its status for the 855 (ACK01), quantity, price and our SKU. */
export interface LineOutcome {
  lineNumber: string;
  status: LineOutcomeStatus;
  /** What is shipped (or backordered); '0' for a rejected line. */
  quantity: string;
  unitPrice?: string;
  /** Our SKU, on every line whose item resolved (or a person named). */
  sku?: string;
  /** A substituted line: the identifiers of the item sent instead. */
  items?: ItemIds;
  /** Why the line changed, in words for the partner (the 855's and the reply mail's note). */
  reason?: string;
}

/** What the partner's policies made of an order's findings. */
export interface Settlement {
  /** One outcome per order line, in order: the policies applied, held findings not (yet). */
  lines: LineOutcome[];
  /** Findings a policy decided (the line shows how), or made moot by rejecting their line. */
  settled: Diagnostic[];
  /** Findings that hold the order for a person (an exception); empty: the order goes on by itself. */
  forPerson: Diagnostic[];
}

/**
 * Findings always left to a person: no policy can decide them. A discontinued item's substitute changes what
 * the partner gets; an unknown ship-to, passed dates, credit, approval and a duplicate PO concern the whole
 * order; and a price nobody agreed on (`price.missing`) is a commercial decision.
 */
const FOR_PERSON = new Set<string>([
  'item.discontinued',
  'price.missing',
  'shipto.unknown',
  'credit.limit_exceeded',
  'dates.window_passed',
  'approval.required',
  'order.duplicate_po',
]);

/** Findings a partner's policy may decide, per line. */
const BY_POLICY = new Set<string>([
  'item.unknown',
  'price.mismatch',
  'quantity.below_moq',
  'quantity.not_multiple',
  'inventory.short',
]);

/** Findings that concern a line, as its own (settled with it when the line is rejected). */
const LINE_FINDINGS = new Set<string>([...BY_POLICY, 'item.discontinued', 'price.missing']);

/** Status precedence when several changes meet on a line: the first that applies is the line's status. */
function statusOf(state: LineState): LineOutcomeStatus {
  if (state.rejected) return 'rejected';
  if (state.backordered) return 'backordered';
  if (compareDecimal(state.quantity, state.line.quantity) !== 0) return 'quantity_changed';
  if (state.priceChanged) return 'price_changed';
  return 'accepted';
}

interface LineState {
  line: OrderLine;
  quantity: string;
  unitPrice: string | undefined;
  rejected: boolean;
  backordered: boolean;
  priceChanged: boolean;
  reasons: string[];
}

/**
 * Applies the partner's policies to an order's findings (from checkOrder), line by line. Pure.
 *
 * Per line, in this order, a rejected line staying rejected (its remaining findings settled with it):
 * 1. `item.unknown` — `unknownItem`: hold (for a person) or reject-line.
 * 2. `quantity.below_moq`, `quantity.not_multiple` — `quantityRule`: round-up (to the MOQ, then up to the
 *    multiple), hold, or reject-line; absent, a multiple is rounded up and a quantity below the MOQ held.
 * 3. `price.mismatch` — `priceMismatch`: accept-ours (our tier price, IP), hold, or reject-line.
 * 4. `inventory.short` — `shortage`: backorder (IB, the whole line at its quantity, after any rounding),
 *    ship-available (IQ: the quantity the finding found available; rejected when none), or hold. The
 *    rule's available quantity is advice: a line rounded up beyond it is caught by the reservation on
 *    acceptance ({@link applyShortage}), which counts.
 * 5. `item.discontinued`, `price.missing` and every order-level finding: for a person.
 *
 * A held finding leaves its line as ordered, so a person who accepts the order accepts the line as it
 * stands. Status when changes meet: rejected, then backordered, then quantity_changed, then price_changed
 * (the outcome carries both the quantity and the price). Every line carries a unit price where one is known:
 * the buyer's, else our tier price for the quantity ordered, its reason naming the list; such a line stays
 * `accepted` (the buyer left the price open, nothing of theirs changed; the 855 states ours in ACK04). Prices
 * are those of the quantity ordered, also when a policy rounds it into another tier: what the buyer priced.
 * Findings of other codes (structural warnings) are none of settle's business and land in neither list; a
 * finding about a line the order does not have goes to a person.
 */
export function settle(order: Order, findings: readonly Diagnostic[], context: RuleContext): Settlement {
  const { settings, catalog } = context;
  const settled: Diagnostic[] = [];
  const forPerson: Diagnostic[] = [];
  const byLine = new Map<string, Diagnostic[]>();
  for (const d of findings) {
    if (d.line !== undefined && LINE_FINDINGS.has(d.code)) {
      const of = byLine.get(d.line);
      if (of) of.push(d);
      else byLine.set(d.line, [d]);
    } else if (FOR_PERSON.has(d.code) || BY_POLICY.has(d.code)) forPerson.push(d);
  }
  const pricing = isChecked(order) ? pricingFor(order, context.priceLists) : undefined;
  const skus = lineSkus(order, catalog);
  const lines: LineOutcome[] = [];
  for (let i = 0; i < order.lines.length; i++) {
    const line = order.lines[i] as OrderLine;
    const sku = skus[i];
    // the buyer's price, else ours (the 855 states the price the buyer left open)
    const ours =
      line.unitPrice === undefined && sku !== undefined && pricing !== undefined
        ? listPrice(sku, line.quantity, pricing)
        : undefined;
    const unitPrice = line.unitPrice ?? ours?.unitPrice;
    const found = byLine.get(line.lineNumber);
    const outcome: LineOutcome = { lineNumber: line.lineNumber, status: 'accepted', quantity: line.quantity };
    if (unitPrice !== undefined) outcome.unitPrice = unitPrice;
    if (sku !== undefined) outcome.sku = sku;
    if (ours !== undefined) outcome.reason = `unit price ${ours.unitPrice} from price list ${ours.listId}`;
    if (found !== undefined) {
      byLine.delete(line.lineNumber);
      const state: LineState = {
        line,
        quantity: line.quantity,
        unitPrice,
        rejected: false,
        backordered: false,
        priceChanged: false,
        reasons: outcome.reason !== undefined ? [outcome.reason] : [],
      };
      const product = sku === undefined ? undefined : catalog.products.get(sku);
      const decided = settleLine(state, found, settings, product);
      for (const d of found) (decided.has(d) ? settled : forPerson).push(d);
      outcome.status = statusOf(state);
      outcome.quantity = state.rejected ? '0' : state.quantity;
      if (state.unitPrice !== undefined) outcome.unitPrice = state.unitPrice;
      if (state.reasons.length > 0) outcome.reason = state.reasons.join('; ');
    }
    lines.push(outcome);
  }
  // findings about a line the order does not have: no policy can apply, a person looks
  for (const left of byLine.values()) forPerson.push(...left);
  return { lines, settled, forPerson };
}

/** Which of a line's findings its policies decide, applying them to `state`; the rest are for a person. */
function settleLine(
  state: LineState,
  found: readonly Diagnostic[],
  settings: ResolvedWholesaleSettings,
  product: Product | undefined,
): Set<Diagnostic> {
  const decided = new Set<Diagnostic>();
  if (found.length === 0) return decided;
  const of = (code: string) => found.find((d) => d.code === code);
  const reject = (reason: string) => {
    state.rejected = true;
    state.reasons.push(reason);
  };

  const unknown = of('item.unknown');
  if (unknown && settings.unknownItem === 'reject-line') {
    decided.add(unknown);
    reject('unknown item');
  }

  const belowMoq = of('quantity.below_moq');
  const notMultiple = of('quantity.not_multiple');
  const moqPolicy = settings.quantityRule ?? 'hold';
  const multiplePolicy = settings.quantityRule ?? 'round-up';
  if (!state.rejected && belowMoq && moqPolicy === 'reject-line') {
    decided.add(belowMoq);
    reject(`quantity ${state.line.quantity} is below the minimum order quantity ${belowMoq.expected}`);
  }
  if (!state.rejected && notMultiple && multiplePolicy === 'reject-line') {
    decided.add(notMultiple);
    const multiple = product ? multipleOf(product) : undefined;
    reject(`quantity ${state.line.quantity} is not a multiple of ${multiple ?? 'the pack'}`);
  }
  if (!state.rejected) {
    const roundMoq = belowMoq !== undefined && moqPolicy === 'round-up';
    const roundMultiple = notMultiple !== undefined && multiplePolicy === 'round-up';
    let quantity = state.quantity;
    if (roundMoq && belowMoq) {
      decided.add(belowMoq);
      quantity = maxDecimal(quantity, belowMoq.expected ?? quantity);
    }
    if (roundMultiple && notMultiple) decided.add(notMultiple);
    if (roundMoq || roundMultiple) {
      // to the MOQ first, then up to the multiple (MOQ 10, multiple 6, 6 ordered: 12)
      const multiple = product ? multipleOf(product) : undefined;
      if (multiple !== undefined) quantity = nextMultipleUp(quantity, multiple);
      else if (roundMultiple && notMultiple?.expected !== undefined)
        quantity = maxDecimal(quantity, notMultiple.expected);
    }
    if (compareDecimal(quantity, state.quantity) !== 0) {
      state.reasons.push(`quantity rounded up from ${state.line.quantity} to ${quantity}`);
      state.quantity = quantity;
    }
  }

  const mismatch = of('price.mismatch');
  if (!state.rejected && mismatch) {
    if (settings.priceMismatch === 'reject-line') {
      decided.add(mismatch);
      reject(`unit price ${mismatch.found} is not our price ${mismatch.expected}`);
    } else if (settings.priceMismatch === 'accept-ours' && mismatch.expected !== undefined) {
      decided.add(mismatch);
      state.unitPrice = mismatch.expected;
      state.priceChanged = true;
      state.reasons.push(`our unit price ${mismatch.expected} instead of ${mismatch.found}`);
    }
  }

  const short = of('inventory.short');
  if (!state.rejected && short && settings.shortage !== 'hold') {
    decided.add(short);
    const available = short.expected ?? '0';
    if (settings.shortage === 'backorder') {
      state.backordered = true;
      state.reasons.push(`backordered: ${available} available`);
    } else if (compareDecimal(available, '0') > 0) {
      state.reasons.push(`only ${available} of ${state.quantity} available: ${available} shipped`);
      state.quantity = available;
    } else reject('none available');
  }

  // a rejected line's other findings are moot: the rejection decided them
  if (state.rejected) for (const d of found) decided.add(d);
  return decided;
}

/**
 * A line's outcome once the atomic stock reservation (on acceptance) found only `reservable` of it: the
 * reservation is authoritative, the inventory rule only advised. Per the `shortage` policy: backorder → the
 * whole line backordered at its quantity; ship-available → quantity_changed to what is reservable (rejected
 * when nothing is); hold → 'hold' (a person decides). A line that needs no stock (rejected, backordered) or
 * finds enough comes back as it is.
 */
export function applyShortage(
  line: LineOutcome,
  reservable: string,
  settings: Pick<ResolvedWholesaleSettings, 'shortage'>,
): LineOutcome | 'hold' {
  if (line.status === 'rejected' || line.status === 'backordered') return line;
  if (compareDecimal(reservable, line.quantity) >= 0) return line;
  const because = (reason: string) => (line.reason ? `${line.reason}; ${reason}` : reason);
  switch (settings.shortage) {
    case 'hold':
      return 'hold';
    case 'backorder':
      return { ...line, status: 'backordered', reason: because(`backordered: ${reservable} available`) };
    case 'ship-available':
      return compareDecimal(reservable, '0') > 0
        ? {
            ...line,
            status: 'quantity_changed',
            quantity: reservable,
            reason: because(`only ${reservable} of ${line.quantity} available: ${reservable} shipped`),
          }
        : { ...line, status: 'rejected', quantity: '0', reason: because('none available') };
  }
}

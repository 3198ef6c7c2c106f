/**
 * Orders for the wholesale rules bench against the seeded master data (bench/rules-data.ts): lines that resolve
 * by SKU, UPC, the partner's item number or the partner's own GTIN, priced as the partner's lists say, a few
 * with findings planted (a {@link Mix}); and a line as an 850 PO1 segment.
 */
import type { Order, OrderLine } from '../src/core/order.ts';
import { orderOf } from '../src/rules/fixtures/builders.ts';
import { listPrice, pricingFor } from '../src/rules/price-lookup.ts';
import type { Product } from '../src/rules/rule.ts';
import { seededRandom } from '../test/support/seeded-random.ts';
import { cents, type MasterData, money } from './rules-data.ts';

/** How often (per line, per order) the generator plants a finding; all zero: every line is right. */
export interface Mix {
  unknown: number;
  discontinued: number;
  short: number;
  notMultiple: number;
  belowMoq: number;
  priceOff: number;
  shipToUnknown: number;
  datePassed: number;
  duplicate: number;
}

export const REALISTIC: Mix = {
  unknown: 0.001,
  discontinued: 0.0005,
  short: 0.001,
  notMultiple: 0.0015,
  belowMoq: 0.001,
  priceOff: 0.0015,
  shipToUnknown: 0.003,
  datePassed: 0.003,
  duplicate: 0.003,
};
export const CLEAN: Mix = Object.fromEntries(Object.keys(REALISTIC).map((k) => [k, 0])) as unknown as Mix;

/** A generated order, and whether the validate stage would have found its PO number taken. */
export interface BenchOrder {
  order: Order;
  duplicatePo: boolean;
}

/** Orders of seeded partners (or one), lines by a mix of identifiers, priced as the partner's lists say. */
export function generateOrders(
  master: MasterData,
  count: number,
  lines: number,
  options: {
    seed: number;
    mix: Mix;
    partner?: string;
    poDates?: readonly string[];
    requestedDelivery?: string;
  },
): BenchOrder[] {
  const r = seededRandom(options.seed);
  const pick = <T>(of: readonly T[]) => of[Math.floor(r() * of.length)] as T;
  const { mix } = options;
  const clean = Object.values(mix).every((v) => v === 0);
  const poDates = options.poDates ?? ['2026-02-16', '2026-02-23', '2026-03-01', '2026-03-01'];
  const pricing = new Map<string, ReturnType<typeof pricingFor>>();
  const out: BenchOrder[] = [];
  for (let n = 0; n < count; n++) {
    const partner = options.partner ? master.partnerById.get(options.partner)! : pick(master.partners);
    const poDate = pick(poDates);
    const key = `${partner.id}|${poDate}`;
    if (!pricing.has(key))
      pricing.set(
        key,
        pricingFor(
          { poDate, currency: 'USD' },
          partner.lists.map((l) => ({ ...l, forPartner: l.partners.length > 0 })),
        ),
      );
    const prices = pricing.get(key)!;
    const orderLines: OrderLine[] = [];
    for (let l = 1; l <= lines; l++) {
      const lineNumber = String(l);
      if (r() < mix.unknown) {
        orderLines.push({
          lineNumber,
          quantity: '10',
          uom: 'EA',
          unitPrice: '9.99',
          items: { buyerItem: `NOSUCH-${n}-${l}` },
        });
        continue;
      }
      const what = r();
      const short = what >= mix.discontinued && what < mix.discontinued + mix.short;
      let product: Product;
      let quantity: string;
      let ours: string | undefined;
      // a line of a clean mix takes a product some list prices (about 1 SKU in 1,000 is priced by none)
      do {
        product =
          what < mix.discontinued
            ? pick(master.discontinued)
            : short
              ? pick(master.lowStock)
              : pick(master.plain);
        const multiple = Number(product.orderMultiple ?? product.packSize ?? '1');
        const moq = Number(product.moq ?? '0');
        let q = multiple * (1 + Math.floor(r() * 12));
        if (q < moq) q = Math.ceil(moq / multiple) * multiple;
        if (short) q = Math.max(q, 24);
        const odd = r();
        if (odd < mix.notMultiple && multiple > 1) q += 1;
        else if (odd < mix.notMultiple + mix.belowMoq && moq > multiple) q = multiple;
        quantity = String(q);
        ours = listPrice(product.sku, quantity, prices)?.unitPrice;
      } while (ours === undefined && clean);
      const unitPrice = ours !== undefined && r() < mix.priceOff ? money(cents(ours) + 25) : ours;
      const how = r();
      const buyerItem = partner.itemOf.get(product.sku);
      const theirGtin = partner.gtinOf.get(product.sku);
      const items: OrderLine['items'] =
        buyerItem !== undefined && how < 0.9
          ? { buyerItem, ...(product.gtin ? { upc: product.gtin.slice(2) } : {}) }
          : theirGtin !== undefined
            ? { gtin: theirGtin }
            : product.gtin !== undefined && how < 0.45
              ? { upc: product.gtin.slice(2) }
              : { vendorItem: product.sku };
      orderLines.push({
        lineNumber,
        quantity,
        uom: 'EA',
        ...(unitPrice ? { unitPrice } : {}),
        items,
        description: product.description,
      });
    }
    const store = r() < mix.shipToUnknown ? '9999' : pick(partner.locations).id;
    const order = orderOf(orderLines, {
      id: `bench-${options.seed}-${n}`,
      partnerId: partner.id,
      poNumber: `PO-${options.seed}-${n}`,
      poDate,
      parties: { shipTo: { name: `Store ${store}`, idQualifier: '92', id: store } },
      dates: {
        requestedDelivery: r() < mix.datePassed ? '2026-02-27' : (options.requestedDelivery ?? '2026-03-20'),
      },
      totals: { lineCount: lines, quantity: String(orderLines.reduce((s, x) => s + Number(x.quantity), 0)) },
      source: { messageId: `msg-${options.seed}-${Math.floor(n / 100)}` },
    });
    out.push({ order, duplicatePo: r() < mix.duplicate });
  }
  return out;
}

/** Item qualifiers (X12 235) of a line's identifiers, as the default 850 mapping reads them. */
const QUALIFIER: Record<string, string> = {
  upc: 'UP',
  gtin: 'UK',
  buyerItem: 'BP',
  vendorItem: 'VN',
  sku: 'SK',
};

/** One order line as an 850 PO1 segment (without its terminator). */
export function po1(line: OrderLine): string {
  const ids = Object.entries(line.items).flatMap(([kind, value]) => [QUALIFIER[kind], value]);
  return `PO1*${line.lineNumber}*${line.quantity}*${line.uom}*${line.unitPrice ?? ''}**${ids.join('*')}`;
}

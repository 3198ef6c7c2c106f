import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { Address } from './order.ts';
import { CurrencyCode, DateString, DecimalString, orJsonNumber, QuantityString, Text } from './primitives.ts';

/**
 * The supplier's master data as the API takes it (the wholesale rules issue): products, a partner's
 * cross-references and ship-to locations, price lists, payments and stock. Quantities and money are decimal
 * strings (a JSON number is taken as the decimal it stands for, as elsewhere in the API).
 */

/** Our item number: what a line's `sku` holds once resolved. */
export const Sku = Text.max(100);

/** GS1 mod-10 over a GTIN's digits without the check digit: from the right they weigh 3, 1, 3, 1 … */
export function gs1CheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = Number(body[body.length - 1 - i]);
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * A GTIN-8, UPC-A (12), EAN-13 or GTIN-14 with a correct GS1 check digit (blanks and dashes people group the
 * digits with are dropped), turned into the GTIN-14 it stands for: zeros on the left, which never change the
 * check digit, so every form of the number finds the same product.
 */
export const Gtin = z
  .string()
  .transform((value) => value.replace(/[\s-]/g, ''))
  .refine((digits) => /^\d+$/.test(digits) && [8, 12, 13, 14].includes(digits.length), {
    message: 'must be a GTIN of 8, 12, 13 or 14 digits',
    abort: true,
  })
  .refine((digits) => gs1CheckDigit(digits.slice(0, -1)) === Number(digits.at(-1)), {
    message: 'has a wrong GS1 check digit',
    abort: true,
  })
  .transform((digits) => digits.padStart(14, '0'));

/** False for a decimal of zero or less; anything that is no decimal its own schema refuses already. */
const isPositive = (value: string) => decimalOf(value)?.gt(0) ?? true;

function decimalOf(value: string): Decimal | undefined {
  try {
    return new Decimal(value);
  } catch {
    return undefined;
  }
}

/** A quantity that must be more than zero (pack size, order multiple). */
const PositiveQuantity = orJsonNumber(QuantityString).refine(
  // a negative one is refused by QuantityString: one message per mistake
  (value) => !/^0(\.0+)?$/.test(value),
  'must be more than 0',
);

/** A non-negative amount of money (a unit price). */
const Price = orJsonNumber(DecimalString).refine((v) => !v.startsWith('-'), 'must not be negative');

/** A product (`POST /v1/products`): saving one whose SKU exists replaces every field but its history. */
export const ProductInput = z.object({
  sku: Sku,
  /** Stored as the GTIN-14 it stands for. */
  gtin: Gtin.optional(),
  description: Text.max(500),
  /** The unit it is sold in (X12 355: EA, CA …), as the partner's lines name it. */
  uom: Text.max(20),
  /** Units per pack: a quantity that is no multiple of it is `quantity.not_multiple` (without `orderMultiple`). */
  packSize: PositiveQuantity.optional(),
  /** Minimum order quantity (`quantity.below_moq`). */
  moq: orJsonNumber(QuantityString).optional(),
  /** Quantities must be a multiple of it (`quantity.not_multiple`). */
  orderMultiple: PositiveQuantity.optional(),
  status: z.enum(['active', 'discontinued']).default('active'),
  /** SKUs proposed instead of a discontinued one (`item.discontinued`); each must be a product. */
  substitutes: z.array(Sku).max(50).default([]),
});
export type ProductInput = z.infer<typeof ProductInput>;

/** A partner's name for one of our SKUs: its own item number, a GTIN it uses, or both. */
export const CrossReferenceInput = z
  .object({ buyerItem: Text.max(100).optional(), gtin: Gtin.optional(), sku: Sku })
  .refine((x) => x.buyerItem !== undefined || x.gtin !== undefined, {
    message: 'name the buyerItem, the gtin or both',
    path: ['buyerItem'],
  });
export type CrossReferenceInput = z.infer<typeof CrossReferenceInput>;

/** A partner's store or distribution centre by the number the partner sends (N1*ST N104, a "Ship to" cell). */
export const LocationInput = z.object({
  id: Text.max(100),
  name: Text.max(200),
  address: Address,
  /** The X12 N103 qualifier the number comes with (92, UL …); absent: any. */
  qualifier: Text.max(10).optional(),
});
export type LocationInput = z.infer<typeof LocationInput>;

/** A price from a quantity on: the tier applies to quantities of at least `minQuantity`. */
export const PriceTier = z.object({ minQuantity: orJsonNumber(QuantityString), unitPrice: Price });
export type PriceTier = z.infer<typeof PriceTier>;

/** One SKU's tiers, lowest quantity first, each quantity above the one before. */
export const SkuPrice = z.object({
  sku: Sku,
  tiers: z
    .array(PriceTier)
    .min(1)
    .max(100)
    .superRefine((tiers, ctx) => {
      for (let i = 1; i < tiers.length; i++) {
        const [before, at] = [decimalOf(tiers[i - 1]!.minQuantity), decimalOf(tiers[i]!.minQuantity)];
        if (before !== undefined && at !== undefined && !at.gt(before))
          ctx.addIssue({
            code: 'custom',
            path: [i, 'minQuantity'],
            message: `must be more than the tier before's ${tiers[i - 1]!.minQuantity}`,
          });
      }
    }),
});
export type SkuPrice = z.infer<typeof SkuPrice>;

/**
 * A price list, saved whole (`POST /v1/price-lists`): saving a list whose id exists replaces its partners and
 * prices. No partners: a general list; a partner-specific list wins over a general one.
 */
export const PriceListInput = z
  .object({
    id: Text.max(100),
    currency: CurrencyCode,
    validFrom: DateString,
    /** The last day the list applies (inclusive); absent: open-ended. */
    validTo: DateString.optional(),
    partners: z.array(Text.max(100)).max(10_000).default([]),
    prices: z.array(SkuPrice).max(200_000),
  })
  .superRefine((list, ctx) => {
    if (list.validTo !== undefined && list.validTo < list.validFrom)
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'must not be before validFrom' });
    const seen = new Map<string, number>();
    for (const [i, price] of list.prices.entries()) {
      const first = seen.get(price.sku);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['prices', i, 'sku'],
          message: `${price.sku} is priced twice (prices.${first} too)`,
        });
      else seen.set(price.sku, i);
    }
    if (new Set(list.partners).size !== list.partners.length)
      ctx.addIssue({ code: 'custom', path: ['partners'], message: 'names a partner twice' });
  });
export type PriceListInput = z.infer<typeof PriceListInput>;

/** An ISO date-time with an offset, or a date (midnight UTC). */
const Instant = z.union([z.iso.datetime({ offset: true }), DateString], {
  error: 'must be an ISO date-time such as "2026-03-01T10:00:00Z" or a date YYYY-MM-DD',
});

/** A payment's part that pays one invoice. */
export const Allocation = z.object({
  invoiceNumber: Text.max(100),
  amount: orJsonNumber(DecimalString).refine(isPositive, 'must be more than 0'),
});
export type Allocation = z.infer<typeof Allocation>;

/**
 * Money received from a partner (`POST /v1/partners/:id/payments`), once per `reference`: the same payment
 * sent again is the one recorded. Allocations pay the invoices named; the rest pays the oldest open invoices.
 */
export const PaymentInput = z
  .object({
    amount: orJsonNumber(DecimalString).refine(isPositive, 'must be more than 0'),
    currency: CurrencyCode,
    /** The partner's remittance reference. */
    reference: Text.max(100),
    receivedAt: Instant,
    allocations: z.array(Allocation).max(10_000).default([]),
  })
  .superRefine((payment, ctx) => {
    const amounts = [payment.amount, ...payment.allocations.map((a) => a.amount)].map(decimalOf);
    // a bad amount is its own schema's message
    if (amounts.some((a) => a === undefined) || !amounts[0]!.gt(0)) return;
    const allocated = amounts.slice(1).reduce((sum: Decimal, a) => sum.plus(a!), new Decimal(0));
    if (allocated.gt(amounts[0]!))
      ctx.addIssue({
        code: 'custom',
        path: ['allocations'],
        message: `allocate at most the amount ${payment.amount} (they add up to ${allocated.toFixed()})`,
      });
  });
export type PaymentInput = z.infer<typeof PaymentInput>;

/** Stock of one SKU in one warehouse (`PUT /v1/inventory`): sets what is on hand; reservations stay. */
export const InventoryItem = z.object({
  sku: Sku,
  warehouse: Text.max(100),
  onHand: orJsonNumber(QuantityString),
});
export type InventoryItem = z.infer<typeof InventoryItem>;

/** The body of `PUT /v1/inventory`. */
export const InventoryInput = z.array(InventoryItem);
export type InventoryInput = z.infer<typeof InventoryInput>;

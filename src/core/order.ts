import { z } from 'zod';
import { CurrencyCode, DateString, DecimalString, QuantityString, Text } from './primitives.ts';

/** The channels an order can arrive through (DESIGN §4). */
export const Channel = z.enum(['x12', 'email', 'csv', 'portal', 'cxml', 'api']);
export type Channel = z.infer<typeof Channel>;

/** A postal address; `lines` are the street lines as the partner wrote them. */
export const Address = z.object({
  lines: z.array(z.string()).default([]),
  city: z.string().optional(),
  region: z.string().optional(),
  postalCode: z.string().optional(),
  country: z.string().optional(),
});
export type Address = z.infer<typeof Address>;

/** A trading party: buyer, bill-to, ship-to, seller, mark-for. `idQualifier` is e.g. X12 N103 ("92", "UL"). */
export const Party = z.object({
  name: z.string().optional(),
  idQualifier: z.string().optional(),
  id: z.string().optional(),
  address: Address.optional(),
});
export type Party = z.infer<typeof Party>;

/** The parties of an order by role. */
export const Parties = z.object({
  buyer: Party.optional(),
  billTo: Party.optional(),
  shipTo: Party.optional(),
  seller: Party.optional(),
  markFor: Party.optional(),
});

/** Identifiers of an item; a line carries every one the partner sent. */
export const ItemIds = z.object({
  upc: z.string().optional(),
  gtin: z.string().optional(),
  ean: z.string().optional(),
  buyerItem: z.string().optional(),
  vendorItem: z.string().optional(),
  sku: z.string().optional(),
});
export type ItemIds = z.infer<typeof ItemIds>;

/** How a line's unit is packed (X12 PO4): inner packs, size and its unit. */
export const Pack = z.object({
  innerPack: QuantityString.optional(),
  size: QuantityString.optional(),
  uom: z.string().optional(),
});

/** Store distribution (X12 SDQ): how much of a line goes to which location. */
export const Destination = z.object({ locationId: Text, quantity: QuantityString });

/** One line of an order: what, how many, in which unit, at what price. */
export const OrderLine = z.object({
  lineNumber: Text,
  quantity: QuantityString,
  uom: Text,
  unitPrice: DecimalString.optional(),
  items: ItemIds,
  description: z.string().optional(),
  pack: Pack.optional(),
  destinations: z.array(Destination).optional(),
  /** Only on change orders (X12 860 POC01): what this line does to the original order. */
  change: z
    .enum(['add', 'delete', 'quantity_increase', 'quantity_decrease', 'price_change', 'change', 'replace'])
    .optional(),
});
export type OrderLine = z.infer<typeof OrderLine>;

/** Payment terms (X12 ITD): discount percent within discount days, else net days. */
export const Terms = z.object({
  discountPercent: DecimalString.optional(),
  discountDays: z.number().int().nonnegative().optional(),
  netDays: z.number().int().nonnegative().optional(),
  description: z.string().optional(),
});

/** One reference as the partner sent it: its qualifier (X12 REF01) and value. */
export const RawReference = z.object({ qualifier: Text, value: z.string() });

/** Named references plus every raw qualifier/value pair, so nothing a partner sent is lost. */
export const References = z
  .object({
    department: z.string().optional(),
    vendorNumber: z.string().optional(),
    promotion: z.string().optional(),
    raw: z.array(RawReference).default([]),
  })
  .catchall(z.union([z.string(), z.array(RawReference)]));

/** Where an order sat in its X12 interchange: ISA13, GS06, ST02. */
export const InterchangeControl = z.object({ interchange: Text, group: Text, transaction: Text });

/** Where an order came from: the stored message, its control numbers and the transport's sender/receiver. */
export const OrderSource = z.object({
  messageId: Text,
  control: InterchangeControl.optional(),
  sender: z.string().optional(),
  receiver: z.string().optional(),
});

/** The canonical order every connector produces (DESIGN §4; field names are a public contract). */
export const Order = z
  .object({
    id: Text,
    partnerId: Text,
    channel: Channel,
    poNumber: Text,
    poDate: DateString,
    purpose: z.enum(['original', 'replace', 'cancel', 'confirmation']),
    orderType: z.string(),
    currency: CurrencyCode,
    parties: Parties,
    dates: z.object({
      requestedShip: DateString.optional(),
      requestedDelivery: DateString.optional(),
      cancelAfter: DateString.optional(),
      shipNotBefore: DateString.optional(),
    }),
    terms: Terms.optional(),
    carrier: z
      .object({ scac: z.string().optional(), method: z.string().optional(), routing: z.string().optional() })
      .optional(),
    references: References,
    lines: z.array(OrderLine),
    totals: z.object({
      lineCount: z.number().int().nonnegative(),
      quantity: QuantityString,
      amount: DecimalString.optional(),
    }),
    notes: z.array(z.string()).default([]),
    source: OrderSource,
  })
  .refine((order) => order.purpose === 'cancel' || order.lines.length > 0, {
    message: 'an order needs at least one line (only a cancellation may have none)',
    path: ['lines'],
  });
export type Order = z.infer<typeof Order>;
/** An order before defaults are applied (what a connector may build). */
export type OrderInput = z.input<typeof Order>;

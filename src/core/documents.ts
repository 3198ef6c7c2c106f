import { z } from 'zod';
import { ItemIds, OrderLine, Terms } from './order.ts';
import { DateString, DecimalString, orJsonNumber, QuantityString, Text } from './primitives.ts';

/**
 * What the supplier does with one line: accepted as ordered (855 ACK01 IA), backordered (IB), at our price
 * (IP), in another quantity (IQ), rejected (IR), or another item sent in its place (IS, `items` naming it).
 */
export const LineOutcomeStatus = z.enum([
  'accepted',
  'backordered',
  'price_changed',
  'quantity_changed',
  'rejected',
  'substituted',
]);
export type LineOutcomeStatus = z.infer<typeof LineOutcomeStatus>;

/** The supplier's answer to an order (becomes an X12 855). */
export const Acknowledgment = z.object({
  orderId: Text,
  status: z.enum(['accepted', 'accepted_with_changes', 'rejected']),
  /** The supplier's own order number (855 BAK08), once the ERP has recorded the order. */
  erpOrderNumber: z.string().trim().min(1).max(30).optional(),
  lines: z.array(
    z.object({
      lineNumber: Text,
      status: LineOutcomeStatus,
      quantity: QuantityString,
      unitPrice: DecimalString.optional(),
      /** A substituted line: the identifiers of the item sent instead (our SKU, its GTIN). */
      items: ItemIds.optional(),
      reason: z.string().optional(),
    }),
  ),
});
export type Acknowledgment = z.infer<typeof Acknowledgment>;

/**
 * The supplier's answer to a change order (an 860, or a spreadsheet re-sent as a change) once applied to the
 * live order (becomes an X12 865, GS01 CA). `orderId` is the order changed, `changeOrderId` the change order
 * itself; each line is one the change touched: the change the buyer asked for (`change`, the order line's
 * own field: absent for a line answered without being changed, e.g. backordered again) and what the supplier
 * does with it, as in an {@link Acknowledgment}. No lines: the change as a whole (a cancellation).
 */
export const ChangeAcknowledgment = z.object({
  orderId: Text,
  changeOrderId: Text,
  status: Acknowledgment.shape.status,
  /** The buyer's change order sequence number (860 BCH-05), echoed in 865 BCA-05. */
  changeSequence: z.string().trim().min(1).max(8).optional(),
  /** The supplier's own order number (865 BCA-09), once the ERP has recorded the order. */
  erpOrderNumber: Acknowledgment.shape.erpOrderNumber,
  lines: z.array(
    z.object({
      lineNumber: Text,
      change: OrderLine.shape.change,
      status: LineOutcomeStatus,
      quantity: QuantityString,
      unitPrice: DecimalString.optional(),
      /** A substituted line: the identifiers of the item sent instead (our SKU, its GTIN). */
      items: ItemIds.optional(),
      reason: z.string().optional(),
    }),
  ),
});
export type ChangeAcknowledgment = z.infer<typeof ChangeAcknowledgment>;

const Carrier = z.object({ scac: z.string().optional(), method: z.string().optional() });

/**
 * Line numbers, quantities, prices and amounts of the documents a client asks for over HTTP: the decimal
 * string, or a JSON number (what every API client sends), kept as the decimal string it stands for.
 */
const LineNumberInput = orJsonNumber(Text);
const QuantityInput = orJsonNumber(QuantityString);
const DecimalInput = orJsonNumber(DecimalString);

/** What left the warehouse (becomes an X12 856). `items` default to the order line's. */
export const Shipment = z.object({
  orderIds: z.array(Text).min(1),
  shipDate: DateString,
  carrier: Carrier.optional(),
  trackingNumber: z.string().optional(),
  packs: z
    .array(
      z.object({
        sscc: z.string().regex(/^\d{18}$/, 'must be an 18-digit SSCC'),
        /**
         * The SSCC-18 of the pallet (X12 856 tare level) the pack travels on, when it is palletised. Only the
         * S-O-T-P-I hierarchy writes it; packs sharing a tare are grouped under one tare level.
         */
        tare: z
          .string()
          .regex(/^\d{18}$/, 'must be an 18-digit SSCC')
          .optional(),
        lines: z
          .array(
            z.object({ lineNumber: LineNumberInput, quantity: QuantityInput, items: ItemIds.optional() }),
          )
          .min(1),
      }),
    )
    .min(1),
});
export type Shipment = z.infer<typeof Shipment>;

/** An allowance (negative effect) or charge on an invoice, X12 SAC. */
export const AllowanceCharge = z.object({
  type: z.enum(['allowance', 'charge']),
  code: z.string().optional(),
  description: z.string().optional(),
  amount: DecimalInput,
});

/** A bill for shipped goods (becomes an X12 810). Lines default to shipped-not-invoiced; prices to the order's. */
export const Invoice = z.object({
  invoiceNumber: Text,
  orderId: Text,
  invoiceDate: DateString,
  terms: Terms.optional(),
  lines: z
    .array(
      z.object({ lineNumber: LineNumberInput, quantity: QuantityInput, unitPrice: DecimalInput.optional() }),
    )
    .optional(),
  allowancesCharges: z.array(AllowanceCharge).optional(),
  total: DecimalInput,
});
export type Invoice = z.infer<typeof Invoice>;

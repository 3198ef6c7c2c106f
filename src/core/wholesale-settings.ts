import { z } from 'zod';
import { DecimalString } from './primitives.ts';

/** The kinds of exception a person works, for SLA hours and owners per type. */
export const EXCEPTION_TYPES = [
  'item',
  'price',
  'quantity',
  'inventory',
  'shipto',
  'credit',
  'dates',
  'approval',
  'order',
  'change',
  'email',
  'file',
  'x12',
  'other',
] as const;
export type ExceptionType = (typeof EXCEPTION_TYPES)[number];

/**
 * The wholesale terms and policies of a partner's agreement (the wholesale rules issue). Absent keys take
 * the defaults of {@link wholesaleDefaults}; a policy decides what happens to a finding without a person,
 * `hold` leaves it to one (an exception).
 */
export const WholesaleSettings = z.object({
  /** Most the partner may owe: open invoices minus payments, plus the order at hand (`credit.limit_exceeded`). */
  creditLimit: DecimalString.optional(),
  /** Days after the invoice date an invoice falls due (days overdue in the balance). */
  paymentTermsDays: z.number().int().min(0).max(365).optional(),
  /** An order worth more than this needs a person's approval (`approval.required`). */
  approvalThreshold: DecimalString.optional(),
  /** A buyer's price that differs from the tier price: take ours (IP), hold for a person, or reject the line. */
  priceMismatch: z.enum(['accept-ours', 'hold', 'reject-line']).optional(),
  /** Largest difference between the buyer's and our unit price still taken as equal (rounding). */
  priceTolerance: DecimalString.optional(),
  /**
   * A quantity below the MOQ or not a multiple of `orderMultiple`/the pack size: round up (IQ), hold, or reject
   * the line. Absent: round up to a multiple, hold below the MOQ.
   */
  quantityRule: z.enum(['round-up', 'hold', 'reject-line']).optional(),
  /** More ordered than available: backorder the line (IB), ship what is available (IQ), or hold. */
  shortage: z.enum(['backorder', 'ship-available', 'hold']).optional(),
  /** An item no SKU, GTIN or cross-reference resolves: hold for a person, or reject the line (IR). */
  unknownItem: z.enum(['hold', 'reject-line']).optional(),
  /**
   * Hours the partner gives us to answer an order (retail compliance programs fine late 855s): every
   * exception on an order is due before it, less a margin.
   */
  responseDeadlineHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .optional(),
  /** Hours a person has for an exception, per type; missing types take the built-in SLA. */
  exceptionSlaHours: z
    .partialRecord(
      z.enum(EXCEPTION_TYPES),
      z
        .number()
        .min(0.25)
        .max(24 * 30),
    )
    .optional(),
  /** Who works this partner's exceptions unless someone takes them (an e-mail address or a user name). */
  exceptionOwner: z.string().trim().min(1).max(254).optional(),
  /** How an applied change order (860) is answered: an 865, an 855 of the changed order, or not at all. */
  changeAck: z.enum(['865', '855', 'none']).optional(),
  /** Hold each 855 until the ERP has recorded its order number (`POST /v1/orders/:id/erp`), sent in BAK08. */
  awaitErpNumber: z.boolean().optional(),
  /** The warehouses that serve this partner, in the order stock is taken from them; absent: all of them. */
  warehouses: z.array(z.string().trim().min(1).max(100)).min(1).optional(),
});
export type WholesaleSettings = z.infer<typeof WholesaleSettings>;

/** Wholesale settings with every default applied; limits and lists without a default stay optional. */
export type ResolvedWholesaleSettings = Required<
  Omit<
    WholesaleSettings,
    | 'creditLimit'
    | 'approvalThreshold'
    | 'quantityRule'
    | 'responseDeadlineHours'
    | 'exceptionSlaHours'
    | 'exceptionOwner'
    | 'warehouses'
  >
> &
  Pick<
    WholesaleSettings,
    | 'creditLimit'
    | 'approvalThreshold'
    | 'quantityRule'
    | 'responseDeadlineHours'
    | 'exceptionSlaHours'
    | 'exceptionOwner'
    | 'warehouses'
  >;

/** The documented defaults: hold what a person should decide, backorder shortages, 30 days' terms. */
export const wholesaleDefaults = {
  paymentTermsDays: 30,
  priceMismatch: 'hold',
  priceTolerance: '0.005',
  shortage: 'backorder',
  unknownItem: 'hold',
  changeAck: '855',
  awaitErpNumber: false,
} as const satisfies Partial<ResolvedWholesaleSettings>;

/** Built-in hours a person has for an exception of each type, before the partner's own deadline caps it. */
export const DEFAULT_EXCEPTION_SLA_HOURS: Record<ExceptionType, number> = {
  item: 8,
  price: 8,
  quantity: 8,
  inventory: 8,
  shipto: 8,
  credit: 24,
  dates: 4,
  approval: 24,
  order: 24,
  change: 8,
  email: 24,
  file: 24,
  x12: 24,
  other: 24,
};

/** Areas of error codes that name the type of exception they raise under another name. */
const TYPE_OF_AREA: Record<string, ExceptionType> = { row: 'file', imap: 'email', message: 'other' };

/** The type of exception a code raises: its area (`price.mismatch` → price), or `other`. */
export function exceptionTypeOf(code: string): ExceptionType {
  const area = code.split('.')[0] ?? '';
  if (TYPE_OF_AREA[area]) return TYPE_OF_AREA[area];
  return (EXCEPTION_TYPES as readonly string[]).includes(area) ? (area as ExceptionType) : 'other';
}

/**
 * When a person must have decided an exception: its type's SLA after it opened, and never later than the
 * partner's own answer deadline for the order (`responseDeadlineHours` after the order arrived) less a margin
 * of a quarter of that deadline, at most an hour, so the 855 still goes out in time.
 */
export function exceptionDeadline(
  type: ExceptionType,
  openedAt: Date,
  settings: Pick<WholesaleSettings, 'exceptionSlaHours' | 'responseDeadlineHours'>,
  orderReceivedAt?: Date,
): Date {
  const hour = 3_600_000;
  const sla = settings.exceptionSlaHours?.[type] ?? DEFAULT_EXCEPTION_SLA_HOURS[type];
  let due = openedAt.getTime() + sla * hour;
  if (settings.responseDeadlineHours !== undefined && orderReceivedAt) {
    const deadline = settings.responseDeadlineHours * hour;
    const margin = Math.min(hour, deadline / 4);
    due = Math.min(due, orderReceivedAt.getTime() + deadline - margin);
  }
  return new Date(due);
}

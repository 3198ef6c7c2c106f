import { randomUUID } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { and, asc, eq } from 'drizzle-orm';
import { permanent } from '../../core/errors.ts';
import type { PaymentInput } from '../../core/master-data.ts';
import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { payments } from '../../db/schema.ts';
import { partnerInvoices } from '../../partners/partner-balance.ts';
import { partnerAgreement } from '../../partners/partner-lookup.ts';

/** A recorded payment. */
export interface PaymentView {
  id: string;
  partnerId: string;
  amount: string;
  currency: string;
  reference: string;
  receivedAt: string;
  allocations: { invoiceNumber: string; amount: string }[];
  createdAt: string;
}

type PaymentRow = typeof payments.$inferSelect;

function view(row: PaymentRow): PaymentView {
  return {
    id: row.id,
    partnerId: row.partnerId,
    amount: row.amount,
    currency: row.currency,
    reference: row.reference,
    receivedAt: row.receivedAt.toISOString(),
    allocations: row.allocations,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A date alone is midnight UTC of that day. */
const instant = (text: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);

/** Whether a recorded payment is the one `input` describes: the same amount, currency, time and allocations. */
function samePayment(row: PaymentRow, input: PaymentInput): boolean {
  return (
    new Decimal(row.amount).eq(input.amount) &&
    row.currency === input.currency &&
    row.receivedAt.getTime() === instant(input.receivedAt).getTime() &&
    row.allocations.length === input.allocations.length &&
    row.allocations.every(
      (a, i) =>
        a.invoiceNumber === input.allocations[i]!.invoiceNumber &&
        new Decimal(a.amount).eq(input.allocations[i]!.amount),
    )
  );
}

async function recorded(db: Database, partnerId: string, reference: string): Promise<PaymentRow | undefined> {
  const [row] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.partnerId, partnerId), eq(payments.reference, reference)));
  return row;
}

/** The recorded payment for a reference sent again: itself when it is the same, else `credit.payment_conflict`. */
function again(row: PaymentRow, input: PaymentInput): { payment: PaymentView; created: false } {
  if (samePayment(row, input)) return { payment: view(row), created: false };
  throw permanent(
    'credit.payment_conflict',
    `payment ${input.reference} is recorded with other values: a payment is recorded once per reference`,
    { details: { recorded: view(row) } },
  );
}

/**
 * Records money received from a partner (`POST /v1/partners/:id/payments`), once per (partner, reference):
 * the same payment sent again gives the recorded one (`created: false`), one with other values
 * `credit.payment_conflict` (409). Refused: no such partner (`request.not_found`), another currency than the
 * partner's (`credit.currency_mismatch`), an allocation naming no invoice of the partner
 * (`credit.unknown_invoice`). Audited.
 */
export async function recordPayment(
  db: Database,
  partnerId: string,
  input: PaymentInput,
  actor: string,
): Promise<{ payment: PaymentView; created: boolean }> {
  const agreement = await partnerAgreement(db, partnerId);
  if (agreement === undefined) throw permanent('request.not_found', `no partner ${partnerId}`);
  const earlier = await recorded(db, partnerId, input.reference);
  if (earlier !== undefined) return again(earlier, input);
  if (input.currency !== agreement.settings.defaultCurrency)
    throw permanent(
      'credit.currency_mismatch',
      `the payment is in ${input.currency}; partner ${partnerId} is invoiced in ${agreement.settings.defaultCurrency}`,
      { details: [{ path: 'currency', message: `must be ${agreement.settings.defaultCurrency}` }] },
    );
  if (input.allocations.length > 0) {
    const invoices = new Set((await partnerInvoices(db, partnerId)).map((i) => i.invoiceNumber));
    const unknown = input.allocations.flatMap((a, i) =>
      invoices.has(a.invoiceNumber)
        ? []
        : [
            {
              path: `allocations.${i}.invoiceNumber`,
              message: `no invoice ${a.invoiceNumber} of partner ${partnerId}`,
            },
          ],
    );
    if (unknown.length > 0)
      throw permanent('credit.unknown_invoice', 'an allocation names no invoice of the partner', {
        details: unknown,
      });
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(payments)
      .values({
        id: randomUUID(),
        partnerId,
        amount: input.amount,
        currency: input.currency,
        reference: input.reference,
        receivedAt: instant(input.receivedAt),
        allocations: input.allocations,
      })
      // the same reference recorded meanwhile by another request: that one is the payment
      .onConflictDoNothing({ target: [payments.partnerId, payments.reference] })
      .returning();
    if (row === undefined) return again((await recorded(tx, partnerId, input.reference))!, input);
    await audit(tx, {
      actor,
      entityType: 'payment',
      entityId: row.id,
      action: 'create',
      after: view(row),
    });
    return { payment: view(row), created: true };
  });
}

/** A partner's payments in the order received. */
export async function listPayments(db: Database, partnerId: string): Promise<PaymentView[]> {
  const rows = await db
    .select()
    .from(payments)
    .where(eq(payments.partnerId, partnerId))
    .orderBy(asc(payments.receivedAt), asc(payments.reference));
  return rows.map(view);
}

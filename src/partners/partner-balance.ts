import { and, eq, notInArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Invoice } from '../core/documents.ts';
import { permanent } from '../core/errors.ts';
import { DateString, DecimalString, Text } from '../core/primitives.ts';
import type { Database } from '../db/client.ts';
import { UNCOUNTED_DOCUMENT_STATUSES } from '../db/document-status.ts';
import { outboundDocuments, payments } from '../db/schema.ts';
import { partnerLedger } from '../rules/balance.ts';
import { partnerAgreement } from './partner-lookup.ts';

/** The fields of a stored 810's content (the canonical Invoice) the balance needs, checked as they are read. */
const InvoiceFields = z.object({
  invoiceNumber: Text,
  orderId: Text,
  invoiceDate: DateString,
  total: DecimalString,
});

/** An open invoice of a partner's balance. */
export interface BalanceInvoice {
  invoiceNumber: string;
  orderId: string;
  invoiceDate: string;
  /** invoiceDate + the partner's paymentTermsDays. */
  dueDate: string;
  total: string;
  paid: string;
  open: string;
  daysOverdue: number;
}

/** What a partner owes (`GET /v1/partners/:id/balance`, and the credit rule's open balance). */
export interface PartnerBalance {
  /** The partner's currency (its `defaultCurrency` setting). */
  currency: string;
  /** Open invoices minus unapplied payments: negative when the partner has credit. */
  openBalance: string;
  /** The partner's `creditLimit` setting, when it has one. */
  creditLimit?: string;
  /** Invoices not yet paid in full, oldest first. */
  invoices: BalanceInvoice[];
}

/**
 * The invoices (810) a partner owes for: every 810 requested for it except those that no longer count
 * (cancelled, failed in encode, rejected by the partner's 997/999), with their canonical content.
 */
export async function partnerInvoices(
  db: Database,
  partnerId: string,
): Promise<{ invoiceNumber: string; orderId: string; invoiceDate: string; total: string }[]> {
  // the four fields, not the whole content with its lines: the credit rule reads this for every order
  const field = (name: keyof Invoice) => sql<string | null>`${outboundDocuments.content}->>${name}`;
  const rows = await db
    .select({
      invoiceNumber: field('invoiceNumber'),
      orderId: field('orderId'),
      invoiceDate: field('invoiceDate'),
      total: field('total'),
    })
    .from(outboundDocuments)
    .where(
      and(
        eq(outboundDocuments.partnerId, partnerId),
        eq(outboundDocuments.type, '810'),
        notInArray(outboundDocuments.status, [...UNCOUNTED_DOCUMENT_STATUSES]),
      ),
    );
  return rows.map((row) => InvoiceFields.parse(row));
}

/**
 * What a partner owes as of `asOf`: its invoices (see {@link partnerInvoices}) against every payment recorded
 * (explicit allocations first, then the rest of each payment to the oldest open invoice; partnerLedger), each
 * invoice due `paymentTermsDays` (default 30) after its date and `asOf` the day its days overdue are counted
 * to. Everything recorded counts, whatever its date. Throws `request.not_found` for no such partner.
 */
export async function partnerBalance(db: Database, partnerId: string, asOf: Date): Promise<PartnerBalance> {
  const agreement = await partnerAgreement(db, partnerId);
  if (agreement === undefined) throw permanent('request.not_found', `no partner ${partnerId}`);
  const invoices = await partnerInvoices(db, partnerId);
  const received = await db
    .select({
      amount: payments.amount,
      receivedAt: payments.receivedAt,
      reference: payments.reference,
      allocations: payments.allocations,
    })
    .from(payments)
    .where(eq(payments.partnerId, partnerId));
  const ledger = partnerLedger({
    invoices,
    payments: received,
    paymentTermsDays: agreement.settings.paymentTermsDays,
    asOf,
  });
  const { creditLimit, defaultCurrency } = agreement.settings;
  return {
    currency: defaultCurrency,
    openBalance: ledger.openBalance,
    ...(creditLimit !== undefined ? { creditLimit } : {}),
    invoices: ledger.invoices
      .filter((line) => line.open !== '0')
      .map((line) => ({
        invoiceNumber: line.invoiceNumber,
        orderId: line.orderId,
        invoiceDate: line.invoiceDate,
        dueDate: line.dueDate,
        total: line.total,
        paid: line.paid,
        open: line.open,
        daysOverdue: line.daysOverdue,
      })),
  };
}

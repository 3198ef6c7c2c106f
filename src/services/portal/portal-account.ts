import { and, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { UNCOUNTED_DOCUMENT_STATUSES } from '../../db/document-status.ts';
import { outboundDocuments } from '../../db/schema.ts';
import { type BalanceInvoice, partnerBalance } from '../../partners/partner-balance.ts';
import { listPayments, type PaymentView } from '../master-data/payments.ts';

/** An open invoice as the portal shows it: the balance's, with its 810 document to download. */
export interface PortalInvoice extends BalanceInvoice {
  documentId?: string;
}

/** The partner's account: what it owes, its open invoices (due dates, overdue days) and payments received. */
export interface PortalAccount {
  currency: string;
  openBalance: string;
  creditLimit?: string;
  invoices: PortalInvoice[];
  payments: PaymentView[];
}

/**
 * The signed-in partner's open invoices and balance, from the wholesale rules' ledger (partner-balance.ts:
 * invoices against recorded payments, each due its date plus the partner's payment terms), as of `asOf`.
 */
export async function partnerAccount(db: Database, partnerId: string, asOf: Date): Promise<PortalAccount> {
  const [balance, payments] = await Promise.all([
    partnerBalance(db, partnerId, asOf),
    listPayments(db, partnerId),
  ]);
  const numbers = balance.invoices.map((i) => i.invoiceNumber);
  const documents =
    numbers.length === 0
      ? []
      : await db
          .select({
            id: outboundDocuments.id,
            invoiceNumber: sql<string>`${outboundDocuments.content}->>'invoiceNumber'`,
          })
          .from(outboundDocuments)
          .where(
            and(
              eq(outboundDocuments.partnerId, partnerId),
              eq(outboundDocuments.type, '810'),
              notInArray(outboundDocuments.status, [...UNCOUNTED_DOCUMENT_STATUSES]),
              inArray(sql<string>`${outboundDocuments.content}->>'invoiceNumber'`, numbers),
            ),
          );
  const byNumber = new Map(documents.map((d) => [d.invoiceNumber, d.id]));
  return {
    currency: balance.currency,
    openBalance: balance.openBalance,
    ...(balance.creditLimit !== undefined ? { creditLimit: balance.creditLimit } : {}),
    invoices: balance.invoices.map((i) => {
      const documentId = byNumber.get(i.invoiceNumber);
      return documentId ? { ...i, documentId } : i;
    }),
    payments: payments.slice(-20).reverse(),
  };
}

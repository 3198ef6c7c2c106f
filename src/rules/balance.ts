import { Decimal } from 'decimal.js';

/** An invoice (810) the partner owes: its number, date (YYYY-MM-DD) and total, a decimal string. */
export interface LedgerInvoice {
  invoiceNumber: string;
  invoiceDate: string;
  total: string;
}

/** Money received: allocations pay the invoices they name, the rest the oldest open invoices. */
export interface LedgerPayment {
  amount: string;
  /** When it arrived; payments are applied in this order (then by `reference`). */
  receivedAt: Date;
  reference: string;
  allocations: readonly { invoiceNumber: string; amount: string }[];
}

/** An invoice with what has been paid of it, what is still open, when it falls due and how late it is. */
export type LedgerLine<I extends LedgerInvoice> = I & {
  dueDate: string;
  paid: string;
  open: string;
  /** Whole days from the due date to `asOf`; 0 when not yet due. */
  daysOverdue: number;
};

export interface Ledger<I extends LedgerInvoice> {
  /** Every invoice, oldest first (invoice date, then number), with what is paid and open. */
  invoices: LedgerLine<I>[];
  /** Payments not applied to any invoice: everything open was paid, this is the partner's credit. */
  credit: string;
  /** Sum of what is open minus the credit; negative when the partner has paid more than it owes. */
  openBalance: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** `date` (YYYY-MM-DD) plus `days`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `dueDate` (YYYY-MM-DD) to the UTC day of `asOf`; 0 when `asOf` is not after it. */
export function daysOverdue(dueDate: string, asOf: Date): number {
  const today = Date.parse(`${asOf.toISOString().slice(0, 10)}T00:00:00Z`);
  return Math.max(0, Math.round((today - Date.parse(`${dueDate}T00:00:00Z`)) / DAY_MS));
}

/**
 * What a partner owes: its invoices against its payments, in exact decimals. First every payment's explicit
 * allocations pay the invoices they name (at most what is open on each; an allocation naming no listed
 * invoice, or more than is open, leaves the rest with its payment); then each payment, in the order received,
 * pays with what it has left the oldest open invoice first (invoice date, then number). What no invoice takes
 * is credit, subtracted from the open balance. An invoice of zero or less (a credit note) is never paid: it
 * lowers the balance as it is. Invoices fall due `paymentTermsDays` after their date; `asOf` is the day days
 * overdue are counted to.
 */
export function partnerLedger<I extends LedgerInvoice>(input: {
  invoices: readonly I[];
  payments: readonly LedgerPayment[];
  paymentTermsDays: number;
  asOf: Date;
}): Ledger<I> {
  const invoices = [...input.invoices].sort(
    (a, b) => compare(a.invoiceDate, b.invoiceDate) || compare(a.invoiceNumber, b.invoiceNumber),
  );
  const open = invoices.map((invoice) => Decimal.max(new Decimal(invoice.total), 0));
  const paid = invoices.map(() => new Decimal(0));
  const payments = [...input.payments].sort(
    (a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || compare(a.reference, b.reference),
  );
  const left = payments.map((payment) => new Decimal(payment.amount));
  const pay = (index: number, from: number, most: Decimal) => {
    const amount = Decimal.min(most, open[index]!, left[from]!);
    if (amount.lte(0)) return;
    open[index] = open[index]!.minus(amount);
    paid[index] = paid[index]!.plus(amount);
    left[from] = left[from]!.minus(amount);
  };
  // the first invoice of a number takes its allocations (numbers are unique per partner in practice)
  const byNumber = new Map<string, number>();
  for (const [i, invoice] of invoices.entries())
    if (!byNumber.has(invoice.invoiceNumber)) byNumber.set(invoice.invoiceNumber, i);
  for (const [p, payment] of payments.entries())
    for (const allocation of payment.allocations) {
      const index = byNumber.get(allocation.invoiceNumber);
      if (index !== undefined) pay(index, p, new Decimal(allocation.amount));
    }
  for (const p of payments.keys())
    for (let i = 0; i < invoices.length && left[p]!.gt(0); i++) pay(i, p, left[p]!);
  const credit = left.reduce((sum, rest) => sum.plus(rest), new Decimal(0));
  const lines = invoices.map((invoice, i) => {
    const total = new Decimal(invoice.total);
    // a credit note stays open at its (negative) total
    const stillOpen = total.lte(0) ? total : open[i]!;
    const dueDate = addDays(invoice.invoiceDate, input.paymentTermsDays);
    return {
      ...invoice,
      dueDate,
      paid: paid[i]!.toFixed(),
      open: stillOpen.toFixed(),
      daysOverdue: stillOpen.gt(0) ? daysOverdue(dueDate, input.asOf) : 0,
    };
  });
  const owed = lines.reduce((sum, line) => sum.plus(line.open), new Decimal(0));
  return { invoices: lines, credit: credit.toFixed(), openBalance: owed.minus(credit).toFixed() };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

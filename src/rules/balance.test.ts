import { describe, expect, it } from 'vitest';
import { addDays, daysOverdue, type LedgerPayment, partnerLedger } from './balance.ts';

const invoice = (invoiceNumber: string, invoiceDate: string, total: string) => ({
  invoiceNumber,
  invoiceDate,
  total,
});
const payment = (
  reference: string,
  amount: string,
  receivedAt: string,
  allocations: LedgerPayment['allocations'] = [],
): LedgerPayment => ({ reference, amount, receivedAt: new Date(receivedAt), allocations });

const ASOF = new Date('2026-03-31T15:00:00Z');
const INVOICES = [
  invoice('INV-2', '2026-02-10', '200.00'),
  invoice('INV-1', '2026-01-05', '100.00'),
  invoice('INV-3', '2026-03-20', '50.50'),
];

interface Case {
  name: string;
  invoices?: ReturnType<typeof invoice>[];
  payments: LedgerPayment[];
  /** [invoiceNumber, paid, open] oldest first */
  lines: [string, string, string][];
  credit: string;
  openBalance: string;
}

const CASES: Case[] = [
  {
    name: 'no payments: everything open',
    payments: [],
    lines: [
      ['INV-1', '0', '100'],
      ['INV-2', '0', '200'],
      ['INV-3', '0', '50.5'],
    ],
    credit: '0',
    openBalance: '350.5',
  },
  {
    name: 'an unallocated payment pays the oldest invoice first',
    payments: [payment('R1', '150', '2026-03-01')],
    lines: [
      ['INV-1', '100', '0'],
      ['INV-2', '50', '150'],
      ['INV-3', '0', '50.5'],
    ],
    credit: '0',
    openBalance: '200.5',
  },
  {
    name: 'explicit allocations first, then the rest oldest first',
    payments: [payment('R1', '120', '2026-03-01', [{ invoiceNumber: 'INV-3', amount: '50.50' }])],
    lines: [
      ['INV-1', '69.5', '30.5'],
      ['INV-2', '0', '200'],
      ['INV-3', '50.5', '0'],
    ],
    credit: '0',
    openBalance: '230.5',
  },
  {
    name: "every payment's allocations go before any payment's rest",
    payments: [
      payment('EARLY', '100', '2026-02-01'),
      payment('LATE', '100', '2026-03-01', [{ invoiceNumber: 'INV-1', amount: '100' }]),
    ],
    lines: [
      ['INV-1', '100', '0'],
      ['INV-2', '100', '100'],
      ['INV-3', '0', '50.5'],
    ],
    credit: '0',
    openBalance: '150.5',
  },
  {
    name: 'an allocation above what is open, or naming no invoice, leaves the rest to pay the oldest',
    payments: [
      payment('R1', '130', '2026-03-01', [
        { invoiceNumber: 'INV-3', amount: '80' },
        { invoiceNumber: 'NOPE', amount: '10' },
      ]),
    ],
    lines: [
      ['INV-1', '79.5', '20.5'],
      ['INV-2', '0', '200'],
      ['INV-3', '50.5', '0'],
    ],
    credit: '0',
    openBalance: '220.5',
  },
  {
    name: 'payments are applied in the order received',
    payments: [payment('B', '0.01', '2026-03-02'), payment('A', '99.99', '2026-03-01')],
    lines: [
      ['INV-1', '100', '0'],
      ['INV-2', '0', '200'],
      ['INV-3', '0', '50.5'],
    ],
    credit: '0',
    openBalance: '250.5',
  },
  {
    name: 'a payment above everything owed leaves credit: a negative balance',
    payments: [payment('R1', '400', '2026-03-01')],
    lines: [
      ['INV-1', '100', '0'],
      ['INV-2', '200', '0'],
      ['INV-3', '50.5', '0'],
    ],
    credit: '49.5',
    openBalance: '-49.5',
  },
  {
    name: 'no invoices: every payment is credit',
    invoices: [],
    payments: [payment('R1', '10.10', '2026-03-01'), payment('R2', '0.20', '2026-03-02')],
    lines: [],
    credit: '10.3',
    openBalance: '-10.3',
  },
  {
    name: 'exact decimals: three thirds of a cent-priced invoice add up without a float error',
    invoices: [invoice('INV-9', '2026-03-01', '0.30')],
    payments: [
      payment('R1', '0.1', '2026-03-02'),
      payment('R2', '0.1', '2026-03-03'),
      payment('R3', '0.1', '2026-03-04'),
    ],
    lines: [['INV-9', '0.3', '0']],
    credit: '0',
    openBalance: '0',
  },
  {
    name: 'a credit note (negative total) is not paid and lowers the balance',
    invoices: [invoice('INV-1', '2026-01-05', '100'), invoice('CN-1', '2026-01-06', '-30')],
    payments: [payment('R1', '50', '2026-03-01')],
    lines: [
      ['INV-1', '50', '50'],
      ['CN-1', '0', '-30'],
    ],
    credit: '0',
    openBalance: '20',
  },
];

describe('partnerLedger', () => {
  it.each(CASES)('$name', (c) => {
    const ledger = partnerLedger({
      invoices: c.invoices ?? INVOICES,
      payments: c.payments,
      paymentTermsDays: 30,
      asOf: ASOF,
    });
    expect(ledger.invoices.map((l) => [l.invoiceNumber, l.paid, l.open])).toEqual(c.lines);
    expect(ledger.credit).toBe(c.credit);
    expect(ledger.openBalance).toBe(c.openBalance);
  });

  it('gives each invoice its due date and days overdue, and keeps the fields it was given', () => {
    const ledger = partnerLedger({
      invoices: INVOICES.map((i) => ({ ...i, orderId: `order-of-${i.invoiceNumber}` })),
      payments: [payment('R1', '100', '2026-03-01')],
      paymentTermsDays: 30,
      asOf: ASOF,
    });
    expect(ledger.invoices.map((l) => [l.invoiceNumber, l.orderId, l.dueDate, l.daysOverdue])).toEqual([
      // paid in full: nothing is late
      ['INV-1', 'order-of-INV-1', '2026-02-04', 0],
      ['INV-2', 'order-of-INV-2', '2026-03-12', 19],
      // not due until April
      ['INV-3', 'order-of-INV-3', '2026-04-19', 0],
    ]);
  });
});

describe('dates', () => {
  it.each([
    ['2026-01-31', 30, '2026-03-02'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-10', 0, '2026-03-10'],
  ])('%s plus %i days is %s', (date, days, expected) => expect(addDays(date, days)).toBe(expected));

  it.each([
    ['2026-03-31', '2026-03-31T23:59:00Z', 0],
    ['2026-03-30', '2026-03-31T00:00:00Z', 1],
    ['2026-04-10', '2026-03-31T12:00:00Z', 0],
    ['2025-03-31', '2026-03-31T12:00:00Z', 365],
  ])('due %s, as of %s: %i days overdue', (due, asOf, expected) =>
    expect(daysOverdue(due, new Date(asOf))).toBe(expected),
  );
});

import { Decimal } from 'decimal.js';
import type { Diagnostic } from '../../src/core/diagnostic.ts';
import { hasErrors } from '../../src/core/diagnostic.ts';
import { Invoice } from '../../src/core/documents.ts';
import type { Segment, TransactionSet } from '../../src/x12/types.ts';
import { UNCODED_ALLOWANCE_CHARGE } from './encode-810.ts';
import { Findings } from './map-diagnostics.ts';
import { element, mandatory, pad, readDate, readDecimal, readInteger, readQuantity } from './map-values.ts';

export interface InvoiceMapResult {
  /** Only when no error was found. */
  invoice?: Invoice;
  diagnostics: Diagnostic[];
}

type Line = NonNullable<Invoice['lines']>[number];
type AllowanceCharge = NonNullable<Invoice['allowancesCharges']>[number];

const Exact = Decimal.clone({ precision: 200 });

/** An N2 element (implied two decimals, TDS-01, SAC-05) as a decimal string with cents: "123450" → "1234.50". */
function readCents(findings: Findings, segment: Segment, n: number): string | undefined {
  const value = element(segment, n);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) {
    findings.elementError('6', `${segment.tag}${pad(n)} "${value}" is not an N2 amount in cents`, segment, n);
    return undefined;
  }
  return new Exact(value).dividedBy(100).toFixed(2);
}

function readAllowanceCharge(findings: Findings, segment: Segment): AllowanceCharge | undefined {
  // SAC-01 A allowance, C charge, N no allowance or charge (informational only)
  const indicator = element(segment, 1);
  const type = indicator === 'A' ? 'allowance' : indicator === 'C' ? 'charge' : undefined;
  if (type === undefined) {
    findings.unmapped(
      `SAC ${indicator ?? '(no indicator)'} is neither an allowance nor a charge`,
      segment,
      1,
    );
    return undefined;
  }
  // SAC-05 amount (N2); a SAC with only a percent or rate (SAC-06…09) has no amount to carry
  const amount = readCents(findings, segment, 5);
  if (amount === undefined) {
    findings.unmapped(`SAC ${type} without an amount (SAC05) not used`, segment);
    return undefined;
  }
  const item: AllowanceCharge = { type, amount };
  // SAC-02 code (1300); ZZZZ "mutually defined" is what we send for an uncoded one, so it reads back as none
  const code = element(segment, 2);
  if (code !== undefined && code !== UNCODED_ALLOWANCE_CHARGE) item.code = code;
  const description = element(segment, 15);
  if (description !== undefined) item.description = description;
  return item;
}

interface Draft {
  invoiceNumber?: string;
  orderId?: string;
  invoiceDate?: string;
  terms?: Invoice['terms'];
  lines: Line[];
  charges: AllowanceCharge[];
  total?: string;
  ctt?: Segment;
  tds?: Segment;
}

function readBig(findings: Findings, draft: Draft, segment: Segment): void {
  // BIG-01 invoice date, BIG-02 invoice number, BIG-03 PO date (no canonical field), BIG-04 PO number
  draft.invoiceDate = readDate(findings, segment, 1);
  if (element(segment, 1) === undefined) mandatory(findings, segment, 1, 'invoice date');
  draft.invoiceNumber = mandatory(findings, segment, 2, 'invoice number');
  // An inbound 810 names the buyer's PO number, not our order id: orderId holds BIG-04 as sent, and
  // matching it to an order (partner + PO number) is the caller's job.
  draft.orderId = element(segment, 4);
  if (draft.orderId === undefined) {
    findings.error(
      'x12.mapping.po_number_missing',
      'BIG04 (purchase order number) is needed to match the invoice',
      segment,
      4,
    );
  }
}

function readTerms(findings: Findings, segment: Segment): Invoice['terms'] {
  // ITD-03 discount %, ITD-05 discount days due, ITD-07 net days, ITD-12 description
  const terms: NonNullable<Invoice['terms']> = {};
  const discountPercent = readDecimal(findings, segment, 3);
  const discountDays = readInteger(findings, segment, 5);
  const netDays = readInteger(findings, segment, 7);
  const description = element(segment, 12);
  if (discountPercent !== undefined) terms.discountPercent = discountPercent;
  if (discountDays !== undefined) terms.discountDays = discountDays;
  if (netDays !== undefined) terms.netDays = netDays;
  if (description !== undefined) terms.description = description;
  return terms;
}

function readLine(findings: Findings, draft: Draft, segment: Segment): void {
  // IT1-01 assigned identification, IT1-02 quantity invoiced, IT1-04 unit price
  let lineNumber = element(segment, 1);
  if (lineNumber === undefined) {
    lineNumber = String(draft.lines.length + 1);
    findings.warning(
      'x12.mapping.line_number_assigned',
      `IT101 missing: line numbered ${lineNumber}`,
      segment,
      1,
    );
  }
  const quantity = readQuantity(findings, segment, 2);
  if (quantity === undefined) {
    findings.error(
      'x12.mapping.quantity_missing',
      `IT102 quantity invoiced is missing or invalid`,
      segment,
      2,
    );
    return;
  }
  const line: Line = { lineNumber, quantity };
  const unitPrice = readDecimal(findings, segment, 4);
  if (unitPrice !== undefined) line.unitPrice = unitPrice;
  draft.lines.push(line);
}

/** TDS against the lines, allowances and charges, and CTT-01 against the IT1 count: warnings only. */
function checkTotals(findings: Findings, draft: Draft): void {
  if (draft.tds && draft.total !== undefined && draft.lines.every((line) => line.unitPrice !== undefined)) {
    const expected = draft.lines
      .reduce((sum, line) => sum.plus(new Exact(line.quantity).times(line.unitPrice!)), new Exact(0))
      .plus(
        draft.charges.reduce(
          (sum, item) => (item.type === 'allowance' ? sum.minus(item.amount) : sum.plus(item.amount)),
          new Exact(0),
        ),
      );
    if (!expected.equals(draft.total)) {
      findings.warning(
        'x12.mapping.invoice_total',
        `TDS01 total ${draft.total} differs from the lines with allowances and charges (${expected.toFixed(2)}); taxes or other amounts may explain it`,
        draft.tds,
        1,
      );
    }
  }
  const count = draft.ctt && element(draft.ctt, 1);
  if (draft.ctt && count !== undefined && count !== String(draft.lines.length)) {
    findings.warning(
      'x12.mapping.line_count',
      `CTT01 says ${count} line items, ${draft.lines.length} IT1 were read`,
      draft.ctt,
      1,
    );
  }
}

/**
 * Maps an X12 810 invoice (003010 … 005010) to a canonical invoice. Header and summary SACs become
 * allowances and charges; IT1-loop SACs are counted at invoice level too (reported), and segments the
 * canonical invoice has no place for (N1 loops, REF, DTM, PID, CUR …) are reported as unmapped.
 */
export function mapInvoice(set: TransactionSet): InvoiceMapResult {
  const findings = new Findings(set.controlNumber);
  if (set.type !== '810') {
    findings.error('x12.mapping.wrong_document', `transaction set ${set.type} is not an 810`);
    return { diagnostics: findings.diagnostics };
  }
  const draft: Draft = { lines: [], charges: [] };
  let big: Segment | undefined;
  let inLine = false;
  for (const segment of set.segments) {
    const { tag } = segment;
    if (tag === 'ST' || tag === 'SE') continue;
    if (tag === 'BIG') {
      if (big) findings.segmentError('5', 'BIG may appear once', segment);
      else readBig(findings, draft, segment);
      big ??= segment;
    } else if (tag === 'ITD') {
      if (draft.terms) findings.unmapped('ITD after the first: the invoice keeps one set of terms', segment);
      else draft.terms = readTerms(findings, segment);
    } else if (tag === 'IT1') {
      inLine = true;
      readLine(findings, draft, segment);
    } else if (tag === 'SAC') {
      const item = readAllowanceCharge(findings, segment);
      if (item && inLine) {
        const line = draft.lines.at(-1)?.lineNumber ?? '?';
        findings.add(
          'info',
          'x12.mapping.line_allowance_charge',
          `SAC of line ${line} counted on the invoice`,
          segment,
        );
      }
      if (item) draft.charges.push(item);
    } else if (tag === 'TDS') {
      inLine = false;
      draft.tds = segment;
      // TDS-01 total invoice amount (N2)
      draft.total = readCents(findings, segment, 1);
      if (draft.total === undefined) mandatory(findings, segment, 1, 'total invoice amount');
    } else if (tag === 'CTT') {
      inLine = false;
      draft.ctt = segment;
    } else {
      findings.unmapped(`${tag} has no place in the invoice`, segment);
    }
  }
  if (!big) findings.segmentError('3', 'BIG segment missing', 'BIG');
  if (!draft.tds) findings.segmentError('3', 'TDS segment missing', 'TDS');
  checkTotals(findings, draft);
  if (hasErrors(findings.diagnostics)) return { diagnostics: findings.diagnostics };

  const candidate: Record<string, unknown> = {
    invoiceNumber: draft.invoiceNumber,
    orderId: draft.orderId,
    invoiceDate: draft.invoiceDate,
    lines: draft.lines,
    total: draft.total,
  };
  if (draft.terms && Object.keys(draft.terms).length > 0) candidate.terms = draft.terms;
  if (draft.charges.length > 0) candidate.allowancesCharges = draft.charges;
  const parsed = Invoice.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      findings.error('x12.mapping.invalid_invoice', `${issue.path.join('.')}: ${issue.message}`);
    }
    return { diagnostics: findings.diagnostics };
  }
  return { invoice: parsed.data, diagnostics: findings.diagnostics };
}

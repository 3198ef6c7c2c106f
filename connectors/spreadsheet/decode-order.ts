import { Decimal } from 'decimal.js';
import type { Diagnostic } from '../../src/core/diagnostic.ts';
import { type Channel, Order, type OrderLine, type Party } from '../../src/core/order.ts';
import { type Place, problemAt, type RowRead } from './decode-row.ts';

/** The rows of one order (one PO number) and the sheet they came from. */
export interface OrderRows {
  poNumber: string;
  rows: { read: RowRead; place: Place }[];
}

/** Order-level values that hold for every order of the file: its labels, the mapping's and partner's defaults. */
export interface FileHeader {
  /** The PO number of rows before any PO cell (a file of one order states it above the table). */
  poNumber?: string;
  poDate?: string;
  requestedDelivery?: string;
  shipTo?: string;
  buyer?: string;
  /** A currency the file or the mapping states (label, mapping default), before the partner's default. */
  currency?: string;
  notes: string[];
}

/** What every order of a decode shares: ids, the clock, where it came from. */
export interface OrderContext {
  partnerId: string;
  channel: Channel;
  messageId: string;
  newId(): string;
  /** The day the file was received, as YYYY-MM-DD: the order date when the file states none. */
  today: string;
  defaultCurrency: string;
}

/**
 * Builds one order from its rows: order-level values from its first row that has each, else the file's;
 * lines numbered as the sheet numbers them, else by their place among the order's rows (so a rejected row
 * does not shift the numbers after it). Checks what needs the whole order: duplicate line numbers, and each
 * price's currency symbol against the order's currency. Rows with problems give no line; `problems` gets them.
 */
export function buildOrder(
  group: OrderRows,
  file: FileHeader,
  context: OrderContext,
  problems: Diagnostic[],
): Order | undefined {
  const first = <K extends keyof RowRead['header']>(key: K) =>
    group.rows.find(({ read }) => read.header[key] !== undefined)?.read.header[key];
  const currency = first('currency') ?? file.currency ?? pricedCurrency(group) ?? context.defaultCurrency;
  const requestedDelivery = first('requestedDelivery') ?? file.requestedDelivery;
  const shipTo = first('shipTo') ?? file.shipTo;
  const notes = [...file.notes];
  const lines: OrderLine[] = [];
  const numbers = new Set<string>();
  for (const [position, { read, place }] of group.rows.entries()) {
    const lineNumber = read.lineNumber ?? String(position + 1);
    const rowProblems = [...read.problems];
    if (numbers.has(lineNumber))
      rowProblems.push(
        problemAt(
          place,
          read.row,
          undefined,
          'row.line_number_duplicate',
          `line ${lineNumber} appears twice in order ${group.poNumber}`,
        ),
      );
    numbers.add(lineNumber);
    if (read.priceCurrencies && !read.priceCurrencies.includes(currency))
      rowProblems.push(
        problemAt(
          place,
          read.row,
          undefined,
          'row.currency_mismatch',
          `the price is in ${read.priceCurrencies.join('/')}, the order in ${currency}`,
        ),
      );
    problems.push(...rowProblems);
    if (rowProblems.length > 0 || !read.line) continue;
    lines.push({ lineNumber, ...read.line });
    // values a line states that its order already has otherwise are kept as the X12 mapper keeps them
    if (read.header.requestedDelivery !== undefined && read.header.requestedDelivery !== requestedDelivery)
      notes.push(`Line ${lineNumber}: requested delivery ${read.header.requestedDelivery}`);
    if (read.header.notes !== undefined) notes.push(`Line ${lineNumber}: ${read.header.notes}`);
  }
  if (lines.length === 0) return undefined;
  const parties: { shipTo?: Party; buyer?: Party } = {};
  if (shipTo !== undefined) parties.shipTo = partyOf(shipTo);
  if (file.buyer !== undefined) parties.buyer = partyOf(file.buyer);
  return Order.parse({
    id: context.newId(),
    partnerId: context.partnerId,
    channel: context.channel,
    poNumber: group.poNumber,
    poDate: first('poDate') ?? file.poDate ?? context.today,
    purpose: 'original',
    // X12 BEG02 SA, a stand-alone order: what an order form is
    orderType: 'SA',
    currency,
    parties,
    dates: requestedDelivery !== undefined ? { requestedDelivery } : {},
    references: { raw: [] },
    lines,
    totals: totalsOf(lines),
    notes,
    source: { messageId: context.messageId },
  });
}

/** The one currency every priced row's symbol names, when they all name the same single one. */
function pricedCurrency(group: OrderRows): string | undefined {
  const named = new Set(
    group.rows.flatMap(({ read }) => (read.priceCurrencies?.length === 1 ? read.priceCurrencies : [])),
  );
  return named.size === 1 ? [...named][0] : undefined;
}

/** A party from free text: one line is its name; several are a name and its address lines. */
function partyOf(text: string): Party {
  const [name = text, ...rest] = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return rest.length > 0 ? { name, address: { lines: rest } } : { name };
}

function totalsOf(lines: readonly OrderLine[]): Order['totals'] {
  let quantity = new Decimal(0);
  let amount: Decimal | undefined = new Decimal(0);
  for (const line of lines) {
    quantity = quantity.plus(line.quantity);
    amount =
      amount !== undefined && line.unitPrice !== undefined
        ? amount.plus(new Decimal(line.quantity).times(line.unitPrice))
        : undefined;
  }
  return {
    lineCount: lines.length,
    quantity: quantity.toFixed(),
    ...(amount !== undefined ? { amount: amount.toFixed() } : {}),
  };
}

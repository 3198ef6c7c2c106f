import { DecimalSum } from '../../src/core/decimal-sum.ts';
import type { Diagnostic } from '../../src/core/diagnostic.ts';
import type { Channel, Order, OrderLine, Party } from '../../src/core/order.ts';
import { parseOrder } from '../../src/core/order-check.ts';
import { type Place, problemAt, type RowHeader, type RowRead } from './decode-row.ts';

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
  /** `replace`: the file is marked as a change of the order with its PO number (default-mapping CHANGE_WORDS). */
  purpose?: 'replace';
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

/** A row its order looks at again once it is whole: one with problems, a repeated line number or a price symbol. */
interface HeldRow {
  row: number;
  place: Place;
  problems: readonly Diagnostic[];
  /** Its line number, when it repeats one above it in the order. */
  duplicate?: string;
  priceCurrencies?: readonly string[];
  /** Its line's index in the order's lines, when it gave one. */
  line?: number;
}

/**
 * One order (one PO number) as its rows are read. What a row gives is kept in its final form at once: its
 * line, the order-level values of the first row that has each, the notes its line adds. Only the few rows
 * that need the whole order (see {@link HeldRow}) are kept besides, so a 100,000-line order holds its lines
 * and nothing else. {@link OrderRows.build} then makes the order.
 */
export class OrderRows {
  poNumber: string;
  /** The order-level values of the first row that has each. */
  readonly #first: RowHeader = {};
  /** The lines in row order; a line whose row is rejected once the order is whole becomes undefined. */
  readonly #lines: (OrderLine | undefined)[] = [];
  readonly #held: HeldRow[] = [];
  readonly #notes: { line: number; text: string }[] = [];
  /** The currencies single-currency price symbols name. */
  readonly #priced = new Set<string>();
  readonly #numbers = new Set<string>();
  #rows = 0;

  constructor(poNumber: string) {
    this.poNumber = poNumber;
  }

  /** The order date of its first row that has one. */
  get firstDate(): string | undefined {
    return this.#first.poDate;
  }

  /**
   * Adds a row: lines are numbered as the sheet numbers them, else by their place among the order's rows (so
   * a rejected row does not shift the numbers after it).
   */
  add(read: RowRead, place: Place): void {
    const position = this.#rows++;
    const first = this.#first;
    const { header } = read;
    if (first.poDate === undefined && header.poDate !== undefined) first.poDate = header.poDate;
    if (first.currency === undefined && header.currency !== undefined) first.currency = header.currency;
    if (first.requestedDelivery === undefined && header.requestedDelivery !== undefined)
      first.requestedDelivery = header.requestedDelivery;
    if (first.shipTo === undefined && header.shipTo !== undefined) first.shipTo = header.shipTo;
    if (read.priceCurrencies?.length === 1) this.#priced.add(read.priceCurrencies[0]!);
    const lineNumber = read.lineNumber ?? String(position + 1);
    const duplicate = this.#numbers.has(lineNumber) ? lineNumber : undefined;
    this.#numbers.add(lineNumber);
    let line: number | undefined;
    if (read.problems.length === 0 && duplicate === undefined && read.line) {
      read.line.lineNumber = lineNumber;
      line = this.#lines.push(read.line) - 1;
      // values a line states that its order already has otherwise are kept as the X12 mapper keeps them; the
      // order's delivery date is its first row's that has one, so it is known by now
      if (header.requestedDelivery !== undefined && header.requestedDelivery !== first.requestedDelivery)
        this.#notes.push({
          line,
          text: `Line ${lineNumber}: requested delivery ${header.requestedDelivery}`,
        });
      if (header.notes !== undefined) this.#notes.push({ line, text: `Line ${lineNumber}: ${header.notes}` });
    }
    if (read.problems.length > 0 || duplicate !== undefined || read.priceCurrencies)
      this.#held.push({
        row: read.row,
        place,
        problems: read.problems,
        ...(duplicate !== undefined ? { duplicate } : {}),
        ...(read.priceCurrencies ? { priceCurrencies: read.priceCurrencies } : {}),
        ...(line !== undefined ? { line } : {}),
      });
  }

  /**
   * The order: order-level values from its first row that has each, else the file's. Checks what needs the
   * whole order: duplicate line numbers, and each price's currency symbol against the order's currency. Rows
   * with problems give no line; `problems` gets them, in row order. Undefined when no line is left.
   */
  build(file: FileHeader, context: OrderContext, problems: Diagnostic[]): Order | undefined {
    const first = this.#first;
    const priced = this.#priced.size === 1 ? [...this.#priced][0] : undefined;
    const currency = first.currency ?? file.currency ?? priced ?? context.defaultCurrency;
    const requestedDelivery = first.requestedDelivery ?? file.requestedDelivery;
    const shipTo = first.shipTo ?? file.shipTo;
    let dropped = false;
    for (const held of this.#held) {
      const rowProblems = [...held.problems];
      if (held.duplicate !== undefined)
        rowProblems.push(
          problemAt(
            held.place,
            held.row,
            undefined,
            'row.line_number_duplicate',
            `line ${held.duplicate} appears twice in order ${this.poNumber}`,
          ),
        );
      if (held.priceCurrencies && !held.priceCurrencies.includes(currency))
        rowProblems.push(
          problemAt(
            held.place,
            held.row,
            undefined,
            'row.currency_mismatch',
            `the price is in ${held.priceCurrencies.join('/')}, the order in ${currency}`,
          ),
        );
      problems.push(...rowProblems);
      if (rowProblems.length > 0 && held.line !== undefined) {
        this.#lines[held.line] = undefined;
        dropped = true;
      }
    }
    const kept = this.#lines;
    const lines = dropped ? kept.filter((line) => line !== undefined) : (kept as OrderLine[]);
    if (lines.length === 0) return undefined;
    const notes = [...file.notes];
    for (const { line, text } of this.#notes) if (kept[line] !== undefined) notes.push(text);
    const parties: { shipTo?: Party; buyer?: Party } = {};
    if (shipTo !== undefined) parties.shipTo = partyOf(shipTo);
    if (file.buyer !== undefined) parties.buyer = partyOf(file.buyer);
    // the row reader built every value from cells it had checked: a hand-written check confirms the order,
    // and zod (which names what is wrong) runs only if it does not pass
    return parseOrder({
      id: context.newId(),
      partnerId: context.partnerId,
      channel: context.channel,
      poNumber: this.poNumber,
      poDate: first.poDate ?? file.poDate ?? context.today,
      // a file marked as a change restates the whole order: every line its new state (a full replacement)
      purpose: file.purpose ?? 'original',
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
  const quantity = new DecimalSum();
  let amount: DecimalSum | undefined = new DecimalSum();
  for (const line of lines) {
    quantity.add(line.quantity);
    if (line.unitPrice === undefined) amount = undefined;
    else amount?.addProduct(line.quantity, line.unitPrice);
  }
  return {
    lineCount: lines.length,
    quantity: quantity.toFixed(),
    ...(amount !== undefined ? { amount: amount.toFixed() } : {}),
  };
}

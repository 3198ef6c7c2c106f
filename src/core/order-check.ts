import type { z } from 'zod';
import { Channel, Order, type OrderInput, OrderLine } from './order.ts';
import {
  CURRENCY_PATTERN,
  DATE_PATTERN,
  DECIMAL_PATTERN,
  isRealCalendarDate,
  QUANTITY_PATTERN,
} from './primitives.ts';

/**
 * `Order.safeParse(input)`, answered cheaply for an order a connector built: when {@link isParsedOrder} holds,
 * zod would return the input unchanged, so the input is the answer; otherwise zod runs and names what is
 * wrong (or strips and defaults what it may). Walking a 25-line order through zod cost about as much as
 * decoding it; this check costs a fraction.
 */
export function safeParseOrder(input: OrderInput): z.ZodSafeParseResult<Order> {
  return isParsedOrder(input) ? { success: true, data: input } : Order.safeParse(input);
}

/** `Order.parse(input)`, cheaply as {@link safeParseOrder}. @throws ZodError when it is not a valid `Order` */
export function parseOrder(input: OrderInput): Order {
  return isParsedOrder(input) ? input : Order.parse(input);
}

/**
 * Whether `Order.parse(value)` would succeed and return `value` as it is: every constraint of the schema met,
 * no key zod would strip, no default left to fill, no text left to trim. Stricter than zod where that is
 * simpler (an unknown key, a blank to trim): such an order just takes the zod path. test/order-check.test.ts
 * holds it to zod with generated orders.
 */
export function isParsedOrder(value: unknown): value is Order {
  if (!isRecord(value)) return false;
  for (const key in value) if (!ORDER_KEYS.has(key)) return false;
  const o = value as Partial<Record<keyof Order, unknown>>;
  if (!isText(o.id) || !isText(o.partnerId) || !isText(o.poNumber)) return false;
  if (typeof o.channel !== 'string' || !CHANNELS.has(o.channel)) return false;
  if (!isDate(o.poDate)) return false;
  if (
    o.purpose !== 'original' &&
    o.purpose !== 'replace' &&
    o.purpose !== 'cancel' &&
    o.purpose !== 'confirmation'
  )
    return false;
  if (typeof o.orderType !== 'string') return false;
  if (typeof o.currency !== 'string' || !CURRENCY_PATTERN.test(o.currency)) return false;
  if (!isParties(o.parties) || !isDates(o.dates) || !isOptional(o.terms, isTerms)) return false;
  if (!isOptional(o.carrier, (c) => hasOnlyStrings(c, CARRIER_KEYS))) return false;
  if (!isReferences(o.references) || !isTotals(o.totals) || !isSource(o.source)) return false;
  if (!isStringArray(o.notes) || !Array.isArray(o.lines)) return false;
  if (o.lines.length === 0 && o.purpose !== 'cancel') return false;
  for (const line of o.lines) if (!isLine(line)) return false;
  return true;
}

type Check = (value: Record<string, unknown>) => boolean;

const keysOf = (shape: Record<string, unknown>) => new Set(Object.keys(shape));
const ORDER_KEYS = keysOf(Order.shape);
const LINE_KEYS = keysOf(OrderLine.shape);
const CHANNELS = new Set<string>(Channel.options);
const CHANGES = new Set<string>(OrderLine.shape.change.unwrap().options);
const PARTY_ROLES = new Set(['buyer', 'billTo', 'shipTo', 'seller', 'markFor']);
const PARTY_KEYS = new Set(['name', 'idQualifier', 'id', 'address']);
const ADDRESS_KEYS = new Set(['lines', 'city', 'region', 'postalCode', 'country']);
const ITEM_KEYS = new Set(['upc', 'gtin', 'ean', 'buyerItem', 'vendorItem', 'sku']);
const PACK_KEYS = new Set(['innerPack', 'size', 'uom']);
const DATE_KEYS = new Set(['requestedShip', 'requestedDelivery', 'cancelAfter', 'shipNotBefore']);
const CARRIER_KEYS = new Set(['scac', 'method', 'routing']);
const TERMS_KEYS = new Set(['discountPercent', 'discountDays', 'netDays', 'description']);
const NAMED_REFERENCES = new Set(['department', 'vendorNumber', 'promotion']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** zod's `Text`: a string with nothing to trim and something in it. */
const isText = (value: unknown): value is string =>
  typeof value === 'string' && value !== '' && value.trim() === value;
const isDate = (value: unknown) =>
  typeof value === 'string' && DATE_PATTERN.test(value) && isRealCalendarDate(value);
const isQuantity = (value: unknown) => typeof value === 'string' && QUANTITY_PATTERN.test(value);
const isDecimal = (value: unknown) => typeof value === 'string' && DECIMAL_PATTERN.test(value);
const isCount = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;

function isOptional(value: unknown, check: Check): boolean {
  return value === undefined || (isRecord(value) && check(value));
}

function isStringArray(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (const item of value) if (typeof item !== 'string') return false;
  return true;
}

/** An object of `keys` only, each a string or absent. */
function hasOnlyStrings(value: Record<string, unknown>, keys: ReadonlySet<string>): boolean {
  for (const key in value) {
    if (!keys.has(key)) return false;
    const field = value[key];
    if (field !== undefined && typeof field !== 'string') return false;
  }
  return true;
}

function isParties(value: unknown): boolean {
  if (!isRecord(value)) return false;
  for (const role in value) {
    if (!PARTY_ROLES.has(role)) return false;
    if (!isOptional(value[role], isParty)) return false;
  }
  return true;
}

function isParty(party: Record<string, unknown>): boolean {
  for (const key in party) {
    if (!PARTY_KEYS.has(key)) return false;
    if (key !== 'address' && party[key] !== undefined && typeof party[key] !== 'string') return false;
  }
  return isOptional(party.address, isAddress);
}

function isAddress(address: Record<string, unknown>): boolean {
  for (const key in address) {
    if (!ADDRESS_KEYS.has(key)) return false;
    if (key !== 'lines' && address[key] !== undefined && typeof address[key] !== 'string') return false;
  }
  return isStringArray(address.lines);
}

function isDates(value: unknown): boolean {
  if (!isRecord(value)) return false;
  for (const key in value) {
    if (!DATE_KEYS.has(key)) return false;
    if (value[key] !== undefined && !isDate(value[key])) return false;
  }
  return true;
}

function isTerms(terms: Record<string, unknown>): boolean {
  for (const key in terms) if (!TERMS_KEYS.has(key)) return false;
  const { discountPercent, discountDays, netDays, description } = terms;
  return (
    (discountPercent === undefined || isDecimal(discountPercent)) &&
    (discountDays === undefined || isCount(discountDays)) &&
    (netDays === undefined || isCount(netDays)) &&
    (description === undefined || typeof description === 'string')
  );
}

function isRawReferences(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (const item of value) {
    if (!isRecord(item)) return false;
    for (const key in item) if (key !== 'qualifier' && key !== 'value') return false;
    if (!isText(item.qualifier) || typeof item.value !== 'string') return false;
  }
  return true;
}

/** Named references are strings or absent, `raw` is present; any other key holds a string or raw pairs. */
function isReferences(value: unknown): boolean {
  if (!isRecord(value) || !isRawReferences(value.raw)) return false;
  for (const key in value) {
    if (key === 'raw') continue;
    const field = value[key];
    if (NAMED_REFERENCES.has(key)) {
      if (field !== undefined && typeof field !== 'string') return false;
    } else if (typeof field !== 'string' && !isRawReferences(field)) return false;
  }
  return true;
}

function isTotals(value: unknown): boolean {
  if (!isRecord(value)) return false;
  for (const key in value) if (key !== 'lineCount' && key !== 'quantity' && key !== 'amount') return false;
  return (
    isCount(value.lineCount) &&
    isQuantity(value.quantity) &&
    (value.amount === undefined || isDecimal(value.amount))
  );
}

function isSource(value: unknown): boolean {
  if (!isRecord(value)) return false;
  for (const key in value)
    if (key !== 'messageId' && key !== 'control' && key !== 'sender' && key !== 'receiver') return false;
  const { messageId, control, sender, receiver } = value;
  if (!isText(messageId)) return false;
  if (
    (sender !== undefined && typeof sender !== 'string') ||
    (receiver !== undefined && typeof receiver !== 'string')
  )
    return false;
  if (control === undefined) return true;
  if (!isRecord(control)) return false;
  for (const key in control)
    if (key !== 'interchange' && key !== 'group' && key !== 'transaction') return false;
  return isText(control.interchange) && isText(control.group) && isText(control.transaction);
}

function isLine(line: unknown): boolean {
  if (!isRecord(line)) return false;
  for (const key in line) if (!LINE_KEYS.has(key)) return false;
  const { lineNumber, quantity, uom, unitPrice, items, description, pack, destinations, change } = line;
  if (!isText(lineNumber) || !isQuantity(quantity) || !isText(uom)) return false;
  if (unitPrice !== undefined && !isDecimal(unitPrice)) return false;
  if (description !== undefined && typeof description !== 'string') return false;
  if (change !== undefined && (typeof change !== 'string' || !CHANGES.has(change))) return false;
  if (!isRecord(items) || !hasOnlyStrings(items, ITEM_KEYS)) return false;
  if (!isOptional(pack, isPack)) return false;
  if (destinations === undefined) return true;
  if (!Array.isArray(destinations)) return false;
  for (const destination of destinations) {
    if (!isRecord(destination)) return false;
    for (const key in destination) if (key !== 'locationId' && key !== 'quantity') return false;
    if (!isText(destination.locationId) || !isQuantity(destination.quantity)) return false;
  }
  return true;
}

function isPack(pack: Record<string, unknown>): boolean {
  for (const key in pack) if (!PACK_KEYS.has(key)) return false;
  const { innerPack, size, uom } = pack;
  return (
    (innerPack === undefined || isQuantity(innerPack)) &&
    (size === undefined || isQuantity(size)) &&
    (uom === undefined || typeof uom === 'string')
  );
}

import { Decimal } from 'decimal.js';
import type { Segment } from '../../src/x12/types.ts';
import type { MapEnv } from './map-draft.ts';
import { fieldOf } from './map-draft.ts';
import { element, mandatory, readDate, readDecimal, readInteger } from './map-values.ts';

/**
 * Header segments of the 850 and 860 (the same segments sit in both tables). Where the canonical order
 * has no field, the value becomes a note or a named reference so a person still sees it (the full
 * table is in mappings/README.md).
 */

/** CUR-02: currency code; the order has one currency, so a second CUR is reported. */
function currency(env: MapEnv, segment: Segment): void {
  const code = mandatory(env.findings, segment, 2, 'currency code');
  if (code === undefined) return;
  if (!/^[A-Z]{3}$/.test(code)) {
    env.findings.elementError('7', `CUR02 "${code}" is not an ISO 4217 currency code`, segment, 2);
  } else if (env.draft.currency === undefined) {
    env.draft.currency = code;
  } else if (env.draft.currency !== code) {
    env.findings.unmapped(`second currency ${code}: the order is in ${env.draft.currency}`, segment);
  }
}

/** REF01/REF02 (or REF03 description when REF02 is empty); N9 has the same layout (N901/N902/N903). */
export function readReference(
  env: MapEnv,
  segment: Segment,
): { qualifier: string; value: string } | undefined {
  const qualifier = mandatory(env.findings, segment, 1, 'reference qualifier');
  const id = element(segment, 2);
  const description = element(segment, 3);
  const value = id ?? description;
  if (qualifier === undefined) return undefined;
  if (value === undefined) {
    env.findings.elementError('2', `${segment.tag}02 or ${segment.tag}03 is required`, segment, 2);
    return undefined;
  }
  if (id !== undefined && description !== undefined)
    env.draft.notes.push(`${qualifier} ${id}: ${description}`);
  return { qualifier, value };
}

function reference(env: MapEnv, segment: Segment): void {
  const pair = readReference(env, segment);
  if (!pair) return;
  env.draft.rawReferences.push(pair);
  env.draft.headerReferences.push({ ...pair, segment, element: 2 });
}

/**
 * PER-01 contact function, PER-02 name, PER-03…08 communication number qualifier/number pairs.
 * `label` says whose contact it is when the PER sits in an N1 loop.
 */
export function contact(env: MapEnv, segment: Segment, label?: string): void {
  const role = element(segment, 1);
  const name = element(segment, 2);
  const numbers: { qualifier: string; value: string }[] = [];
  for (const n of [3, 5, 7]) {
    const qualifier = element(segment, n);
    const value = element(segment, n + 1);
    if (qualifier !== undefined && value !== undefined) numbers.push({ qualifier, value });
  }
  const { named } = env.draft;
  const firstContact = [named.contactName, named.contactPhone, named.contactEmail].every(
    (v) => v === undefined,
  );
  if (env.mapping.contacts === 'references' && label === undefined && firstContact) {
    if (name !== undefined) named.contactName = name;
    const phone = numbers.find((number) => number.qualifier === 'TE');
    const email = numbers.find((number) => number.qualifier === 'EM');
    if (phone) named.contactPhone = phone.value;
    if (email) named.contactEmail = email.value;
    return;
  }
  const who = `Contact${role === undefined ? '' : ` ${role}`}${label === undefined ? '' : ` (${label})`}`;
  const details = numbers.map((number) => `${number.qualifier} ${number.value}`).join(', ');
  env.draft.notes.push(`${who}: ${[name, details].filter(Boolean).join(', ')}`);
}

/** FOB-01 shipment method of payment (PP prepaid, CC collect …), FOB-03 location description. */
function fob(env: MapEnv, segment: Segment): void {
  const payment = mandatory(env.findings, segment, 1, 'shipment method of payment');
  if (payment !== undefined) env.draft.named.fob = payment;
  const location = element(segment, 3);
  if (location !== undefined) env.draft.named.fobLocation = location;
}

/** ITD-03 discount %, ITD-05 discount days due, ITD-07 net days, ITD-12 description. */
function terms(env: MapEnv, segment: Segment): void {
  if (env.draft.terms) {
    env.findings.unmapped('second ITD: only the first terms of sale are kept', segment);
    return;
  }
  const discountPercent = readDecimal(env.findings, segment, 3);
  const discountDays = readInteger(env.findings, segment, 5);
  const netDays = readInteger(env.findings, segment, 7);
  const description = element(segment, 12);
  env.draft.terms = {
    ...(discountPercent !== undefined && { discountPercent }),
    ...(discountDays !== undefined && { discountDays }),
    ...(netDays !== undefined && { netDays }),
    ...(description !== undefined && { description }),
  };
}

/** DTM-01 date/time qualifier, DTM-02 date; qualifiers the mapping does not name are reported. */
export function readDateSegment(
  env: MapEnv,
  segment: Segment,
): { qualifier: string; value: string } | undefined {
  const qualifier = mandatory(env.findings, segment, 1, 'date/time qualifier');
  const value = readDate(env.findings, segment, 2);
  if (qualifier === undefined || value === undefined) return undefined;
  if (fieldOf(env.mapping.dates, qualifier) === undefined) {
    env.findings.unmapped(`DTM qualifier ${qualifier} (${value}) has no order date mapped`, segment);
    return undefined;
  }
  return { qualifier, value };
}

function date(env: MapEnv, segment: Segment): void {
  const pair = readDateSegment(env, segment);
  if (pair) env.draft.dates.push({ ...pair, segment, element: 2 });
}

/** TD5-02/03 carrier ID (a SCAC when TD5-02 is 2), TD5-04 transportation method, TD5-05 routing. */
function carrier(env: MapEnv, segment: Segment): void {
  if (env.draft.carrier) {
    env.findings.unmapped('second TD5: only the first carrier details are kept', segment);
    return;
  }
  const idQualifier = element(segment, 2);
  const id = element(segment, 3);
  const method = element(segment, 4);
  const routing = element(segment, 5);
  const scac = idQualifier === '2' ? id : undefined;
  if (id !== undefined && scac === undefined) {
    env.findings.unmapped(
      `TD503 carrier ID "${id}" is not a SCAC (TD502 ${idQualifier ?? 'empty'})`,
      segment,
      3,
    );
  }
  env.draft.carrier = {
    ...(scac !== undefined && { scac }),
    ...(method !== undefined && { method }),
    ...(routing !== undefined && { routing }),
  };
}

const SAC_KIND: Record<string, string> = { A: 'Allowance', C: 'Charge', N: 'No allowance or charge' };

/**
 * SAC as a readable note: the canonical order carries no allowances/charges, and AMT*TT already totals
 * them. SAC-01 A/C/N, SAC-02 code, SAC-05 amount (N2: two implied decimals), SAC-07 percent,
 * SAC-13 reference, SAC-15 description.
 */
export function allowanceChargeNote(segment: Segment): string {
  const amount = element(segment, 5);
  const parts = [
    SAC_KIND[element(segment, 1) ?? ''] ?? element(segment, 1) ?? 'Allowance/charge',
    element(segment, 2),
    element(segment, 15),
    amount !== undefined && /^-?\d+$/.test(amount)
      ? `amount ${new Decimal(amount).dividedBy(100).toFixed(2)}`
      : undefined,
    element(segment, 7) === undefined ? undefined : `${element(segment, 7)}%`,
    element(segment, 13) === undefined ? undefined : `ref ${element(segment, 13)}`,
  ];
  return parts.filter(Boolean).join(' ');
}

/** AMT*TT: total transaction amount (Order.totals.amount); other AMT qualifiers have no canonical field. */
export function amount(env: MapEnv, segment: Segment): void {
  const qualifier = element(segment, 1);
  if (qualifier !== 'TT') {
    env.findings.unmapped(`AMT qualifier ${qualifier ?? 'empty'} is not the transaction total (TT)`, segment);
    return;
  }
  const value = readDecimal(env.findings, segment, 2);
  if (value !== undefined && env.draft.amount === undefined) env.draft.amount = { value, segment };
}

/** Handlers of segments that may appear in the header (before the first PO1/POC), by segment id. */
export const HEADER_HANDLERS: Record<string, (env: MapEnv, segment: Segment) => void> = {
  CUR: currency,
  REF: reference,
  N9: reference,
  MSG: (env, segment) => {
    const text = element(segment, 1);
    if (text !== undefined) env.draft.notes.push(text);
  },
  NTE: (env, segment) => {
    const text = mandatory(env.findings, segment, 2, 'description');
    if (text !== undefined) env.draft.notes.push(text);
  },
  PER: (env, segment) => contact(env, segment),
  FOB: fob,
  ITD: terms,
  DTM: date,
  TD5: carrier,
  SAC: (env, segment) => env.draft.notes.push(allowanceChargeNote(segment)),
  AMT: amount,
};

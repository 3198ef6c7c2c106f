import type { Invoice, Shipment } from '../../src/core/documents.ts';
import type { ItemIds } from '../../src/core/order.ts';
import type { Resolved810Mapping, Resolved856Mapping } from '../../src/mapping/outbound-mapping.schema.ts';
import { type ElementAttributes, SCAC } from '../../src/x12/element-attributes.ts';
import { toCents } from './encode-810.ts';
import { x12Date } from './outbound-segments.ts';

/**
 * Where the 856 and 810 encoders put each value of a shipment or invoice request, written as they write it
 * (dates as CCYYMMDD, amounts in cents, an SSCC after "00"), so a request can be checked against those
 * elements before it is taken. Kept beside the encoders: a value they start writing elsewhere is listed here.
 */

/** One value of a request, as it is written, and the element it goes into. */
export interface RequestElement {
  /** Where it is in the request, e.g. `packs.0.lines.1.quantity`. */
  path: string;
  value: string;
  tag: string;
  position: number;
  /** Stricter attributes than the element's own, for what the value is there (a SCAC in TD5-03). */
  attributes?: ElementAttributes;
}

/** The item IDs the mapping writes as ID pairs (LIN-03, IT1-07 …: Product/Service ID 234). */
function itemElements(path: string, items: ItemIds | undefined, qualifiers: object, tag: string, at: number) {
  return Object.entries(items ?? {})
    .filter(([field, value]) => Object.hasOwn(qualifiers, field) && value !== undefined && value !== '')
    .map(([field, value]) => ({ path: `${path}.${field}`, value: value as string, tag, position: at }));
}

/** The values of a shipment request (DESIGN §4 Shipment) in the 856 that `mapping` shapes. */
export function shipmentElements(
  shipment: Omit<Shipment, 'orderIds'>,
  mapping: Resolved856Mapping,
): RequestElement[] {
  const out: RequestElement[] = [];
  const { scac, method } = shipment.carrier ?? {};
  // TD5-03 the SCAC (TD5-02 "2"), TD5-04 transportation method; REF*CN REF-02 tracking number
  if (scac !== undefined)
    out.push({ path: 'carrier.scac', value: scac, tag: 'TD5', position: 3, attributes: SCAC });
  if (method !== undefined) out.push({ path: 'carrier.method', value: method, tag: 'TD5', position: 4 });
  if (shipment.trackingNumber !== undefined)
    out.push({ path: 'trackingNumber', value: shipment.trackingNumber, tag: 'REF', position: 2 });
  // DTM*011 DTM-02 (and BSN-03)
  out.push({ path: 'shipDate', value: x12Date(shipment.shipDate), tag: 'DTM', position: 2 });
  shipment.packs.forEach((pack, p) => {
    // MAN*GM MAN-02: "00" and the SSCC-18, for the pack and its tare
    out.push({ path: `packs.${p}.sscc`, value: `00${pack.sscc}`, tag: 'MAN', position: 2 });
    if (pack.tare !== undefined)
      out.push({ path: `packs.${p}.tare`, value: `00${pack.tare}`, tag: 'MAN', position: 2 });
    pack.lines.forEach((line, l) => {
      const path = `packs.${p}.lines.${l}`;
      // LIN-01 and SN1-01 the line number, when the mapping sends it; SN1-02 units shipped; LIN-03 … item IDs
      if (mapping.lineNumbers)
        out.push({ path: `${path}.lineNumber`, value: line.lineNumber, tag: 'LIN', position: 1 });
      out.push({ path: `${path}.quantity`, value: line.quantity, tag: 'SN1', position: 2 });
      out.push(...itemElements(`${path}.items`, line.items, mapping.items, 'LIN', 3));
    });
  });
  return out;
}

/** What an invoice request may set of an 810 (DESIGN §4 Invoice; lines and total may be left to defaults). */
export type InvoiceValues = Pick<Invoice, 'invoiceNumber' | 'invoiceDate'> &
  Partial<Pick<Invoice, 'lines' | 'allowancesCharges' | 'terms' | 'total'>>;

/** The values of an invoice request in the 810 that `mapping` shapes. */
export function invoiceElements(invoice: InvoiceValues, mapping: Resolved810Mapping): RequestElement[] {
  const out: RequestElement[] = [
    // BIG-01 invoice date, BIG-02 invoice number
    { path: 'invoiceDate', value: x12Date(invoice.invoiceDate), tag: 'BIG', position: 1 },
    { path: 'invoiceNumber', value: invoice.invoiceNumber, tag: 'BIG', position: 2 },
  ];
  const { terms } = invoice;
  // ITD-03 discount percent, ITD-05 discount days, ITD-07 net days, ITD-12 description
  if (terms?.discountPercent !== undefined)
    out.push({ path: 'terms.discountPercent', value: terms.discountPercent, tag: 'ITD', position: 3 });
  if (terms?.discountDays !== undefined)
    out.push({ path: 'terms.discountDays', value: String(terms.discountDays), tag: 'ITD', position: 5 });
  if (terms?.netDays !== undefined)
    out.push({ path: 'terms.netDays', value: String(terms.netDays), tag: 'ITD', position: 7 });
  if (terms?.description !== undefined)
    out.push({ path: 'terms.description', value: terms.description, tag: 'ITD', position: 12 });
  (invoice.lines ?? []).forEach((line, i) => {
    // IT1-01 line number (when the mapping sends it), IT1-02 quantity, IT1-04 unit price
    if (mapping.lineNumbers)
      out.push({ path: `lines.${i}.lineNumber`, value: line.lineNumber, tag: 'IT1', position: 1 });
    out.push({ path: `lines.${i}.quantity`, value: line.quantity, tag: 'IT1', position: 2 });
    if (line.unitPrice !== undefined)
      out.push({ path: `lines.${i}.unitPrice`, value: line.unitPrice, tag: 'IT1', position: 4 });
  });
  if (invoice.total !== undefined)
    out.push({ path: 'total', value: toCents(invoice.total, 'invoice total'), tag: 'TDS', position: 1 });
  (invoice.allowancesCharges ?? []).forEach((item, i) => {
    // SAC-02 code, SAC-05 amount in cents, SAC-15 description
    const path = `allowancesCharges.${i}`;
    if (item.code !== undefined)
      out.push({ path: `${path}.code`, value: item.code, tag: 'SAC', position: 2 });
    out.push({
      path: `${path}.amount`,
      value: toCents(item.amount, `${item.type} amount`),
      tag: 'SAC',
      position: 5,
    });
    if (item.description !== undefined)
      out.push({ path: `${path}.description`, value: item.description, tag: 'SAC', position: 15 });
  });
  return out;
}

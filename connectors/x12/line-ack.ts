import type { LineOutcomeStatus } from '../../src/core/documents.ts';
import type { ItemIds } from '../../src/core/order.ts';
import type { SegmentData } from '../../src/x12/writer.ts';
import { x12Date } from './outbound-segments.ts';

/**
 * The ACK segment (Line Item Acknowledgment) the 855 writes after each PO1 and the 865 after each POC: one
 * line's outcome. Its elements in 004010 and 005010 alike: ACK-01 Line Item Status Code (668), ACK-02
 * Quantity (380), ACK-03 Unit or Basis for Measurement Code (355), ACK-04 Date/Time Qualifier (374), ACK-05
 * Date (373), ACK-06 Request Reference Number (326), ACK-07/08 … ACK-27/28 Product/Service ID Qualifier (235)
 * and ID (234) pairs, ACK-29 Industry Code (1271). Syntax: P0203 (ACK-02 and ACK-03 together), C0405
 * (ACK-05 with ACK-04), P0708 … (qualifier and ID together).
 */

/** ACK-01 line item status code (668) per canonical line outcome. */
export const ACK01: Readonly<Record<LineOutcomeStatus, string>> = {
  accepted: 'IA',
  backordered: 'IB',
  price_changed: 'IP',
  quantity_changed: 'IQ',
  rejected: 'IR',
  substituted: 'IS',
};

/** GTIN qualifiers (235) by the number of digits: UPC-A (GTIN-12), EAN-13, GTIN-14. */
const GTIN_QUALIFIER: Readonly<Record<number, string>> = { 12: 'UP', 13: 'EN', 14: 'UK' };

/**
 * The qualifier/ID pairs naming a substitute item (ACK-07/08 …): VP vendor's (seller's) part number for our
 * SKU, VN vendor's item number, the GTIN as UP (12 digits), EN (13) or UK (14; a GTIN-8 is written as the
 * GTIN-14 it stands for, zero-padded), then a UPC and EAN the item carries beside it, and IN for the buyer's
 * item number. Empty when the items name nothing.
 */
export function substituteIdPairs(items: ItemIds | undefined): string[] {
  if (!items) return [];
  const pairs: string[] = [];
  const add = (qualifier: string, value: string | undefined) => {
    if (value !== undefined && value.trim() !== '') pairs.push(qualifier, value.trim());
  };
  add('VP', items.sku);
  add('VN', items.vendorItem);
  const gtin = items.gtin?.trim();
  if (gtin !== undefined && gtin !== '') {
    const qualifier = GTIN_QUALIFIER[gtin.length];
    if (qualifier) add(qualifier, gtin);
    else if (/^\d{8}$/.test(gtin)) add('UK', gtin.padStart(14, '0'));
    // a GTIN of another length is no GTIN a partner can read by any of these qualifiers; the SKU names it
  }
  if (items.upc !== items.gtin) add('UP', items.upc);
  if (items.ean !== items.gtin) add('EN', items.ean);
  add('IN', items.buyerItem);
  return pairs;
}

export interface LineOutcome {
  status: LineOutcomeStatus;
  quantity: string;
  items?: ItemIds | undefined;
}

/**
 * One ACK for a line: ACK-01 status; ACK-02/03 the acknowledged quantity in the line's unit (an IR line
 * acknowledges none, so 0, whatever the canonical line carries); ACK-04/05 068 current schedule ship with
 * `shipDate` for a line that will ship (neither rejected nor backordered, which has no date in the canonical
 * model); ACK-07 … the substitute's IDs for an IS line. Without a unit (`uom` undefined: a line the order no
 * longer has) ACK-02/03 are both left out (P0203).
 */
export function ackSegment(
  line: LineOutcome,
  uom: string | undefined,
  shipDate: string | undefined,
): SegmentData {
  const quantity = line.status === 'rejected' ? '0' : line.quantity;
  const ships = line.status !== 'rejected' && line.status !== 'backordered' && shipDate !== undefined;
  const segment: string[] = [
    'ACK',
    ACK01[line.status],
    uom === undefined ? '' : quantity,
    uom ?? '',
    ships ? '068' : '',
    ships ? x12Date(shipDate) : '',
  ];
  if (line.status === 'substituted') segment.push('', ...substituteIdPairs(line.items));
  return segment;
}

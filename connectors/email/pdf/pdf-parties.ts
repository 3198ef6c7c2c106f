import type { Order, Party } from '../../../src/core/order.ts';

/** Who a document is from and to, as its heading prints them. */
export interface PdfParties {
  /** Our name as the gateway knows it; else the order's seller party's name. */
  supplierName?: string;
  /** The partner's name as the gateway knows it; else the order's buyer (or bill-to) party's name. */
  partnerName?: string;
  /** The partner's language for the printed words (`de`, `en`), as its notice mails use; English by default. */
  language?: string;
}

/** A party's address as lines: street lines, "City, Region Postal", country. */
function addressLines(party: Party | undefined): string[] {
  const a = party?.address;
  if (!a) return [];
  const place = [[a.city, a.region].filter(Boolean).join(', '), a.postalCode].filter(Boolean).join(' ');
  return [...a.lines, place, a.country ?? ''].filter((line) => line.trim() !== '');
}

/**
 * The supplier's and the partner's blocks of a heading: a name, then the address the order gives. The gateway
 * keeps no name of our own, so without `supplierName` and a seller party on the order the supplier block is
 * empty (left out) rather than a made-up name.
 */
export function headingParties(order: Order, names: PdfParties): { supplier: string[]; partner: string[] } {
  const seller = order.parties.seller;
  const supplierName = names.supplierName ?? seller?.name;
  const buyer = order.parties.billTo ?? order.parties.buyer;
  return {
    supplier: supplierName ? [supplierName, ...addressLines(seller)] : [],
    partner: [names.partnerName ?? buyer?.name ?? order.partnerId, ...addressLines(buyer)],
  };
}

/** A ship-to as one line for the facts: its name and place. */
export function shipToLine(order: Order): string | undefined {
  const to = order.parties.shipTo;
  if (!to) return undefined;
  return [to.name, ...addressLines(to)].filter(Boolean).join(', ') || undefined;
}

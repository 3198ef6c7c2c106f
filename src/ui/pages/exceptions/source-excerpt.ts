import type { Database } from '../../../db/client.ts';
import { messageRaw } from '../../../db/message-view.ts';
import { scanIsa } from '../../../x12/delimiters.ts';

/** Largest stored message whose lines the exception page reads for its excerpt (bigger ones: the link only). */
const MAX_EXCERPT_BYTES = 2 * 1024 * 1024;

/** The source of an order as the exception page shows it beside the lines: each line's own segment. */
export interface SourceExcerpt {
  /** The order's segments from ST to SE, one per entry (X12 as sent, one segment per line). */
  segments: string[];
  /** The PO1 segment of each order line, by line number. */
  byLine: Map<string, string>;
}

/**
 * The X12 transaction of order `poNumber` (BEG03) in message `messageId`: its segments, and each line's PO1 by
 * its PO101. Undefined for a message that is no X12 (spreadsheets and mail are shown on the message's page,
 * their rows named by the findings), too large to read here, or without that order.
 */
export async function x12Excerpt(
  db: Database,
  messageId: string,
  poNumber: string,
): Promise<SourceExcerpt | undefined> {
  const row = await messageRaw(db, messageId);
  if (row?.channel !== 'x12' || row.raw.byteLength > MAX_EXCERPT_BYTES) return undefined;
  const text = Buffer.from(row.raw).toString('latin1');
  const start = text.indexOf('ISA');
  if (start < 0) return undefined;
  const scan = scanIsa(text, start, true, 0);
  if (scan.status !== 'read' || scan.isa.unusable) return undefined;
  const element = scan.isa.delimiters.element;
  const segments = text
    .split(scan.isa.delimiters.segment)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  // the transaction set whose BEG names the order (an interchange may carry several orders)
  let set: string[] = [];
  for (const segment of segments) {
    const id = segment.split(element, 1)[0];
    if (id === 'ST') set = [segment];
    else if (set.length > 0) set.push(segment);
    if (id === 'SE') {
      if (set.some((s) => s.split(element)[0] === 'BEG' && s.split(element)[3] === poNumber)) break;
      set = [];
    }
  }
  if (set.length === 0) return undefined;
  const byLine = new Map<string, string>();
  for (const segment of set) {
    const parts = segment.split(element);
    if (parts[0] === 'PO1' && parts[1]) byLine.set(parts[1], segment);
  }
  return { segments: set, byLine };
}

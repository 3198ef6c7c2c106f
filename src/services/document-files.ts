import { eq, inArray } from 'drizzle-orm';
import { Order } from '../core/order.ts';
import type { Database } from '../db/client.ts';
import { orders, outboundDocuments, partners } from '../db/schema.ts';
import { resolvedPartner } from '../partners/resolved-partner.ts';
import { mailLanguage } from '../pipeline/mail/mail-language.ts';
import { noticeContent } from '../pipeline/mail/notice-content.ts';
import { noticePdf } from '../pipeline/mail/notice-pdf.ts';
import { documentOrderIds } from '../pipeline/x12/outbound-x12.ts';

/** The formats an outbound document can be downloaded in. */
export type DocumentFileFormat = 'pdf' | 'csv';

/** A file of an outbound document, ready to send: what to call it, its media type, its bytes. */
export interface DocumentFile {
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

/** The document types that have a file: the 855, 856 and 810 a mail partner receives. */
export const FILE_TYPES: ReadonlySet<string> = new Set(['855', '856', '810']);

/**
 * An outbound 855, 856 or 810 as the file a partner without EDI receives: the PDF (order confirmation,
 * packing slip, invoice) or the CSV, exactly as its notice mail attaches them (the same renderers, the PDF dated
 * by the document's creation, so a download is the same bytes as the mail's attachment). Loads the document
 * and its orders; undefined when there is no such document, it is of another type (a 997), or an order it is
 * about is gone. The admin API, the console and the partner portal call this for their downloads.
 */
export async function documentFile(
  db: Database,
  request: { documentId: string; format: DocumentFileFormat },
): Promise<DocumentFile | undefined> {
  const [document] = await db
    .select()
    .from(outboundDocuments)
    .where(eq(outboundDocuments.id, request.documentId))
    .limit(1);
  if (!document || !FILE_TYPES.has(document.type)) return undefined;
  const ids = documentOrderIds(document);
  if (ids.length === 0) return undefined;
  const rows = await db
    .select({ id: orders.id, data: orders.data })
    .from(orders)
    .where(inArray(orders.id, ids));
  const byId = new Map(rows.map((row) => [row.id, Order.parse(row.data)]));
  const found = ids.map((id) => byId.get(id));
  if (found.some((order) => order === undefined)) return undefined;
  const docOrders = found as Order[];
  const partnerId = docOrders[0]!.partnerId;
  // the partner's language, as its notice mails are written
  const language = mailLanguage(await resolvedPartner(db, partnerId));
  if (request.format === 'csv') {
    const content = noticeContent(document, docOrders, language);
    return { filename: content.filename, contentType: 'text/csv; charset=utf-8', bytes: content.csv };
  }
  const [partner] = await db
    .select({ name: partners.name })
    .from(partners)
    .where(eq(partners.id, partnerId))
    .limit(1);
  const pdf = await noticePdf(document, docOrders, {
    language,
    ...(partner ? { partnerName: partner.name } : {}),
  });
  return { filename: pdf.filename, contentType: 'application/pdf', bytes: pdf.bytes };
}

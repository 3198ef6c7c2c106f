import { eq, sql } from 'drizzle-orm';
import { composeNotice } from '../../../connectors/email/notice.ts';
import type { Channel, Order } from '../../core/order.ts';
import { audit } from '../../db/audit.ts';
import { classifyError } from '../../db/classify-error.ts';
import type { Database } from '../../db/client.ts';
import { outboundDocuments, partners } from '../../db/schema.ts';
import { storeMessage } from '../../db/store-message.ts';
import { resolvedPartner } from '../../partners/resolved-partner.ts';
import type { EncodeFailure } from '../stages/encode-failures.ts';
import { mailLanguage } from './mail-language.ts';
import { noticeContent } from './notice-content.ts';
import { noticePdf } from './notice-pdf.ts';
import { type NoticeRoute, noticeRoute } from './notice-route.ts';

/**
 * The channels whose orders are answered by mail rather than X12: `email`, and `csv` (the upload door), whose
 * documents have no address to go to and are set aside as such (notice-route.ts) instead of being called
 * "not X12".
 */
const MAIL_CHANNELS: ReadonlySet<Channel> = new Set(['email', 'csv']);

type DocumentRow = typeof outboundDocuments.$inferSelect;

/** A requested document with the orders it is about, all of them found. */
export interface MailDocument {
  document: DocumentRow;
  orders: Order[];
}

/**
 * Splits a page of requested documents: those about orders that came by mail (or upload) become notice mails,
 * the rest X12. A document whose orders are not all found stays with X12, whose encoder sets it aside as
 * `outbound.order_missing`.
 */
export function splitMailDocuments(
  docs: readonly DocumentRow[],
  orderIds: ReadonlyMap<string, string[]>,
  byOrder: ReadonlyMap<string, Order>,
): { mail: MailDocument[]; x12: DocumentRow[] } {
  const mail: MailDocument[] = [];
  const x12: DocumentRow[] = [];
  for (const document of docs) {
    const found = (orderIds.get(document.id) ?? []).map((id) => byOrder.get(id));
    const orders = found.filter((o): o is Order => o !== undefined);
    if (orders.length > 0 && orders.length === found.length && MAIL_CHANNELS.has(orders[0]!.channel))
      mail.push({ document, orders });
    else x12.push(document);
  }
  return { mail, x12 };
}

/**
 * Writes each document as a notice mail (connectors/email/notice.ts: the summary in the body, the PDF and
 * the CSV attached, in the partner's language, threaded to the order mail) and stores it as an outbound `email`
 * message of the document's type, to go out whole (`message/rfc822`) through the mailbox the order came in by;
 * the document becomes `encoded` with it, as the X12 path does. Returns the messages to deliver (every one:
 * a route exists only with SMTP settings) and the documents that cannot be written, for the caller to set
 * aside; the database failing throws, to fail the job.
 */
export async function writeMailNotices(
  tx: Database,
  docs: readonly MailDocument[],
): Promise<{ toDeliver: string[]; failures: EncodeFailure[] }> {
  const routes = new Map<string, NoticeRoute | string>();
  const languages = new Map<string, string>();
  const names = new Map<string, string>();
  const toDeliver: string[] = [];
  const failures: EncodeFailure[] = [];
  for (const { document, orders } of docs) {
    try {
      toDeliver.push(await writeNotice(tx, document, orders, { routes, languages, names }));
    } catch (error) {
      // as in the X12 path: this document fails alone, the database failing fails the job
      const shape = classifyError(error);
      if (shape.kind === 'retryable' || shape.code.startsWith('database.')) throw error;
      failures.push({ document, error: shape });
    }
  }
  return { toDeliver, failures };
}

/** What a page of notices reads once per order or partner: routes, languages, partner names. */
interface NoticeCaches {
  routes: Map<string, NoticeRoute | string>;
  languages: Map<string, string>;
  names: Map<string, string>;
}

/** One notice: composed, stored, its document encoded and audited; returns the stored message's id. */
async function writeNotice(
  tx: Database,
  document: DocumentRow,
  orders: Order[],
  { routes, languages, names }: NoticeCaches,
): Promise<string> {
  const route = await noticeRoute(tx, orders[0]!, routes);
  const language = await languageOf(tx, orders[0]!.partnerId, languages);
  const content = noticeContent(document, orders, language);
  // the PDF beside the CSV, dated by the document (not the clock), so a notice written again is the same mail
  const pdf = await noticePdf(document, orders, {
    partnerName: await partnerNameOf(tx, orders[0]!.partnerId, names),
    language,
  });
  const domain = route.from.address.slice(route.from.address.lastIndexOf('@') + 1);
  const bytes = await composeNotice({
    ...content,
    pdf,
    to: route.to,
    from: route.from,
    language,
    ...(route.inReplyTo ? { referenceMessageId: route.inReplyTo } : {}),
    // derived from the document, so a notice written again (a replayed job) carries the same Message-ID and
    // the partner's mail program shows it once
    messageId: `<${document.id}.${content.kind}@${domain}>`,
  });
  const control = { to: route.to, ...(route.inReplyTo ? { inReplyTo: route.inReplyTo } : {}) };
  const { id: messageId } = await storeMessage(tx, {
    direction: 'outbound',
    channel: 'email',
    partnerId: orders[0]!.partnerId,
    type: content.kind,
    raw: bytes,
    contentType: 'message/rfc822',
    status: 'done',
    orderId: orders.length === 1 ? orders[0]!.id : null,
    control,
    connectorInstance: route.mailbox,
  });
  await tx
    .update(outboundDocuments)
    .set({ status: 'encoded', messageId, control, updatedAt: sql`now()` })
    .where(eq(outboundDocuments.id, document.id));
  await audit(tx, {
    actor: 'pipeline',
    entityType: 'outbound_document',
    entityId: document.id,
    action: 'encode',
    before: { status: 'requested' },
    after: { status: 'encoded', messageId, channel: 'email', filename: content.filename, ...control },
  });
  return messageId;
}

/** The partner's name as the PDFs print it, read once per partner. */
async function partnerNameOf(tx: Database, partnerId: string, cache: Map<string, string>): Promise<string> {
  let name = cache.get(partnerId);
  if (name === undefined) {
    const [row] = await tx
      .select({ name: partners.name })
      .from(partners)
      .where(eq(partners.id, partnerId))
      .limit(1);
    name = row?.name ?? partnerId;
    cache.set(partnerId, name);
  }
  return name;
}

/** The partner's language for mail (its spreadsheet mapping's, else English), read once per partner. */
async function languageOf(tx: Database, partnerId: string, cache: Map<string, string>): Promise<string> {
  let language = cache.get(partnerId);
  if (language === undefined) {
    language = mailLanguage(await resolvedPartner(tx, partnerId));
    cache.set(partnerId, language);
  }
  return language;
}

import { and, eq, inArray, notInArray } from 'drizzle-orm';
import { Order } from '../../core/order.ts';
import type { Database } from '../../db/client.ts';
import { orderView } from '../../db/order-view.ts';
import { outboundDocuments } from '../../db/schema.ts';
import { ShipmentRequest } from '../../pipeline/x12/outbound-x12.ts';
import { type DocumentFile, type DocumentFileFormat, documentFile } from '../document-files.ts';
import { type LineStatus, orderLineStatuses } from '../order-lines.ts';

/** The documents a partner user may read and download: confirmations, ship notices, invoices. */
export const PORTAL_DOCUMENT_TYPES = ['855', '856', '810'] as const;

/** One of an order's documents as the portal lists it. */
export interface PortalDocument {
  id: string;
  type: (typeof PORTAL_DOCUMENT_TYPES)[number];
  status: string;
  createdAt: string;
  /** An 856's carrier (SCAC, else method), ship date and tracking number. */
  shipment?: { shipDate: string; carrier?: string; trackingNumber?: string };
  /** An 810's number, date and total. */
  invoice?: { invoiceNumber: string; invoiceDate: string; total: string };
}

/** A partner's order with each line's status and the documents sent about it. */
export interface PortalOrder {
  id: string;
  poNumber: string;
  poDate: string;
  status: string;
  currency: string;
  totalAmount: string | null;
  channel: string;
  order: Order;
  lines: LineStatus[];
  documents: PortalDocument[];
}

/** An order is its partner's: any other partner's (or none) reads as not existing. */
async function ownOrder(db: Database, partnerId: string, orderId: string) {
  const view = await orderView(db, orderId);
  return view && view.partnerId === partnerId ? view : undefined;
}

function portalDocument(row: typeof outboundDocuments.$inferSelect): PortalDocument {
  const base = {
    id: row.id,
    type: row.type as PortalDocument['type'],
    status: row.status,
    createdAt: row.createdAt.toISOString(),
  };
  const content = (row.content ?? {}) as Record<string, unknown>;
  if (row.type === '856') {
    const parsed = ShipmentRequest.safeParse(content);
    if (!parsed.success) return base;
    const { shipment } = parsed.data;
    const carrier = shipment.carrier?.scac ?? shipment.carrier?.method;
    return {
      ...base,
      shipment: {
        shipDate: shipment.shipDate,
        ...(carrier ? { carrier } : {}),
        ...(shipment.trackingNumber ? { trackingNumber: shipment.trackingNumber } : {}),
      },
    };
  }
  if (row.type === '810' && typeof content.invoiceNumber === 'string')
    return {
      ...base,
      invoice: {
        invoiceNumber: content.invoiceNumber,
        invoiceDate: String(content.invoiceDate ?? ''),
        total: String(content.total ?? ''),
      },
    };
  return base;
}

/**
 * The partner's documents of one order, oldest first: its 855s, 856s (an 856 shipping several orders is
 * found by each) and 810s, leaving out those cancelled or failed before they reached the partner.
 */
async function orderDocuments(db: Database, partnerId: string, orderId: string): Promise<PortalDocument[]> {
  const rows = await db
    .select()
    .from(outboundDocuments)
    .where(
      and(
        eq(outboundDocuments.partnerId, partnerId),
        eq(outboundDocuments.orderId, orderId),
        inArray(outboundDocuments.type, [...PORTAL_DOCUMENT_TYPES]),
        notInArray(outboundDocuments.status, ['cancelled', 'failed']),
      ),
    )
    .orderBy(outboundDocuments.createdAt, outboundDocuments.id);
  return rows.map(portalDocument);
}

/** The partner's order `orderId` with its lines' statuses and documents; undefined when it is not the partner's. */
export async function partnerOrder(
  db: Database,
  partnerId: string,
  orderId: string,
): Promise<PortalOrder | undefined> {
  const view = await ownOrder(db, partnerId, orderId);
  if (!view) return undefined;
  const order = Order.parse(view.order);
  const [lines, documents] = await Promise.all([
    orderLineStatuses(db, order, view.status),
    orderDocuments(db, partnerId, orderId),
  ]);
  return {
    id: view.id,
    poNumber: view.poNumber,
    poDate: view.poDate,
    status: view.status,
    currency: view.currency,
    totalAmount: view.totalAmount,
    channel: view.channel,
    order,
    lines,
    documents,
  };
}

/**
 * A document of the partner as PDF or CSV (document-files.ts: the files its notice mail attaches); undefined
 * when it is not the partner's, not a confirmation, ship notice or invoice, or was cancelled or failed.
 */
export async function partnerDocumentFile(
  db: Database,
  partnerId: string,
  documentId: string,
  format: DocumentFileFormat,
): Promise<DocumentFile | undefined> {
  const [row] = await db
    .select({ id: outboundDocuments.id })
    .from(outboundDocuments)
    .where(
      and(
        eq(outboundDocuments.id, documentId),
        eq(outboundDocuments.partnerId, partnerId),
        inArray(outboundDocuments.type, [...PORTAL_DOCUMENT_TYPES]),
        notInArray(outboundDocuments.status, ['cancelled', 'failed']),
      ),
    );
  if (!row) return undefined;
  return documentFile(db, { documentId, format });
}

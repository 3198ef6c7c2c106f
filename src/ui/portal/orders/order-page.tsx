import type { ItemIds } from '../../../core/order.ts';
import type { LineStatus } from '../../../services/order-lines.ts';
import type { PortalDocument, PortalOrder } from '../../../services/portal/portal-orders.ts';
import { Badge, Table, When } from '../../components/list.tsx';
import { OrderStatus } from '../../pages/orders/order-list.tsx';

const LINE_TONE: Record<LineStatus['status'], 'ok' | 'warn' | 'bad' | 'muted'> = {
  invoiced: 'ok',
  shipped: 'ok',
  'partly shipped': 'warn',
  accepted: 'ok',
  changed: 'warn',
  backordered: 'warn',
  rejected: 'bad',
  pending: 'muted',
};

const DOCUMENT_NAME: Record<PortalDocument['type'], string> = {
  '855': 'Order confirmation',
  '856': 'Ship notice',
  '810': 'Invoice',
};

/** The item number a buyer knows a line by: its own, else ours, else the GTIN. */
const itemOf = (items: ItemIds) =>
  items.buyerItem ?? items.vendorItem ?? items.sku ?? items.gtin ?? items.upc ?? items.ean ?? '—';

/** A document's download links (the formats there are). */
export function Downloads(props: { doc: PortalDocument; formats: readonly ('pdf' | 'csv')[] }) {
  const name = DOCUMENT_NAME[props.doc.type];
  return (
    <>
      {props.formats.map((format, i) => (
        <>
          {i > 0 && ' · '}
          <a
            href={`/portal/documents/${encodeURIComponent(props.doc.id)}/${format}`}
            aria-label={`${name} ${props.doc.invoice?.invoiceNumber ?? ''} as ${format.toUpperCase()}`.replace(
              '  ',
              ' ',
            )}
          >
            {format.toUpperCase()}
          </a>
        </>
      ))}
    </>
  );
}

/**
 * A partner's order: each line with what was decided (accepted, changed, backordered, rejected), shipped and
 * invoiced; the shipments with carrier and tracking; every confirmation, ship notice and invoice to download.
 */
export function PortalOrderDetail(props: {
  order: PortalOrder;
  formats: readonly ('pdf' | 'csv')[];
  notice?: string;
  /** The change form's link, while nothing is shipped. */
  changeHref?: string;
}) {
  const { order } = props;
  const lineOf = new Map(order.order.lines.map((l) => [l.lineNumber, l]));
  const shipments = order.documents.filter((d) => d.type === '856');
  return (
    <>
      {props.notice && (
        <p class="notice ok" role="status">
          {props.notice}
        </p>
      )}
      <section class="card" aria-labelledby="facts">
        <h2 id="facts">The order</h2>
        <dl class="facts">
          <dt>Status</dt>
          <dd>
            <OrderStatus status={order.status} />
          </dd>
          <dt>PO date</dt>
          <dd>{order.poDate}</dd>
          <dt>Total</dt>
          <dd>{order.totalAmount ? `${order.totalAmount} ${order.currency}` : '—'}</dd>
          <dt>Sent by</dt>
          <dd>{order.channel}</dd>
        </dl>
        {props.changeHref && (
          <p>
            <a class="button secondary" href={props.changeHref}>
              Change or cancel this order
            </a>
          </p>
        )}
      </section>

      <h2>Lines</h2>
      <Table
        caption="The order's lines with what was confirmed, shipped and invoiced"
        head={['Line', 'Item', 'Ordered', 'Confirmed', 'Shipped', 'Invoiced', 'Status']}
        numeric={[2, 3, 4, 5]}
        rows={order.lines.length}
      >
        {order.lines.map((l) => {
          const line = lineOf.get(l.lineNumber);
          return (
            <tr id={`line-${l.lineNumber}`}>
              <td>{l.lineNumber}</td>
              <td>
                {line ? itemOf(line.items) : '—'}
                {line?.description && <div class="hint">{line.description}</div>}
              </td>
              <td class="num">
                {l.ordered} {l.uom}
              </td>
              <td class="num">
                {l.outcome ? l.outcome.quantity : '—'}
                {l.outcome?.unitPrice && l.outcome.unitPrice !== l.unitPrice && (
                  <div class="hint">at {l.outcome.unitPrice}</div>
                )}
                {l.outcome?.reason && <div class="hint">{l.outcome.reason}</div>}
              </td>
              <td class="num">{l.shipped}</td>
              <td class="num">{l.invoiced}</td>
              <td>
                <Badge tone={LINE_TONE[l.status]}>{l.status}</Badge>
              </td>
            </tr>
          );
        })}
      </Table>

      <h2>Shipments</h2>
      <Table
        caption="Shipments of the order with carrier and tracking number"
        head={['Shipped on', 'Carrier', 'Tracking number', 'Ship notice']}
        rows={shipments.length}
        empty="Nothing shipped yet."
      >
        {shipments.map((d) => (
          <tr>
            <td>{d.shipment?.shipDate ?? '—'}</td>
            <td>{d.shipment?.carrier ?? '—'}</td>
            <td>{d.shipment?.trackingNumber ?? '—'}</td>
            <td>
              <Downloads doc={d} formats={props.formats} />
            </td>
          </tr>
        ))}
      </Table>

      <h2>Documents</h2>
      <Table
        caption="Confirmations, ship notices and invoices of the order"
        head={['Document', 'Made', 'Status', 'Download']}
        rows={order.documents.length}
        empty="No confirmation, ship notice or invoice yet."
      >
        {order.documents.map((d) => (
          <tr>
            <td>
              {DOCUMENT_NAME[d.type]}
              {d.invoice && ` ${d.invoice.invoiceNumber}`}
            </td>
            <td>
              <When at={d.createdAt} />
            </td>
            <td>
              <Badge tone={d.status === 'rejected' ? 'bad' : 'muted'}>{d.status}</Badge>
            </td>
            <td>
              <Downloads doc={d} formats={props.formats} />
            </td>
          </tr>
        ))}
      </Table>
    </>
  );
}

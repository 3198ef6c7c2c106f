import { roleAllows } from '../../../core/user.ts';
import type { OrderView } from '../../../db/order-view.ts';
import { FILE_TYPES } from '../../../services/document-files.ts';
import type { LineStatus } from '../../../services/order-lines.ts';
import type { SessionUser } from '../../../services/users/sessions.ts';
import { Badge, Table, When } from '../../components/list.tsx';
import { OrderStatus } from './order-list.tsx';

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

/** The partner's 997/999 verdict on a document we sent. */
function PartnerAck(props: { doc: OrderView['documents'][number] }) {
  const ack = props.doc.partnerAck as { ack?: string; status?: string; messageId?: string } | null;
  if (!ack)
    return props.doc.status === 'overdue' ? (
      <Badge tone="bad">overdue: not acknowledged</Badge>
    ) : (
      <span class="hint">none yet</span>
    );
  const rejected = ack.status === 'R' || props.doc.status === 'rejected';
  return (
    <>
      <Badge tone={rejected ? 'bad' : 'ok'}>
        {ack.ack ?? '997'} {rejected ? 'rejected' : 'accepted'}
      </Badge>
      {ack.messageId && (
        <>
          {' '}
          <a href={`/admin/messages/${encodeURIComponent(ack.messageId)}`}>
            the partner's {ack.ack ?? 'acknowledgment'}
          </a>
        </>
      )}
    </>
  );
}

/**
 * One order's page: its facts, each line with what was decided, shipped and invoiced, the documents sent about
 * it with the partner's acknowledgment of each, and (operators, accepted orders) shipment and invoice forms.
 */
export function OrderDetail(props: {
  user: SessionUser;
  view: OrderView;
  lines: LineStatus[];
  partnerName?: string;
  notice?: string;
}) {
  const { view } = props;
  const base = `/admin/orders/${encodeURIComponent(view.id)}`;
  const canAct = roleAllows(props.user.role, 'operator') && view.status === 'accepted';
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
            <OrderStatus status={view.status} />
          </dd>
          <dt>Partner</dt>
          <dd>
            <a href={`/admin/partners/${encodeURIComponent(view.partnerId)}`}>
              {props.partnerName ?? view.partnerId}
            </a>
          </dd>
          <dt>PO date</dt>
          <dd>{view.poDate}</dd>
          <dt>Purpose</dt>
          <dd>{view.purpose}</dd>
          <dt>Total</dt>
          <dd>{view.totalAmount ? `${view.totalAmount} ${view.currency}` : '—'}</dd>
          <dt>Received</dt>
          <dd>
            <When at={view.createdAt} />
          </dd>
          <dt>Source</dt>
          <dd>
            <a href={`/admin/messages/${encodeURIComponent(view.messageId)}`}>
              the message it came in ({view.channel})
            </a>
          </dd>
        </dl>
        {canAct && (
          <p>
            <a class="button" href={`${base}/ship`}>
              Record a shipment
            </a>{' '}
            <a class="button secondary" href={`${base}/invoice`}>
              Record an invoice
            </a>
          </p>
        )}
      </section>

      <h2>Lines</h2>
      <Table
        caption="The order's lines with what was decided, shipped and invoiced"
        head={['Line', 'Ordered', 'Price', 'Decision', 'Shipped', 'Invoiced', 'Status']}
        numeric={[1, 2, 4, 5]}
        rows={props.lines.length}
      >
        {props.lines.map((l) => (
          <tr id={`line-${l.lineNumber}`}>
            <td>{l.lineNumber}</td>
            <td class="num">
              {l.ordered} {l.uom}
            </td>
            <td class="num">{l.unitPrice ?? '—'}</td>
            <td>
              {l.outcome ? (
                <>
                  {l.outcome.status.replace('_', ' ')}
                  {l.outcome.quantity !== l.ordered && ` to ${l.outcome.quantity}`}
                  {l.outcome.unitPrice && l.outcome.unitPrice !== l.unitPrice && ` at ${l.outcome.unitPrice}`}
                  {l.outcome.reason && <div class="hint">{l.outcome.reason}</div>}
                </>
              ) : (
                <span class="hint">as the order</span>
              )}
            </td>
            <td class="num">{l.shipped}</td>
            <td class="num">{l.invoiced}</td>
            <td>
              <Badge tone={LINE_TONE[l.status]}>{l.status}</Badge>
            </td>
          </tr>
        ))}
      </Table>

      <h2>Documents sent</h2>
      <Table
        caption="Documents sent about the order, with the partner's acknowledgments"
        head={['Document', 'Status', 'Control numbers', 'Sent as', "Partner's acknowledgment"]}
        rows={view.documents.length}
        empty="Nothing sent about this order yet."
      >
        {view.documents.map((d) => {
          const control = (d.control ?? {}) as Record<string, string>;
          return (
            <tr>
              <td>{d.type}</td>
              <td>
                <Badge
                  tone={
                    ['rejected', 'failed', 'overdue'].includes(d.status)
                      ? 'bad'
                      : d.status === 'accepted'
                        ? 'ok'
                        : 'muted'
                  }
                >
                  {d.status}
                </Badge>
              </td>
              <td>
                {control.interchange ? (
                  <span>
                    ISA13 {control.interchange}
                    {control.group && `, GS06 ${control.group}`}
                    {control.transaction && `, ST02 ${control.transaction}`}
                  </span>
                ) : (
                  <span class="hint">not yet numbered</span>
                )}
              </td>
              <td>
                {d.messageId ? (
                  <a href={`/admin/messages/${encodeURIComponent(d.messageId)}`}>outbound message</a>
                ) : (
                  <span class="hint">not yet encoded</span>
                )}
                {FILE_TYPES.has(d.type) && (
                  <span>
                    {' '}
                    (<a href={`/admin/documents/${encodeURIComponent(d.id)}/pdf`}>PDF</a>,{' '}
                    <a href={`/admin/documents/${encodeURIComponent(d.id)}/csv`}>CSV</a>)
                  </span>
                )}
              </td>
              <td>
                <PartnerAck doc={d} />
              </td>
            </tr>
          );
        })}
      </Table>

      {view.diagnostics.length > 0 && (
        <>
          <h2>Findings</h2>
          <ul>
            {(view.diagnostics as { code?: string; message?: string; line?: string }[]).map((d) => (
              <li>
                <code>{d.code}</code> {d.message}
                {d.line && <span class="hint"> (line {d.line})</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

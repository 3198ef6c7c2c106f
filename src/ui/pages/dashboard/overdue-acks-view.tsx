import type { OverdueAck } from '../../../services/dashboard/overdue-acks.ts';
import { PartnerFilter } from '../../components/form.tsx';
import { Badge, Table, When, withQuery } from '../../components/list.tsx';
import { links } from './links.ts';

/** Our control numbers of a document as a partner's 997/999 names them. */
function controlOf(control: Record<string, string> | null): string {
  if (!control) return '—';
  const parts = [
    control.interchange && `ISA13 ${control.interchange}`,
    control.group && `GS06 ${control.group}`,
    control.transaction && `ST02 ${control.transaction}`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : '—';
}

/** Documents we sent that their partner has not acknowledged in time, longest overdue first. */
export function OverdueAcks(props: {
  rows: OverdueAck[];
  partner?: string;
  after?: string;
  next?: string;
  partners: { id: string; name: string }[];
}) {
  return (
    <>
      <p class="hint">
        Documents we sent (855, 856, 810, 865) that the partner has not answered with a 997 or 999 within its
        acknowledgment deadline (24 hours unless its settings say otherwise).
      </p>
      <form class="filters inline" method="get" action="/admin/overdue-acks" aria-label="Filter by partner">
        <PartnerFilter partners={props.partners} value={props.partner} />
        <button type="submit">Filter</button>
        <a href="/admin/overdue-acks">Clear filter</a>
      </form>
      <Table
        caption="Documents without the partner's acknowledgment, longest overdue first"
        head={['Document', 'Order', 'Partner', 'Sent', 'Due', 'Message']}
        rows={props.rows.length}
        empty="No document is waiting for an acknowledgment past its deadline."
      >
        {props.rows.map((d) => (
          <tr>
            <td>
              {d.type} <Badge tone="bad">overdue</Badge>
              <div class="hint">{controlOf(d.control)}</div>
            </td>
            <td>
              {d.orderId ? (
                <a href={links.order(d.orderId)}>{d.poNumber ? `PO ${d.poNumber}` : d.orderId}</a>
              ) : (
                '—'
              )}
            </td>
            <td>{d.partnerName ?? d.partnerId ?? '—'}</td>
            <td>
              <When at={d.sentAt} />
            </td>
            <td>
              <When at={d.dueAt} />
            </td>
            <td>
              {d.orderMessageId ? (
                <a href={links.message(d.orderMessageId)}>
                  The partner's order{d.poNumber ? ` ${d.poNumber}` : ''}
                </a>
              ) : d.messageId ? (
                <a href={links.message(d.messageId)}>The {d.type} sent</a>
              ) : (
                '—'
              )}
            </td>
          </tr>
        ))}
      </Table>
      <nav class="pager" aria-label="Pages">
        {props.after ? (
          <a href={withQuery('/admin/overdue-acks', { partner: props.partner })}>← First page</a>
        ) : (
          <span />
        )}
        {props.next ? (
          <a href={withQuery('/admin/overdue-acks', { partner: props.partner, after: props.next })}>
            Later documents →
          </a>
        ) : (
          <span />
        )}
      </nav>
    </>
  );
}

import { listOrders } from '../../../db/order-view.ts';
import { Table, When, withQuery } from '../../components/list.tsx';
import { OrderStatus } from '../../pages/orders/order-list.tsx';
import type { PortalApp, PortalDeps } from '../portal-app.ts';
import { PortalPage } from '../portal-layout.tsx';

/** Orders one page of the list shows. */
const PAGE_SIZE = 50;

/**
 * The partner's orders (`/portal/orders`), newest first in keyset pages. The partner is the signed-in user's,
 * never one from the URL.
 */
export function registerPortalOrderPages(app: PortalApp, deps: PortalDeps): void {
  app.get('/', (c) => c.redirect('/portal/orders', 302));

  app.get('/orders', async (c) => {
    const user = c.get('partnerUser');
    const after = c.req.query('after')?.slice(0, 100) || undefined;
    const rows = await listOrders(deps.db, {
      partnerId: user.partnerId,
      ...(after ? { after } : {}),
      limit: PAGE_SIZE + 1,
    });
    const page = rows.slice(0, PAGE_SIZE);
    const next = rows.length > PAGE_SIZE ? page.at(-1)?.id : undefined;
    return c.html(
      <PortalPage title="Orders" user={user} path={c.req.path} version={deps.version}>
        <Table
          caption="Your orders, newest first"
          head={['PO number', 'PO date', 'Channel', 'Status', 'Total', 'Received']}
          numeric={[4]}
          rows={page.length}
          empty="No orders yet."
        >
          {page.map((o) => (
            <tr>
              <td>
                <a href={`/portal/orders/${encodeURIComponent(o.id)}`}>{o.poNumber}</a>
              </td>
              <td>{o.poDate}</td>
              <td>{o.channel}</td>
              <td>
                <OrderStatus status={o.status} />
              </td>
              <td class="num">{o.totalAmount ? `${o.totalAmount} ${o.currency}` : '—'}</td>
              <td>
                <When at={o.createdAt} />
              </td>
            </tr>
          ))}
        </Table>
        <nav class="pager" aria-label="Pages">
          {after ? <a href="/portal/orders">← Newest</a> : <span />}
          {next ? <a href={withQuery('/portal/orders', { after: next })}>Older orders →</a> : <span />}
        </nav>
      </PortalPage>,
    );
  });
}

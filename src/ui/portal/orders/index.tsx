import type { FieldProblem } from '../../../core/field-problem.ts';
import { listOrders } from '../../../db/order-view.ts';
import { changeable, requestOrderChange } from '../../../services/portal/change-request.ts';
import { partnerDocumentFile, partnerOrder } from '../../../services/portal/portal-orders.ts';
import { problemsOf } from '../../components/form.tsx';
import { Table, When, withQuery } from '../../components/list.tsx';
import { OrderStatus } from '../../pages/orders/order-list.tsx';
import type { PortalApp, PortalContext, PortalDeps } from '../portal-app.ts';
import { PortalPage } from '../portal-layout.tsx';
import { portalNotFound } from '../portal-pages.tsx';
import { ChangeForm } from './change-page.tsx';
import { PortalOrderDetail } from './order-page.tsx';

/** Orders one page of the list shows. */
const PAGE_SIZE = 50;

/** The download formats of a document. */
const FORMATS = ['pdf', 'csv'] as const;

/**
 * The partner's orders (`/portal/orders`), newest first in keyset pages; one order with its lines' statuses,
 * shipments and documents; each document downloadable. The partner is always the signed-in user's, never one
 * from the URL: another partner's order or document is not found (404), as one that does not exist.
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

  app.get('/orders/:id', async (c) => {
    const user = c.get('partnerUser');
    const order = await partnerOrder(deps.db, user.partnerId, c.req.param('id'));
    if (!order) return portalNotFound(c, deps);
    return c.html(
      <PortalPage title={`Order ${order.poNumber}`} user={user} path={c.req.path} version={deps.version}>
        <p>
          <a href="/portal/orders">All orders</a>
        </p>
        <PortalOrderDetail
          order={order}
          formats={FORMATS}
          {...(c.req.query('done') === 'change'
            ? { notice: 'Your change is sent: the order shows it once it is applied (a moment).' }
            : {})}
          {...(changeable(order)
            ? {}
            : { changeHref: `/portal/orders/${encodeURIComponent(order.id)}/change` })}
        />
      </PortalPage>,
    );
  });

  /** The change form, or why the order no longer changes (409). */
  const changePage = async (
    c: PortalContext,
    extra: { values?: Record<string, string>; problems?: FieldProblem[]; refused?: string } = {},
    status: 200 | 409 | 422 = 200,
  ) => {
    const user = c.get('partnerUser');
    const order = await partnerOrder(deps.db, user.partnerId, c.req.param('id') ?? '');
    if (!order) return portalNotFound(c, deps);
    const refused = extra.refused ?? changeable(order);
    return c.html(
      <PortalPage
        title={`Change order ${order.poNumber}`}
        user={user}
        path={c.req.path}
        version={deps.version}
      >
        <p>
          <a href={`/portal/orders/${encodeURIComponent(order.id)}`}>Back to the order</a>
        </p>
        {refused ? (
          <p class="notice bad" role="alert">
            {refused}
          </p>
        ) : (
          <ChangeForm order={order} user={user} values={extra.values} problems={extra.problems} />
        )}
      </PortalPage>,
      refused ? 409 : status,
    );
  };

  app.get('/orders/:id/change', (c) => changePage(c));

  app.post('/orders/:id/change', async (c) => {
    const body = await c.req.parseBody();
    const values = Object.fromEntries(
      Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    const quantities: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) {
      const line = /^lines\.(.+)\.quantity$/.exec(key)?.[1];
      if (line !== undefined) quantities[line] = value.slice(0, 30);
    }
    const id = c.req.param('id');
    try {
      const result = await requestOrderChange(
        { db: deps.db, log: deps.log, notify: () => deps.dispatcher.notify() },
        c.get('partnerUser'),
        id,
        { cancel: values.cancel === 'yes', quantities },
      );
      if (result.outcome === 'not_found') return portalNotFound(c, deps);
      if (result.outcome === 'not_changeable') return changePage(c, { refused: result.reason }, 409);
      if (result.outcome === 'no_change')
        return changePage(
          c,
          { values, problems: [{ path: '(form)', message: 'Nothing changed: type a new quantity.' }] },
          422,
        );
      return c.redirect(`/portal/orders/${encodeURIComponent(id)}?done=change`, 303);
    } catch (error) {
      const problems = problemsOf(error);
      if (!problems) throw error;
      return changePage(c, { values, problems }, 422);
    }
  });

  app.get('/documents/:id/:format{pdf|csv}', async (c) => {
    const format = c.req.param('format') as 'pdf' | 'csv';
    const file = await partnerDocumentFile(
      deps.db,
      c.get('partnerUser').partnerId,
      c.req.param('id'),
      format,
    );
    if (!file) return portalNotFound(c, deps);
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.filename.replace(/[^\w.-]+/g, '_')}"`,
    });
  });
}

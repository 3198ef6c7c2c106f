import type { FieldProblem } from '../../../core/field-problem.ts';
import { Order } from '../../../core/order.ts';
import { listOrders, orderView } from '../../../db/order-view.ts';
import { listPartners } from '../../../partners/partner-store.ts';
import { documentFile } from '../../../services/document-files.ts';
import { orderLineStatuses } from '../../../services/order-lines.ts';
import { recordInvoice } from '../../../services/record-invoice.ts';
import { recordShipment } from '../../../services/record-shipment.ts';
import { problemsOf } from '../../components/form.tsx';
import type { ConsoleApp, ConsoleContext, ConsoleDeps } from '../../deps.ts';
import { Page } from '../../layout.tsx';
import { actorOf, allow } from '../../session.ts';
import {
  type FormValues,
  InvoiceForm,
  invoiceInput,
  ShipmentForm,
  shipmentInput,
} from './document-forms.tsx';
import { OrderList, orderFilter, orderQuery } from './order-list.tsx';
import { OrderDetail } from './order-page.tsx';

/** Orders one page of the list shows. */
const PAGE_SIZE = 50;

async function formValues(c: ConsoleContext): Promise<FormValues> {
  const body = await c.req.parseBody();
  return Object.fromEntries(
    Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

/**
 * Orders (`/admin/orders`): the list by partner, status, channel and day in keyset pages; one order's lines
 * with what was decided, shipped and invoiced and the documents sent with their acknowledgments; a shipment or
 * an invoice recorded by form through the services of `POST /v1/orders/{id}/shipments` and `/invoices`.
 */
export function registerOrderPages(app: ConsoleApp, deps: ConsoleDeps): void {
  const operator = allow('operator');
  const partners = async () =>
    (await listPartners(deps.db))
      .map((p) => ({ id: p.id, name: p.name }))
      .sort((a, b) => a.name.localeCompare(b.name));

  // an 855, 856 or 810 as the PDF or CSV the partner's notice mail carries (the service the API and portal call)
  app.get('/documents/:id/:format', async (c) => {
    const format = c.req.param('format');
    if (format !== 'pdf' && format !== 'csv') return c.notFound();
    const file = await documentFile(deps.db, { documentId: c.req.param('id'), format });
    if (file === undefined) return c.notFound();
    return c.body(new Uint8Array(file.bytes), 200, {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.filename}"`,
      'X-Content-Type-Options': 'nosniff',
    });
  });

  app.get('/orders', async (c) => {
    const query = orderQuery((name) => c.req.query(name));
    const parsed = orderFilter(query, PAGE_SIZE + 1);
    const rows = parsed.filter ? await listOrders(deps.db, parsed.filter) : [];
    const page = rows.slice(0, PAGE_SIZE);
    return c.html(
      <Page title="Orders" user={c.get('user')} path={c.req.path} version={deps.version}>
        <OrderList
          query={query}
          rows={page}
          next={rows.length > PAGE_SIZE ? page.at(-1)?.id : undefined}
          partners={await partners()}
          problems={parsed.problems}
        />
      </Page>,
      parsed.problems ? 422 : 200,
    );
  });

  /** The order, its lines' statuses and its partner's name; undefined when there is no such order. */
  const load = async (id: string) => {
    const view = await orderView(deps.db, id);
    if (!view) return undefined;
    const [lines, named] = await Promise.all([
      orderLineStatuses(deps.db, Order.parse(view.order), view.status),
      listPartners(deps.db, [view.partnerId]),
    ]);
    return { view, lines, partnerName: named[0]?.name };
  };

  app.get('/orders/:id', async (c) => {
    const found = await load(c.req.param('id'));
    if (!found) return c.notFound();
    const notice = c.req.query('done');
    return c.html(
      <Page
        title={`Order ${found.view.poNumber}`}
        user={c.get('user')}
        path={c.req.path}
        version={deps.version}
      >
        <OrderDetail
          user={c.get('user')}
          {...found}
          notice={
            notice === 'shipment'
              ? 'The shipment is recorded; its 856 is being written.'
              : notice === 'invoice'
                ? 'The invoice is recorded; its 810 is being written.'
                : undefined
          }
        />
      </Page>,
    );
  });

  for (const kind of ['shipment', 'invoice'] as const) {
    const title = kind === 'shipment' ? 'Record a shipment' : 'Record an invoice';
    const render = async (
      c: ConsoleContext,
      extra: { form?: FormValues; problems?: FieldProblem[] } = {},
      status: 200 | 409 | 422 = 200,
    ) => {
      const found = await load(c.req.param('id') ?? '');
      if (!found) return c.notFound();
      const base = `/admin/orders/${encodeURIComponent(found.view.id)}`;
      const Form = kind === 'shipment' ? ShipmentForm : InvoiceForm;
      return c.html(
        <Page
          title={`${title} for ${found.view.poNumber}`}
          user={c.get('user')}
          path={c.req.path}
          version={deps.version}
        >
          <p>
            <a href={base}>Back to the order</a>
          </p>
          {found.view.status === 'accepted' ? (
            <Form user={c.get('user')} action={`${base}/${kind}s`} lines={found.lines} {...extra} />
          ) : (
            <p class="notice bad">
              The order is {found.view.status}: only an accepted order ships or is invoiced.
            </p>
          )}
        </Page>,
        extra.problems && status === 200 ? 422 : status,
      );
    };

    app.get(`/orders/:id/${kind === 'shipment' ? 'ship' : 'invoice'}`, operator, (c) => render(c));

    app.post(`/orders/:id/${kind}s`, operator, async (c) => {
      const id = c.req.param('id');
      const form = await formValues(c);
      const found = await load(id);
      if (!found) return c.notFound();
      const { input, paths } =
        kind === 'shipment'
          ? shipmentInput(form, found.lines.length)
          : invoiceInput(form, found.lines.length);
      try {
        const result =
          kind === 'shipment'
            ? await recordShipment(deps.db, id, input, actorOf(c))
            : await recordInvoice(deps.db, id, input, actorOf(c));
        if (result.outcome === 'requested') {
          deps.dispatcher.notify();
          return c.redirect(`/admin/orders/${encodeURIComponent(id)}?done=${kind}`, 303);
        }
        const message =
          result.outcome === 'not_accepted'
            ? `order ${result.poNumber} is ${result.status}: only an accepted order ships or is invoiced`
            : result.outcome === 'several_partners'
              ? 'one ship notice goes to one partner'
              : 'no such order';
        return render(c, { form, problems: [{ path: '(form)', message }] }, 409);
      } catch (error) {
        const problems = problemsOf(error);
        if (!problems) throw error;
        return render(c, { form, problems: paths(problems) });
      }
    });
  }
}

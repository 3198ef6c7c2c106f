import { partnerAccount } from '../../../services/portal/portal-account.ts';
import { Badge, Table } from '../../components/list.tsx';
import type { PortalApp, PortalDeps } from '../portal-app.ts';
import { PortalPage } from '../portal-layout.tsx';

/** The download formats of an invoice. */
const FORMATS = ['pdf', 'csv'] as const;

/**
 * The partner's account (`/portal/invoices`): the open balance and credit limit, each open invoice with its due
 * date (invoice date plus the partner's payment terms), what is paid and open, and the payments received.
 */
export function registerPortalInvoicePages(app: PortalApp, deps: PortalDeps): void {
  app.get('/invoices', async (c) => {
    const user = c.get('partnerUser');
    const account = await partnerAccount(deps.db, user.partnerId, new Date());
    return c.html(
      <PortalPage title="Invoices" user={user} path={c.req.path} version={deps.version}>
        <section class="card" aria-labelledby="balance">
          <h2 id="balance">Your balance</h2>
          <dl class="facts">
            <dt>Open balance</dt>
            <dd>
              {account.openBalance} {account.currency}
            </dd>
            {account.creditLimit !== undefined && (
              <>
                <dt>Credit limit</dt>
                <dd>
                  {account.creditLimit} {account.currency}
                </dd>
              </>
            )}
          </dl>
        </section>
        <h2>Open invoices</h2>
        <Table
          caption="Invoices not yet paid in full, oldest first"
          head={['Invoice', 'Order', 'Date', 'Due', 'Total', 'Paid', 'Open', 'Download']}
          numeric={[4, 5, 6]}
          rows={account.invoices.length}
          empty="No open invoices."
        >
          {account.invoices.map((i) => (
            <tr id={`invoice-${i.invoiceNumber}`}>
              <td>{i.invoiceNumber}</td>
              <td>
                <a href={`/portal/orders/${encodeURIComponent(i.orderId)}`}>the order</a>
              </td>
              <td>{i.invoiceDate}</td>
              <td>
                {i.dueDate}{' '}
                {i.daysOverdue > 0 ? (
                  <Badge tone="bad">{`${i.daysOverdue} days overdue`}</Badge>
                ) : (
                  <Badge tone="muted">not due</Badge>
                )}
              </td>
              <td class="num">{i.total}</td>
              <td class="num">{i.paid}</td>
              <td class="num">{i.open}</td>
              <td>
                {i.documentId
                  ? FORMATS.map((f, n) => (
                      <>
                        {n > 0 && ' · '}
                        <a
                          href={`/portal/documents/${encodeURIComponent(i.documentId!)}/${f}`}
                          aria-label={`Invoice ${i.invoiceNumber} as ${f.toUpperCase()}`}
                        >
                          {f.toUpperCase()}
                        </a>
                      </>
                    ))
                  : '—'}
              </td>
            </tr>
          ))}
        </Table>
        <h2>Payments received</h2>
        <Table
          caption="The latest payments received, newest first"
          head={['Received', 'Reference', 'Amount']}
          numeric={[2]}
          rows={account.payments.length}
          empty="No payments recorded."
        >
          {account.payments.map((p) => (
            <tr>
              <td>{p.receivedAt.slice(0, 10)}</td>
              <td>{p.reference}</td>
              <td class="num">
                {p.amount} {p.currency}
              </td>
            </tr>
          ))}
        </Table>
      </PortalPage>,
    );
  });
}

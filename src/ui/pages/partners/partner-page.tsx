import { redactSettings, showIdentifier } from '../../../core/partner.ts';
import type { MessageSummary } from '../../../db/message-view.ts';
import type { OrderSummary } from '../../../db/order-view.ts';
import type { ApiKeyView, PartnerView } from '../../../partners/partner-store.ts';
import type { ExceptionSummary } from '../../../services/exceptions/exception-inbox.ts';
import type { SessionUser } from '../../../services/users/sessions.ts';
import { Badge, Table, When } from '../../components/list.tsx';
import { CsrfField } from '../../layout.tsx';

/** What the partner page shows besides the partner: its keys and its latest work. */
export interface PartnerActivity {
  keys: ApiKeyView[];
  messages: MessageSummary[];
  orders: OrderSummary[];
  exceptions: ExceptionSummary[];
}

const shown = (value: unknown): string =>
  value === '[redacted]' ? 'set (stored sealed)' : typeof value === 'string' ? value : JSON.stringify(value);

/** The one-time key notice: the key is never stored, so this is the only time anyone sees it. */
export function KeyNotice(props: { apiKey: string }) {
  return (
    <div class="notice ok" role="status">
      <p>The partner's new API key. It is shown only now; give it to the partner:</p>
      <p class="secret">{props.apiKey}</p>
    </div>
  );
}

function Settings(props: { settings: Record<string, unknown> }) {
  const { delivery, ...rest } = redactSettings(props.settings) as Record<string, unknown> & {
    delivery?: { transport: string; config: Record<string, unknown> };
  };
  return (
    <>
      <section class="card" aria-labelledby="settings">
        <h2 id="settings">Settings and policies</h2>
        <dl class="facts">
          {Object.entries(rest)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([key, value]) => (
              <>
                <dt>{key}</dt>
                <dd>{shown(value)}</dd>
              </>
            ))}
        </dl>
      </section>
      <section class="card" aria-labelledby="delivery">
        <h2 id="delivery">Delivery</h2>
        {delivery ? (
          <dl class="facts">
            <dt>transport</dt>
            <dd>{delivery.transport}</dd>
            {Object.entries(delivery.config).map(([key, value]) => (
              <>
                <dt>{key}</dt>
                <dd>{shown(value)}</dd>
              </>
            ))}
          </dl>
        ) : (
          <p class="hint">None: the partner pulls its documents from the API.</p>
        )}
      </section>
    </>
  );
}

function Keys(props: { partnerId: string; keys: ApiKeyView[]; user: SessionUser; admin: boolean }) {
  const base = `/admin/partners/${props.partnerId}/keys`;
  return (
    <section class="card" aria-labelledby="keys">
      <h2 id="keys">API keys</h2>
      <Table
        caption="API keys"
        head={['Key', 'Created', 'State', 'Actions']}
        rows={props.keys.length}
        empty="No API key: issue one for the partner to post orders."
      >
        {props.keys.map((k) => (
          <tr>
            <td>
              <code>{k.prefix}…</code>
            </td>
            <td>
              <When at={k.createdAt} />
            </td>
            <td>
              {k.revokedAt ? (
                <>
                  <Badge tone="muted">revoked</Badge> <When at={k.revokedAt} />
                </>
              ) : (
                <Badge tone="ok">active</Badge>
              )}
            </td>
            <td>
              {props.admin && !k.revokedAt && (
                <>
                  <form class="inline" method="post" action={`${base}/${k.id}/rotate`}>
                    <CsrfField user={props.user} />
                    <button type="submit" class="secondary" aria-label={`Rotate key ${k.prefix}`}>
                      Rotate
                    </button>
                  </form>
                  <form class="inline" method="post" action={`${base}/${k.id}/revoke`}>
                    <CsrfField user={props.user} />
                    <button type="submit" class="danger" aria-label={`Revoke key ${k.prefix}`}>
                      Revoke
                    </button>
                  </form>
                </>
              )}
            </td>
          </tr>
        ))}
      </Table>
      <p class="hint">Rotating issues a new key (shown once) and revokes the old one at once.</p>
      {props.admin && (
        <form method="post" action={base}>
          <CsrfField user={props.user} />
          <button type="submit">Issue a new key</button>
        </form>
      )}
    </section>
  );
}

function Activity(props: { partnerId: string; activity: PartnerActivity }) {
  const { messages, orders, exceptions } = props.activity;
  const q = encodeURIComponent(props.partnerId);
  return (
    <section class="card" aria-labelledby="activity">
      <h2 id="activity">Current activity</h2>
      <h3>Latest messages</h3>
      <Table
        caption="Latest messages"
        head={['Received', 'Type', 'Channel', 'Status']}
        rows={messages.length}
      >
        {messages.map((m) => (
          <tr>
            <td>
              <a href={`/admin/messages/${m.id}`}>
                <When at={m.receivedAt} />
              </a>
            </td>
            <td>{m.type ?? '—'}</td>
            <td>{m.channel}</td>
            <td>{m.status}</td>
          </tr>
        ))}
      </Table>
      <p>
        <a href={`/admin/messages?partner=${q}`}>All messages of {props.partnerId}</a>
      </p>
      <h3>Latest orders</h3>
      <Table caption="Latest orders" head={['PO number', 'Status', 'Received']} rows={orders.length}>
        {orders.map((o) => (
          <tr>
            <td>
              <a href={`/admin/orders/${o.id}`}>{o.poNumber}</a>
            </td>
            <td>{o.status}</td>
            <td>
              <When at={o.createdAt} />
            </td>
          </tr>
        ))}
      </Table>
      <p>
        <a href={`/admin/orders?partner=${q}`}>All orders of {props.partnerId}</a>
      </p>
      <h3>Open exceptions</h3>
      <Table caption="Open exceptions" head={['Exception', 'Type', 'Due']} rows={exceptions.length}>
        {exceptions.map((e) => (
          <tr>
            <td>
              <a href={`/admin/exceptions/${e.id}`}>{e.message}</a>
            </td>
            <td>{e.type}</td>
            <td>
              {e.overdue && <Badge tone="bad">overdue</Badge>} <When at={e.dueAt} />
            </td>
          </tr>
        ))}
      </Table>
      <p>
        <a href={`/admin/exceptions?partner=${q}`}>All exceptions of {props.partnerId}</a>
      </p>
    </section>
  );
}

/** One partner: identifiers, settings, delivery (credentials only said to be set), keys and activity. */
export function PartnerDetail(props: {
  partner: PartnerView;
  activity: PartnerActivity;
  user: SessionUser;
  admin: boolean;
}) {
  const { partner } = props;
  return (
    <>
      {props.admin && (
        <p>
          <a class="button" href={`/admin/partners/${partner.id}/edit`}>
            Edit {partner.name}
          </a>
        </p>
      )}
      <section class="card" aria-labelledby="identifiers">
        <h2 id="identifiers">Identifiers</h2>
        {partner.identifiers.length === 0 ? (
          <p class="hint">None: the partner is known only by its API key.</p>
        ) : (
          <ul>
            {partner.identifiers.map((i) => (
              <li>{showIdentifier({ ...i, qualifier: i.qualifier ?? '' })}</li>
            ))}
          </ul>
        )}
      </section>
      <Settings settings={partner.settings} />
      <Keys partnerId={partner.id} keys={props.activity.keys} user={props.user} admin={props.admin} />
      <section class="card" aria-labelledby="portal-users">
        <h2 id="portal-users">Portal users</h2>
        <p>
          The partner's people who order and follow their orders in the portal:{' '}
          <a href={`/admin/partners/${encodeURIComponent(partner.id)}/portal-users`}>
            invite, list and disable them
          </a>
          .
        </p>
      </section>
      <section class="card" aria-labelledby="as2">
        <h2 id="as2">AS2</h2>
        {/* the expiry warning, when there is one, is fetched with the page (htmx); the link is there without it */}
        <div hx-get={`/admin/partners/${encodeURIComponent(partner.id)}/as2/warning`} hx-trigger="load" />
        <p>
          The partner's AS2 certificates and settings:{' '}
          <a href={`/admin/partners/${encodeURIComponent(partner.id)}/as2`}>
            add, rotate and retire certificates
          </a>
          .
        </p>
      </section>
      <Activity partnerId={partner.id} activity={props.activity} />
    </>
  );
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIVE_LINES } from '../src/rules/fixtures/five-lines.ts';
import { createPortal } from '../src/ui/portal/portal.tsx';
import type { PortalDeps } from '../src/ui/portal/portal-app.ts';
import { PORTAL_SECTIONS } from '../src/ui/portal/portal-layout.tsx';
import { ADMIN, gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';
import { type PortalClient, signInAsPartnerUser } from './support/portal-client.ts';
import { eventually } from './support/services.ts';
import { setUpFiveLinePartner, x12Order } from './support/wholesale-setup.ts';

/** Partner B's data that partner A's user tries to reach. */
interface Other {
  orderId: string;
  poNumber: string;
  /** B's 855. */
  documentId: string;
  invoiceNumber: string;
}

/** What a route must answer A's user given B's ids: 404, a list without B's data, or a redirect. */
type Visit = {
  url: (b: Other) => string;
  expect: 'not-found' | 'list' | 'redirect';
  form?: Record<string, string>;
};

/**
 * Every route of the portal behind sign-in, as partner A's user visits it with partner B's ids. A route the
 * portal registers without an entry here fails the test: add it (with B's ids in its URL and form).
 */
const VISITS: Record<string, Visit> = {
  'GET /': { url: () => '/portal', expect: 'redirect' },
  'GET /orders': { url: () => '/portal/orders', expect: 'list' },
  'GET /orders/:id': { url: (b) => `/portal/orders/${b.orderId}`, expect: 'not-found' },
  'GET /documents/:id/:format{pdf|csv}': {
    url: (b) => `/portal/documents/${b.documentId}/pdf`,
    expect: 'not-found',
  },
  'GET /invoices': { url: () => '/portal/invoices', expect: 'list' },
  'GET /orders/:id/change': { url: (b) => `/portal/orders/${b.orderId}/change`, expect: 'not-found' },
  'POST /orders/:id/change': {
    url: (b) => `/portal/orders/${b.orderId}/change`,
    expect: 'not-found',
    form: { cancel: 'yes' },
  },
};

/** Routes open without a session (sign-in, invite links, sign-out): no partner's data behind them. */
const PUBLIC = new Set([
  'GET /sign-in',
  'POST /sign-in',
  'POST /sign-in/code',
  'GET /invite/:token',
  'POST /invite/:token',
  'POST /sign-out',
]);

/** Every GET and POST route the portal registers, read from the app itself (a new route is covered at once). */
function portalRoutes(): string[] {
  // registering routes touches none of the handles: the app is built only to be read
  const app = createPortal({ version: 'test', publicUrl: 'http://localhost' } as PortalDeps);
  const keys = app.routes
    .filter((r) => r.method === 'GET' || r.method === 'POST')
    .map((r) => `${r.method} ${r.path.replace(/^\/portal/, '') || '/'}`);
  return [...new Set(keys)].filter((k) => !PUBLIC.has(k));
}

describe.each(gatewayModes())('partner isolation in the portal ($name)', (mode) => {
  let t: TestGateway;
  let a: PortalClient;
  let b: PortalClient;
  let other: Other;

  beforeAll(async () => {
    t = await startTestGateway(mode);
    // B: the five-line partner with an order, its 855 and an invoice; A: a partner of its own
    const key = await setUpFiveLinePartner(t, {
      priceMismatch: 'accept-ours',
      quantityRule: 'round-up',
      unknownItem: 'reject-line',
    });
    await t.createPartner({
      id: 'acme',
      name: 'Acme',
      identifiers: [{ type: 'email', value: 'orders@acme.example' }],
    });
    a = await signInAsPartnerUser(t, 'acme');
    b = await signInAsPartnerUser(t, FIVE_LINES.partnerId);
    const { id, message } = await t.deliver(x12Order('PO-OF-PARTNER-B', FIVE_LINES.lines, 8001), key);
    const orderId = message.orders[0]!.id;
    await t.answers(id, 2);
    const invoiced = await t.call(`/v1/orders/${orderId}/invoices`, {
      method: 'POST',
      token: ADMIN,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        invoiceNumber: 'INV-OF-PARTNER-B',
        invoiceDate: '2026-03-15',
        lines: [{ lineNumber: '5', quantity: '1' }],
      }),
    });
    expect(invoiced.status, await invoiced.clone().text()).toBe(202);
    const documents = await eventually(async () => {
      const order = await t.json<{ documents: { id: string; type: string }[] }>(`/v1/orders/${orderId}`);
      return order.documents.some((d) => d.type === '855') && order.documents.some((d) => d.type === '810')
        ? order.documents
        : undefined;
    });
    other = {
      orderId,
      poNumber: 'PO-OF-PARTNER-B',
      documentId: documents.find((d) => d.type === '855')!.id,
      invoiceNumber: 'INV-OF-PARTNER-B',
    };
  }, 180_000);
  afterAll(() => t?.close());

  it('covers every portal route behind sign-in', () => {
    const routes = portalRoutes();
    expect(routes).toContain('GET /orders/:id');
    expect(routes.filter((r) => !(r in VISITS))).toEqual([]);
    // the navigation links only pages that exist
    const navigation = PORTAL_SECTIONS.map((s) => `GET ${s.href.replace(/^\/portal/, '')}`);
    expect(navigation.filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('B’s own user reaches B’s order and document (the ids are right)', async () => {
    expect((await b.get(`/portal/orders/${other.orderId}`)).status).toBe(200);
    expect((await b.get(`/portal/documents/${other.documentId}/csv`)).status).toBe(200);
    expect(await (await b.get('/portal/orders')).text()).toContain(other.poNumber);
    expect(await (await b.get('/portal/invoices')).text()).toContain(other.invoiceNumber);
  });

  it('A’s user gets 404 for every route with B’s ids, and lists without B’s data', async () => {
    const answers: string[] = [];
    const wanted: string[] = [];
    for (const route of portalRoutes()) {
      const visit = VISITS[route]!;
      const url = visit.url(other);
      const res = route.startsWith('POST ') ? await a.post(url, visit.form ?? {}) : await a.get(url);
      const body = await res.text();
      const leaks = [other.orderId, other.poNumber, other.documentId, other.invoiceNumber].filter(
        (s) => body.includes(s) && !(visit.expect === 'not-found' && url.includes(s)),
      );
      answers.push(`${route} → ${res.status}${leaks.length ? ` leaking ${leaks.join(', ')}` : ''}`);
      wanted.push(`${route} → ${visit.expect === 'not-found' ? 404 : visit.expect === 'list' ? 200 : 302}`);
    }
    expect(answers).toEqual(wanted);
  });

  it('B’s order is untouched by A’s cancellation', async () => {
    const order = await t.json<{ status: string }>(`/v1/orders/${other.orderId}`);
    expect(order.status).toBe('accepted');
    const [stored] = await t.query<{ n: number }>(
      "select count(*)::int as n from messages where channel = 'portal'",
    );
    expect(stored!.n).toBe(0);
  });

  it('a partner id in the URL or a form changes nothing: the session’s partner scopes', async () => {
    const html = await (
      await a.get(`/portal/orders?partner=${FIVE_LINES.partnerId}&partnerId=${FIVE_LINES.partnerId}`)
    ).text();
    expect(html).not.toContain(other.poNumber);
    const invoices = await (await a.get(`/portal/invoices?partnerId=${FIVE_LINES.partnerId}`)).text();
    expect(invoices).not.toContain(other.invoiceNumber);
  });
});

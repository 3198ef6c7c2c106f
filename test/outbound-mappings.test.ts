import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { X12Interchange, X12Parser } from 'node-x12';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssccCheckDigit } from '../connectors/x12/sscc.ts';
import { readX12Sync } from '../src/x12/reader.ts';
import {
  ADMIN,
  gatewayModes,
  startTestGateway,
  type TestGateway,
  VALID_850,
  withControl,
} from './support/gateway-harness.ts';
import { eventually } from './support/services.ts';

/**
 * A partner described only by files (partner.yaml + outbound mapping files) gets the documents its mappings
 * describe, through the whole pipeline: its delimiters, its 855 segment choices, its 856 hierarchy, and an
 * 810 with every 856 because its 810 mapping says so, although no partner setting does.
 */
const PARTNER = `id: acme-retail
name: ACME Retail
identifiers:
  - { type: x12, qualifier: '12', value: '4405197800' }
settings:
  x12Delimiters: { element: '|', segment: '~', component: '^' }
`;
const MAPPINGS = {
  '855.v1.yaml': `document: '855'
version: 1
send: on-route
items: { buyerItem: CB }
descriptions: true
hashTotal: false
`,
  '856.v1.yaml': `document: '856'
version: 1
hierarchy: SOI
items: { buyerItem: CB }
`,
  '810.v1.yaml': `document: '810'
version: 1
send: with-shipment
currency: false
`,
};

interface OrderView {
  documents: { id: string; type: string; status: string; messageId: string | null }[];
}

describe.each(gatewayModes())('outbound documents shaped by mapping files ($name)', (mode) => {
  let t: TestGateway;
  let dir: string;
  let orderId: string;

  const encoded = (type: string) =>
    eventually(async () => {
      const view = await t.json<OrderView>(`/v1/orders/${orderId}`);
      const docs = view.documents.filter((d) => d.type === type && d.status === 'encoded');
      return docs.length > 0 ? docs : undefined;
    });
  const raw = async (messageId: string) =>
    (await t.call(`/v1/messages/${messageId}/raw`, { token: ADMIN })).text();

  beforeAll(async () => {
    dir = path.join(os.tmpdir(), `og-outbound-mappings-${process.pid}-${mode.name}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(path.join(dir, 'acme-retail'), { recursive: true });
    writeFileSync(path.join(dir, 'acme-retail', 'partner.yaml'), PARTNER);
    for (const [name, text] of Object.entries(MAPPINGS))
      writeFileSync(path.join(dir, 'acme-retail', name), text);
    t = await startTestGateway(mode, { ORDERGATE_MAPPINGS_DIR: dir });
    // a ship-to name holding the partner's own element separator: cleaned on the way out, not refused
    const order = withControl(VALID_850, 41001).replace('N1*ST*XYZ RETAIL*', 'N1*ST*XYZ | RETAIL*');
    const { message } = await t.deliver(order, ADMIN);
    orderId = message.orders[0]!.id;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("acknowledges in the partner's delimiters, not the ones its 850 came in", async () => {
    const { messages } = await t.json<{ messages: { id: string }[] }>(
      '/v1/messages?direction=outbound&type=997',
      { token: ADMIN },
    );
    expect(messages).toHaveLength(1);
    const ack = await raw(messages[0]!.id);
    expect(ack.slice(0, 4)).toBe('ISA|');
    expect(ack).toMatch(/~\s*AK1\|PO\|1421~/);
  });

  it('answers with the 855 its mapping describes, in its delimiters, the free-text name cleaned', async () => {
    const [doc] = await encoded('855');
    const x12 = await raw(doc!.messageId!);
    expect(x12.slice(0, 4)).toBe('ISA|');
    expect(x12[104]).toBe('^'); // ISA16 component separator
    expect(new X12Parser(true).parse(x12)).toBeInstanceOf(X12Interchange);
    const segments = [...readX12Sync(x12)].flatMap((e) => (e.kind === 'transaction' ? e.set.segments : []));
    const lines = (tag: string) => segments.filter((s) => s.tag === tag).map((s) => s.elements.join('|'));
    expect(lines('N1')).toEqual(['N1|ST|XYZ RETAIL|9|0003947268292']);
    // and the change is on the document's record
    const [audit] = await t.query<{ after: { cleaned: unknown } }>(
      `select after from audit_events where entity_id = '${doc!.id}' and action = 'encode'`,
    );
    expect(audit?.after.cleaned).toEqual([
      { element: 'N102', position: expect.any(Number), before: 'XYZ | RETAIL', after: 'XYZ RETAIL' },
    ]);
    expect(lines('PO1')[0]).toBe('PO1|1|120|EA|9.25||CB|065322-117');
    expect(lines('PID')[0]).toBe('PID|F||||SMALL WIDGET');
    expect(lines('CTT')).toEqual(['CTT|6']);
  });

  it('gets an API key from an admin (files make none) and pulls its own 855 with it', async () => {
    const missing = await t.call('/v1/partners/nobody/keys', { method: 'POST', token: ADMIN });
    expect(missing.status).toBe(404);
    const res = await t.call('/v1/partners/acme-retail/keys', { method: 'POST', token: ADMIN });
    expect(res.status).toBe(201);
    const { apiKey, prefix } = (await res.json()) as { apiKey: string; prefix: string };
    expect(apiKey.startsWith(prefix)).toBe(true);
    const [doc] = await encoded('855');
    const pulled = await t.json<{ messages: { id: string }[] }>('/v1/messages?direction=outbound&type=855', {
      token: apiKey,
    });
    expect(pulled.messages.map((m) => m.id)).toEqual([doc!.messageId]);
  });

  it('ships in its S-O-I hierarchy and invoices every shipment, as its mappings say', async () => {
    const first17 = '00061414100004100';
    const res = await t.call(`/v1/orders/${orderId}/shipments`, {
      method: 'POST',
      token: ADMIN,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        shipDate: '2026-03-10',
        packs: [{ sscc: first17 + ssccCheckDigit(first17), lines: [{ lineNumber: '1', quantity: '120' }] }],
      }),
    });
    expect(res.status).toBe(202);
    const { invoices } = (await res.json()) as { invoices: unknown[] };
    expect(invoices).toHaveLength(1);
    const [notice] = await encoded('856');
    const asn = await raw(notice!.messageId!);
    expect(asn).toMatch(/BSN\|00\|SH[0-9A-F]{12}\|20260310\|\d{4,6}\|0004~/);
    expect(asn).toMatch(/LIN\|1\|CB\|065322-117~/);
    const [bill] = await encoded('810');
    const invoice = await raw(bill!.messageId!);
    expect(invoice).toMatch(/IT1\|1\|120\|EA\|9\.25\|\|IN\|065322-117\|VN\|AB3542~/);
    expect(invoice).not.toMatch(/~\s*CUR\|/);
  });
});

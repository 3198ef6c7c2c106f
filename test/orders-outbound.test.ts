import { X12Parser } from 'node-x12';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssccCheckDigit } from '../connectors/x12/sscc.ts';
import {
  ADMIN,
  gatewayModes,
  startTestGateway,
  type TestGateway,
  VALID_850,
  VALID_850_SENDER,
  withControl,
} from './support/gateway-harness.ts';
import { eventually } from './support/services.ts';

interface OrderBody {
  id: string;
  status: string;
  poNumber: string;
  order: { lines: unknown[] };
  documents: {
    id: string;
    type: string;
    status: string;
    messageId: string | null;
    control: { group: string; transaction: string };
    partnerAck: { status: string; codes: string[]; segments: { segmentId: string }[] } | null;
  }[];
}

/** The partner's 997 about one set we sent (sender 12/4405197800 back to us, 01/999999999). */
function partner997(isa13: number, group: string, set: { type: string; st02: string; ak5: string }): string {
  const n = String(isa13).padStart(9, '0');
  const rejected = set.ak5.startsWith('R');
  const body = [
    `ST*997*0001`,
    `AK1*IN*${group}`,
    `AK2*${set.type}*${set.st02}`,
    ...(rejected ? ['AK3*IT1*7**8', 'AK4*2**7*ZZ'] : []),
    `AK5*${set.ak5}`,
    `AK9*${rejected ? 'R*1*1*0' : 'A*1*1*1'}`,
  ];
  body.push(`SE*${body.length + 1}*0001`);
  return [
    `ISA*00*          *00*          *12*4405197800     *01*999999999      *260312*1200*U*00401*${n}*0*P*>`,
    `GS*FA*4405197800*999999999*20260312*1200*${isa13}*X*004010`,
    ...body,
    `GE*1*${isa13}`,
    `IEA*1*${n}`,
    '',
  ].join('~\n');
}

/** Orders over HTTP and the 810 an admin asks for: requested, encoded by the pipeline, pulled by the partner. */
describe.each(gatewayModes())('orders and invoices over HTTP ($name)', (mode) => {
  let t: TestGateway;
  let key: string;
  let orderId: string;
  const invoice = (id: string, body: object, token = ADMIN) =>
    t.call(`/v1/orders/${id}/invoices`, {
      method: 'POST',
      token,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });

  beforeAll(async () => {
    t = await startTestGateway(mode);
    key = await t.createPartner({ id: 'abc-co', name: 'ABC', identifiers: [VALID_850_SENDER] });
    const { message } = await t.deliver(withControl(VALID_850, 31001), key);
    orderId = message.orders[0]!.id;
  }, 60_000);
  afterAll(async () => t?.close());

  it('lists and shows orders; a partner sees only its own', async () => {
    const mine = await t.json<{ orders: { id: string }[] }>('/v1/orders', { token: key });
    expect(mine.orders.map((o) => o.id)).toEqual([orderId]);
    const other = await t.createPartner({ id: 'other', name: 'Other', identifiers: [] });
    expect((await t.json<{ orders: unknown[] }>('/v1/orders', { token: other })).orders).toEqual([]);
    expect((await t.call(`/v1/orders/${orderId}`, { token: other })).status).toBe(404);
    const view = await t.json<OrderBody>(`/v1/orders/${orderId}`, { token: key });
    expect(view).toMatchObject({ id: orderId, status: 'accepted', poNumber: 'PO-31001' });
    expect(view.order.lines).toHaveLength(6);
  });

  it('invoices an accepted order from its number and date alone, as an 810 the partner can pull', async () => {
    const res = await invoice(orderId, { invoiceNumber: 'INV-1', invoiceDate: '2026-03-12' });
    expect(res.status).toBe(202);
    const { documentId, total } = (await res.json()) as { documentId: string; total: string };
    // the fixture's lines: 120 × 9.25 + 220 × 13.79 + … = its AMT*1 13045.94
    expect(total).toBe('13045.94');
    const doc = await eventually(async () => {
      const view = await t.json<OrderBody>(`/v1/orders/${orderId}`);
      const found = view.documents.find((d) => d.id === documentId);
      return found?.status === 'encoded' ? found : undefined;
    });
    const x12 = await (await t.call(`/v1/messages/${doc.messageId}/raw`, { token: key })).text();
    expect(() => new X12Parser(true).parse(x12)).not.toThrow();
    expect(x12).toMatch(/GS\*IN\*999999999\*4405197800\*/);
    expect(x12).toMatch(/BIG\*20260312\*INV-1\*20101127\*PO-31001~/);
    expect(x12).toMatch(/TDS\*1304594~/);
    const pulled = await t.json<{ messages: { id: string }[] }>('/v1/messages?direction=outbound&type=810', {
      token: key,
    });
    expect(pulled.messages.map((m) => m.id)).toEqual([doc.messageId]);
  });

  it("records the partner's 997: rejected with its AK3/AK4 reasons, accepted, and overdue without one", async () => {
    const encoded = async () =>
      eventually(async () => {
        const docs = (await t.json<OrderBody>(`/v1/orders/${orderId}`)).documents;
        return docs.every((d) => d.status !== 'requested') ? docs : undefined;
      });
    const docs = await encoded();
    const doc855 = docs.find((d) => d.type === '855')!;
    const doc810 = docs.find((d) => d.type === '810')!;
    const rejectIt = partner997(50001, doc810.control.group, {
      type: '810',
      st02: doc810.control.transaction,
      ak5: 'R*5',
    });
    const { message } = await t.deliver(rejectIt, key);
    expect(message.status).toBe('done');
    const accept = partner997(50002, doc855.control.group.padStart(4, '0'), {
      type: '855',
      st02: doc855.control.transaction,
      ak5: 'A',
    });
    await t.deliver(accept, key);
    const after = (await t.json<OrderBody>(`/v1/orders/${orderId}`)).documents;
    expect(after.find((d) => d.id === doc810.id)).toMatchObject({
      status: 'rejected',
      partnerAck: { status: 'R', codes: ['5'], segments: [{ segmentId: 'IT1' }] },
    });
    expect(after.find((d) => d.id === doc855.id)?.status).toBe('accepted');
    // a 997 about something we never sent is kept as a finding, not applied
    const stray = await t.deliver(partner997(50003, '999', { type: '810', st02: '0001', ak5: 'A' }), key);
    expect(stray.message.diagnostics.map((d) => d.code)).toContain('x12.ack.unmatched');

    // overdue: sent, unanswered, and older than the partner's deadline (24 h by default)
    const third = await invoice(orderId, { invoiceNumber: 'INV-OVERDUE', invoiceDate: '2026-03-13' });
    const { documentId } = (await third.json()) as { documentId: string };
    await encoded();
    await t.query(
      `update outbound_documents set created_at = now() - interval '25 hours' where id = '${documentId}'`,
    );
    const late = (await t.json<OrderBody>(`/v1/orders/${orderId}`)).documents.find(
      (d) => d.id === documentId,
    );
    expect(late?.status).toBe('overdue');
    const metrics = await (await t.call('/metrics')).text();
    expect(metrics).toMatch(/ordergate_outbound_documents\{type="810",status="overdue"\} 1/);
    expect(metrics).toMatch(/ordergate_outbound_documents\{type="810",status="rejected"\} 1/);
  });

  it('ships an accepted order as an 856 (S-O-P-I by default) and refuses shipping more than was ordered', async () => {
    const sscc = (n: number) => {
      const first17 = `0061414110${String(n).padStart(7, '0')}`;
      return `${first17}${ssccCheckDigit(first17)}`;
    };
    const ship = (packs: object[]) =>
      t.call(`/v1/orders/${orderId}/shipments`, {
        method: 'POST',
        token: ADMIN,
        body: JSON.stringify({
          shipDate: '2026-03-14',
          carrier: { scac: 'UPSN' },
          trackingNumber: '1Z999',
          packs,
        }),
        headers: { 'content-type': 'application/json' },
      });
    const first = await ship([
      {
        sscc: sscc(1),
        lines: [
          { lineNumber: '1', quantity: '100' },
          { lineNumber: '2', quantity: '220' },
        ],
      },
      { sscc: sscc(2), lines: [{ lineNumber: '1', quantity: '20' }] },
    ]);
    expect(first.status).toBe(202);
    const { documentId } = (await first.json()) as { documentId: string };
    const doc = await eventually(async () => {
      const found = (await t.json<OrderBody>(`/v1/orders/${orderId}`)).documents.find(
        (d) => d.id === documentId,
      );
      return found?.status === 'encoded' ? found : undefined;
    });
    const x12 = await t.raw(doc.messageId!);
    expect(() => new X12Parser(true).parse(x12)).not.toThrow();
    expect(x12).toMatch(/GS\*SH\*999999999\*4405197800\*/);
    expect(x12).toMatch(/BSN\*00\*SH[0-9A-F]{12}\*20260314\*\d{4}\*0001~/);
    expect(x12).toContain(`MAN*GM*00${sscc(1)}~`);
    expect(x12).toMatch(/PRF\*PO-31001\*/);
    // S, O, 2 packs, 3 items = 7 HL
    expect(x12).toMatch(/CTT\*7/);

    // line 1 ordered 120, shipped 120 already: one more is an over-shipment across shipments
    const over = await ship([{ sscc: sscc(3), lines: [{ lineNumber: '1', quantity: '1' }] }]);
    expect(over.status).toBe(422);
    expect(await over.json()).toMatchObject({ error: { code: 'shipment.over_shipped' } });
    const reused = await ship([{ sscc: sscc(1), lines: [{ lineNumber: '3', quantity: '1' }] }]);
    expect(reused.status).toBe(422);
    const badCheckDigit = await ship([
      {
        sscc: `${sscc(4).slice(0, 17)}${(Number(sscc(4)[17]) + 1) % 10}`,
        lines: [{ lineNumber: '3', quantity: '1' }],
      },
    ]);
    expect(badCheckDigit.status).toBe(422);
    expect(await badCheckDigit.json()).toMatchObject({ error: { code: 'shipment.sscc_invalid' } });
    const rest = await ship([{ sscc: sscc(5), lines: [{ lineNumber: '3', quantity: '126' }] }]);
    expect(rest.status).toBe(202);
  });

  it('refuses shipping more than the 855 acknowledged: a changed quantity caps the line, a rejected line ships nothing', async () => {
    const { message } = await t.deliver(withControl(VALID_850, 31005), key);
    const id = message.orders[0]!.id;
    const [ack] = await eventually(async () => {
      const docs = (await t.json<OrderBody>(`/v1/orders/${id}`)).documents.filter((d) => d.type === '855');
      return docs.length === 1 ? docs : undefined;
    });
    // as if the supplier had answered: line 1 only 100 of 120 (ACK IQ), line 4 not at all (ACK IR)
    const content = {
      orderId: id,
      status: 'accepted_with_changes',
      lines: [
        { lineNumber: '1', status: 'quantity_changed', quantity: '100' },
        { lineNumber: '4', status: 'rejected', quantity: '0' },
      ],
    };
    await t.query(
      `update outbound_documents set content = '${JSON.stringify(content)}' where id = '${ack!.id}'`,
    );
    const sscc = (n: number) => {
      const first17 = `0061414120${String(n).padStart(7, '0')}`;
      return `${first17}${ssccCheckDigit(first17)}`;
    };
    const ship = (n: number, lineNumber: string, quantity: string) =>
      t.call(`/v1/orders/${id}/shipments`, {
        method: 'POST',
        token: ADMIN,
        body: JSON.stringify({
          shipDate: '2026-03-14',
          packs: [{ sscc: sscc(n), lines: [{ lineNumber, quantity }] }],
        }),
        headers: { 'content-type': 'application/json' },
      });
    const full = await ship(1, '1', '120');
    expect(full.status).toBe(422);
    expect(await full.json()).toMatchObject({
      error: {
        code: 'shipment.over_shipped',
        message: expect.stringContaining('line 1: 120 shipped, 120 ordered, 100 acknowledged (855)'),
        details: [expect.objectContaining({ lineNumber: '1', ordered: '120', acknowledged: '100' })],
      },
    });
    expect((await ship(2, '4', '1')).status).toBe(422);
    expect((await ship(3, '1', '100')).status).toBe(202);
    // lines the 855 did not change ship as ordered
    expect((await ship(4, '2', '220')).status).toBe(202);
  });

  it('refuses invoices that do not fit, with the reason, and stores nothing', async () => {
    const fresh = (await t.deliver(withControl(VALID_850, 31010), key)).message.orders[0]!.id;
    const wrongTotal = await invoice(fresh, {
      invoiceNumber: 'INV-2',
      invoiceDate: '2026-03-12',
      total: '10.00',
    });
    expect(wrongTotal.status).toBe(422);
    expect(await wrongTotal.json()).toMatchObject({
      error: { code: 'invoice.total_mismatch', details: { expected: '13045.94' } },
    });
    const unknownLine = await invoice(fresh, {
      invoiceNumber: 'INV-3',
      invoiceDate: '2026-03-12',
      lines: [{ lineNumber: '99', quantity: '1' }],
    });
    expect(unknownLine.status).toBe(422);
    const tooMany = await invoice(fresh, {
      invoiceNumber: 'INV-4',
      invoiceDate: '2026-03-12',
      lines: [{ lineNumber: '1', quantity: '121' }],
    });
    expect(await tooMany.json()).toMatchObject({ error: { code: 'invoice.over_invoiced' } });
    expect((await invoice(fresh, { invoiceNumber: 'INV-4' })).status).toBe(400);
    expect((await invoice(fresh, { invoiceNumber: 'INV-5', invoiceDate: '2026-03-12' }, key)).status).toBe(
      403,
    );
    expect(
      (await invoice('no-such-order', { invoiceNumber: 'INV-6', invoiceDate: '2026-03-12' })).status,
    ).toBe(404);
    expect(
      (await t.json<OrderBody>(`/v1/orders/${fresh}`)).documents.filter((d) => d.type === '810'),
    ).toEqual([]);
  });

  it('invoices what was shipped and not yet invoiced, and can invoice each shipment by itself', async () => {
    const sscc = (n: number) => {
      const first17 = `0061414120${String(n).padStart(7, '0')}`;
      return `${first17}${ssccCheckDigit(first17)}`;
    };
    const shipTo = (id: string, packs: object[]) =>
      t.call(`/v1/orders/${id}/shipments`, {
        method: 'POST',
        token: ADMIN,
        body: JSON.stringify({ shipDate: '2026-03-15', packs }),
        headers: { 'content-type': 'application/json' },
      });
    const order = (await t.deliver(withControl(VALID_850, 31020), key)).message.orders[0]!.id;
    expect(
      (await shipTo(order, [{ sscc: sscc(1), lines: [{ lineNumber: '1', quantity: '20' }] }])).status,
    ).toBe(202);
    // 20 of line 1 shipped: that is what an invoice without lines bills (20 × 9.25)
    const first = await invoice(order, { invoiceNumber: 'INV-S1', invoiceDate: '2026-03-15' });
    expect(await first.json()).toMatchObject({ total: '185.00' });
    const again = await invoice(order, { invoiceNumber: 'INV-S2', invoiceDate: '2026-03-15' });
    expect(await again.json()).toMatchObject({ error: { code: 'invoice.nothing_to_invoice' } });
    expect(
      (await invoice(order, { invoiceNumber: 'INV-S1', invoiceDate: '2026-03-15', lines: [] })).status,
    ).toBe(422);

    // a partner whose agreement invoices every shipment: the 810 comes with the 856
    const autoKey = await t.createPartner({
      id: 'auto-invoiced',
      name: 'Auto',
      identifiers: [{ type: 'x12', qualifier: '12', value: 'AUTOINVOICE' }],
      settings: { invoiceOnShipment: true },
    });
    const other = withControl(VALID_850, 31030).replace('4405197800     ', 'AUTOINVOICE    ');
    const autoOrder = (await t.deliver(other, autoKey)).message.orders[0]!.id;
    const shipped = await shipTo(autoOrder, [
      { sscc: sscc(2), lines: [{ lineNumber: '2', quantity: '10' }] },
    ]);
    const body = (await shipped.json()) as { shipmentId: string; invoices: { documentId?: string }[] };
    expect(body.invoices).toEqual([{ orderId: autoOrder, documentId: expect.any(String) }]);
    const docs = await eventually(async () => {
      const found = (await t.json<OrderBody>(`/v1/orders/${autoOrder}`)).documents;
      return found.filter((d) => d.status === 'encoded').length === 3 ? found : undefined;
    });
    expect(docs.map((d) => d.type).sort()).toEqual(['810', '855', '856']);
    const x12 = await t.raw(docs.find((d) => d.type === '810')!.messageId!);
    expect(x12).toContain(`BIG*20260315*${body.shipmentId}*20101127*PO-31030~`);
    expect(x12).toMatch(/IT1\*2\*10\*EA\*13.79/);
  });

  it('invoices only accepted orders', async () => {
    // the same PO again is held as a duplicate
    const { message } = await t.deliver(
      withControl(VALID_850, 31002).replace('*PO-31002*', '*PO-31001*'),
      key,
    );
    const held = message.orders[0]!;
    expect(held.status).toBe('held');
    const res = await invoice(held.id, { invoiceNumber: 'INV-7', invoiceDate: '2026-03-12' });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'order.not_accepted' } });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssccCheckDigit } from '../connectors/x12/sscc.ts';
import { ADMIN, gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';
import { eventually } from './support/services.ts';
import { FAULT_SENDER, orderInterchange } from './support/x12-orders.ts';

/**
 * A document that fails in encode (here: a PO number holding the partner's element separator, which no request
 * check sees) fails alone: the other documents of its job go out, it no longer counts as shipped or invoiced,
 * an operator sees an exception, and an admin can cancel it.
 */

interface OrderBody {
  documents: { id: string; type: string; status: string }[];
}

const sscc = (n: number) => {
  const first17 = `0061414140${String(n).padStart(7, '0')}`;
  return `${first17}${ssccCheckDigit(first17)}`;
};

describe.each(gatewayModes())('documents failing in encode ($name)', (mode) => {
  let t: TestGateway;
  let messageId: string;
  let bad: string;
  let good: string;
  let key: string;
  const post = (path: string, body?: object, token = ADMIN) =>
    t.call(path, {
      method: 'POST',
      token,
      ...(body && { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
  const documents = async (orderId: string) => (await t.json<OrderBody>(`/v1/orders/${orderId}`)).documents;
  /** The order's documents once none is waiting to be encoded. */
  const settled = (orderId: string) =>
    eventually(async () => {
      const docs = await documents(orderId);
      return docs.length > 0 && docs.every((d) => d.status !== 'requested') ? docs : undefined;
    });

  beforeAll(async () => {
    t = await startTestGateway(mode);
    // what this partner receives from us is separated by "|"; its own 850s use "*"
    key = await t.createPartner({
      id: 'pipe-co',
      name: 'Pipe',
      identifiers: [{ type: 'x12', qualifier: FAULT_SENDER.qualifier, value: FAULT_SENDER.id }],
      settings: { x12Delimiters: { element: '|', segment: '~', component: '>' } },
    });
    const delivered = await t.deliver(orderInterchange(33001, 2).replace('PO-33001-1', 'PO|33001'), key);
    messageId = delivered.id;
    bad = delivered.message.orders.find((o) => o.poNumber === 'PO|33001')!.id;
    good = delivered.message.orders.find((o) => o.poNumber === 'PO-33001-2')!.id;
  }, 60_000);
  afterAll(async () => t?.close());

  it("fails the one 855 that cannot be written, sends the job's other 855, and raises an exception", async () => {
    const [failed] = await settled(bad);
    expect(failed).toMatchObject({ type: '855', status: 'failed' });
    expect((await settled(good))[0]).toMatchObject({ type: '855', status: 'encoded' });
    const jobs = await t.query<{ status: string }>(
      `select status from jobs where stage = 'encode' and entity_id = '${messageId}'`,
    );
    expect(jobs).toEqual([{ status: 'done' }]);
    const raised = await t.query<{ code: string; status: string; details: { documentId: string } }>(
      `select code, status, details from exceptions where order_id = '${bad}'`,
    );
    expect(raised).toEqual([
      {
        code: 'x12.writer.delimiter_in_data',
        status: 'open',
        details: expect.objectContaining({ documentId: failed!.id }),
      },
    ]);
  });

  it('sets aside an 855 whose envelope cannot be written, instead of failing the job (found by the fuzz suite)', async () => {
    // the partner addressed us as "SUPP|LIER" (ISA08): our 855 would carry it in ISA06, where "|" is this
    // partner's element separator for what we send
    const text = orderInterchange(33002, 1).replace('*SUPPLIER       *', '*SUPP|LIER      *');
    const delivered = await t.deliver(text, key);
    const order = delivered.message.orders[0]!;
    const [failed] = await settled(order.id);
    expect(failed).toMatchObject({ type: '855', status: 'failed' });
    const jobs = await t.query<{ status: string }>(
      `select status from jobs where stage = 'encode' and entity_id = '${delivered.id}'`,
    );
    expect(jobs).toEqual([{ status: 'done' }]);
    const raised = await t.query<{ code: string }>(
      `select code from exceptions where order_id = '${order.id}'`,
    );
    expect(raised).toEqual([{ code: 'x12.writer.delimiter_in_data' }]);
  });

  it('does not count a failed 856 or 810 as shipped or invoiced: the same request is taken again', async () => {
    const shipment = {
      shipDate: '2026-03-14',
      packs: [{ sscc: sscc(1), lines: [{ lineNumber: '1', quantity: '24' }] }],
    };
    const invoice = { invoiceNumber: 'INV-P1', invoiceDate: '2026-03-14' };
    for (const [path, body] of [
      [`/v1/orders/${bad}/shipments`, shipment],
      [`/v1/orders/${bad}/invoices`, invoice],
    ] as const) {
      const first = await post(path, body);
      expect(first.status).toBe(202);
      const { documentId } = (await first.json()) as { documentId: string };
      const docs = await settled(bad);
      expect(docs.find((d) => d.id === documentId)?.status).toBe('failed');
      // the same SSCC, the same lines, the same invoice number: nothing of the failed one counts
      expect((await post(path, body)).status).toBe(202);
    }
  });

  it('cancels a document not sent, once; it then counts for nothing and the request can be made again', async () => {
    const invoice = { invoiceNumber: 'INV-P2', invoiceDate: '2026-03-14' };
    const requested = await post(`/v1/orders/${good}/invoices`, invoice);
    const { documentId } = (await requested.json()) as { documentId: string };
    await settled(good);
    // as if its encode job had been dead-lettered: still requested, still counting
    await t.query(`update outbound_documents set status = 'requested' where id = '${documentId}'`);
    const counted = await post(`/v1/orders/${good}/invoices`, invoice);
    expect(counted.status).toBe(422);

    const cancel = (id: string, token = ADMIN) => post(`/v1/documents/${id}/cancel`, undefined, token);
    const cancelled = await cancel(documentId);
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ id: documentId, type: '810', status: 'cancelled' });
    expect((await cancel(documentId)).status).toBe(409);
    expect((await cancel('no-such-document')).status).toBe(404);
    const sent = (await documents(good)).find((d) => d.type === '855')!;
    const refused = await cancel(sent.id);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: 'document.not_cancellable' } });
    const audit = await t.query<{ actor: string; before: unknown; after: unknown }>(
      `select actor, before, after from audit_events where entity_id = '${documentId}' and action = 'cancel'`,
    );
    expect(audit).toEqual([
      { actor: 'admin', before: { status: 'requested' }, after: { status: 'cancelled' } },
    ]);

    const again = await post(`/v1/orders/${good}/invoices`, invoice);
    expect(again.status).toBe(202);
    const { documentId: next } = (await again.json()) as { documentId: string };
    expect((await settled(good)).find((d) => d.id === next)?.status).toBe('encoded');

    // a failed document is cancelled too, and its exception resolved with it
    const [failed] = await settled(bad);
    expect((await cancel(failed!.id)).status).toBe(200);
    const open = await t.query<{ status: string }>(
      `select status from exceptions where details->>'documentId' = '${failed!.id}'`,
    );
    expect(open).toEqual([{ status: 'resolved' }]);
  });
});

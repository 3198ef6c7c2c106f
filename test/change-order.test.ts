import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIVE_LINES } from '../src/rules/fixtures/five-lines.ts';
import { ADMIN, gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';
import { eventually } from './support/services.ts';
import { adminSend, setUpFiveLinePartner, type X12Line, x12Order } from './support/wholesale-setup.ts';
import { sscc, x12Change, x12Segments } from './support/x12-changes.ts';

/**
 * Changes and cancellations (issue 14) end to end: the example partner's 850 is accepted, then its 860 is
 * applied to the live order — lines changed, added and deleted, stock reserved anew, answered per the
 * partner's `changeAck` (865 or 855) — or cancels it, or is held for a person when the order has shipped or
 * does not exist.
 */

/** Three lines every rule passes: by UPC, by EAN, by our SKU as the vendor's item number. */
const GOOD_LINES: X12Line[] = [
  { lineNumber: '1', quantity: '24', uom: 'EA', unitPrice: '4.75', items: { upc: '036000291452' } },
  { lineNumber: '2', quantity: '100', uom: 'EA', unitPrice: '0.25', items: { ean: '4006381333931' } },
  { lineNumber: '3', quantity: '50', uom: 'EA', unitPrice: '0.80', items: { vendorItem: 'BOLT-3' } },
];

interface ExceptionBody {
  id: string;
  type: string;
  code: string;
  orderId: string;
  messageId: string;
}

describe.each(gatewayModes())('change orders applied to the live order ($name)', (mode) => {
  let t: TestGateway;
  let key: string;
  let control = 700;

  /** The partner's answer to changes; there is no settings route, so the agreement row is updated. */
  const changeAckIs = (changeAck: '865' | '855' | 'none') =>
    t.query(
      `update partners set settings = settings || '{"changeAck":"${changeAck}"}'::jsonb where id = '${FIVE_LINES.partnerId}'`,
    );

  /** An accepted 850 with `lines` (answered with its 855): the order's id. */
  async function acceptedOrder(poNumber: string, lines = GOOD_LINES): Promise<{ orderId: string }> {
    const { id, message } = await t.deliver(x12Order(poNumber, lines, ++control), key);
    expect(message.orders).toEqual([expect.objectContaining({ poNumber, status: 'accepted' })]);
    expect((await t.answers(id, 2)).sort()).toEqual(['855', '997']);
    return { orderId: message.orders[0]!.id };
  }

  const orderOf = (orderId: string) =>
    t.json<{
      status: string;
      order: { lines: { lineNumber: string; quantity: string; unitPrice?: string }[] };
    }>(`/v1/orders/${orderId}`);

  /** line number → sku:quantity reserved for the order. */
  const reservedFor = async (orderId: string) =>
    (
      await t.query<{ line_number: string; sku: string; quantity: string }>(
        `select line_number, sku, sum(quantity)::text as quantity from reservations where order_id = '${orderId}'
         group by line_number, sku order by line_number`,
      )
    ).map((r) => `${r.line_number}:${r.sku}:${Number(r.quantity)}`);

  /** The X12 text of the message's outbound document of `type`, once encoded. */
  const answer = (messageId: string, type: string) =>
    eventually(
      async () => {
        const doc = (await t.message(messageId)).outbound.find((o) => o.type === type);
        if (!doc) return undefined;
        const res = await t.call(`/v1/messages/${doc.id}/raw`, { token: ADMIN });
        return res.status === 200 ? res.text() : undefined;
      },
      20_000,
      `the ${type} answering message ${messageId}`,
    );

  const eventsOf = (orderId: string) =>
    t.query<{ type: string; payload: { changeOrderId: string; status: string } }>(
      `select type, payload from events where order_id = '${orderId}' order by id`,
    );

  const openException = async (orderId: string) => {
    const { exceptions } = await t.json<{ exceptions: ExceptionBody[] }>(`/v1/exceptions?status=open`);
    return exceptions.find((e) => e.orderId === orderId);
  };

  beforeAll(async () => {
    t = await startTestGateway(mode);
    key = await setUpFiveLinePartner(t);
  }, 60_000);
  afterAll(async () => t?.close());

  it('applies a quantity change, an added and a deleted line, reserves anew and answers with an 865', async () => {
    await changeAckIs('865');
    const { orderId } = await acceptedOrder('PO-CHG-865');
    expect(await reservedFor(orderId)).toEqual(['1:WIDGET-1:24', '2:NUT-5:100', '3:BOLT-3:50']);

    const { id, message } = await t.deliver(
      x12Change(
        'PO-CHG-865',
        '04',
        [
          { lineNumber: '1', code: 'QI', quantity: '48', unitPrice: '4.75', items: { upc: '036000291452' } },
          { lineNumber: '2', code: 'DI', items: { ean: '4006381333931' } },
          {
            lineNumber: '4',
            code: 'AI',
            quantity: '12',
            unitPrice: '12.00',
            items: { buyerItem: 'HP-GADGET' },
          },
        ],
        ++control,
      ),
      key,
    );
    // the change order itself is applied (accepted), the live order stays accepted with its new lines
    expect(message.orders).toEqual([expect.objectContaining({ poNumber: 'PO-CHG-865', status: 'accepted' })]);
    const live = await orderOf(orderId);
    expect(live.status).toBe('accepted');
    expect(live.order.lines.map((l) => `${l.lineNumber}:${l.quantity}`)).toEqual(['1:48', '3:50', '4:12']);
    expect(await reservedFor(orderId)).toEqual(['1:WIDGET-1:48', '3:BOLT-3:50', '4:GADGET-2:12']);
    const lineRows = await t.query<{ line_number: string }>(
      `select line_number from order_lines where order_id = '${orderId}' order by position`,
    );
    expect(lineRows.map((r) => r.line_number)).toEqual(['1', '3', '4']);

    // answered with an 865 (and the change's 997), no 855 for the change order
    expect((await t.answers(id, 2)).sort()).toEqual(['865', '997']);
    const segs = x12Segments(await answer(id, '865'));
    const bca = segs.find((s) => s[0] === 'BCA')!;
    expect([bca[1], bca[2], bca[3], bca[5]]).toEqual(['00', 'AD', 'PO-CHG-865', '1']);
    // POC-03 the line's quantity as the change left it; a deleted line has none
    expect(segs.filter((s) => s[0] === 'POC').map((s) => [s[1], s[2], s[3] ?? ''])).toEqual([
      ['1', 'QI', '48'],
      ['2', 'DI', ''],
      ['4', 'AI', '12'],
    ]);
    expect(segs.filter((s) => s[0] === 'ACK').map((s) => s[1])).toEqual(['IA', 'ID', 'IA']);

    // the ERP hears of it, and the audit trail has the order before and after
    const events = await eventsOf(orderId);
    expect(events.map((e) => e.type)).toContain('order.changed');
    expect(events.find((e) => e.type === 'order.changed')?.payload).toMatchObject({
      changeOrderId: message.orders[0]!.id,
      status: 'accepted',
    });
    const audit = await t.query<{ before: { lines: unknown[] }; after: { lines: unknown[] } }>(
      `select before, after from audit_events where entity_id = '${orderId}' and action = 'apply_change'`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.before.lines).toHaveLength(3);
    expect(audit[0]!.after.lines).toHaveLength(3);
  }, 90_000);

  it("answers with the order's full new outcome in an 855 when the partner's changeAck is 855", async () => {
    await changeAckIs('855');
    const { orderId } = await acceptedOrder('PO-CHG-855');
    const { id, message } = await t.deliver(
      x12Change(
        'PO-CHG-855',
        '04',
        [
          { lineNumber: '3', code: 'QD', quantity: '20', unitPrice: '0.80', items: { vendorItem: 'BOLT-3' } },
          { lineNumber: '1', code: 'DI', items: { upc: '036000291452' } },
        ],
        ++control,
      ),
      key,
    );
    expect(message.orders[0]?.status).toBe('accepted');
    // BOLT-3 comes in packs of 50: the partner's default quantity rule rounds 20 up to 50 (IQ)
    expect(await reservedFor(orderId)).toEqual(['2:NUT-5:100', '3:BOLT-3:50']);
    expect((await t.answers(id, 2)).sort()).toEqual(['855', '997']);
    const segs = x12Segments(await answer(id, '855'));
    expect(segs.find((s) => s[0] === 'BAK')?.[3]).toBe('PO-CHG-855');
    expect(segs.find((s) => s[0] === 'BAK')?.[2]).toBe('AC');
    expect(segs.filter((s) => s[0] === 'PO1').map((s) => [s[1], s[2]])).toEqual([
      ['2', '100'],
      ['3', '20'],
    ]);
    expect(segs.filter((s) => s[0] === 'ACK').map((s) => [s[1], s[2]])).toEqual([
      ['IA', '100'],
      ['IQ', '50'],
    ]);
    // the 855 is the original's, listed under the change's message
    const docs = await t.query<{ order_id: string; source_message_id: string }>(
      `select order_id, source_message_id from outbound_documents where type = '855' and order_id = '${orderId}' order by created_at`,
    );
    expect(docs).toHaveLength(2);
    expect(docs[1]!.source_message_id).toBe(id);
  }, 90_000);

  it('cancels the order on an 860 cancellation and releases its stock', async () => {
    const { orderId } = await acceptedOrder('PO-CHG-CANCEL');
    expect(await reservedFor(orderId)).toHaveLength(3);
    const { id, message } = await t.deliver(x12Change('PO-CHG-CANCEL', '01', [], ++control), key);
    expect(message.orders[0]?.status).toBe('accepted');
    expect((await orderOf(orderId)).status).toBe('cancelled');
    expect(await reservedFor(orderId)).toEqual([]);
    expect((await eventsOf(orderId)).map((e) => e.type)).toContain('order.cancelled');
    // changeAck is 855 now: every line rejected (BAK02 RJ)
    const segs = x12Segments(await answer(id, '855'));
    expect(segs.find((s) => s[0] === 'BAK')?.[2]).toBe('RJ');
    expect(segs.filter((s) => s[0] === 'ACK').map((s) => s[1])).toEqual(['IR', 'IR', 'IR']);
    // a cancelled order takes no further change
    const again = await t.deliver(x12Change('PO-CHG-CANCEL', '01', [], ++control), key);
    expect(again.message.orders[0]?.status).toBe('held');
  }, 90_000);

  it('holds the live order for a person when the changed order has findings left to one', async () => {
    const { orderId } = await acceptedOrder('PO-CHG-UNKNOWN');
    const { id, message } = await t.deliver(
      x12Change(
        'PO-CHG-UNKNOWN',
        '04',
        [
          {
            lineNumber: '4',
            code: 'AI',
            quantity: '10',
            unitPrice: '3.00',
            items: { buyerItem: 'HP-NOSUCH' },
          },
        ],
        ++control,
      ),
      key,
    );
    // the change is applied; the order it changed waits for a person (unknownItem: hold by default)
    expect(message.orders[0]?.status).toBe('accepted');
    const live = await orderOf(orderId);
    expect(live.status).toBe('held');
    expect(live.order.lines.map((l) => l.lineNumber)).toEqual(['1', '2', '3', '4']);
    expect(await openException(orderId)).toMatchObject({ code: 'item.unknown', messageId: id });
    // held: its stock is released until a person decides, and nothing is answered yet but the 997
    expect(await reservedFor(orderId)).toEqual([]);
    expect((await t.message(id)).outbound.map((o) => o.type)).toEqual(['997']);
  }, 90_000);

  it('applies a spreadsheet re-sent marked as a change: every line of the file is the new state', async () => {
    await changeAckIs('none');
    const upload = async (csv: string) => {
      const form = new FormData();
      form.set('file', new Blob([csv], { type: 'text/csv' }), 'order.csv');
      form.set('partnerId', FIVE_LINES.partnerId);
      const res = await t.call('/v1/inbound/upload', { method: 'POST', token: ADMIN, body: form });
      expect(res.status).toBe(202);
      const { messageId } = (await res.json()) as { messageId: string };
      return t.settled(messageId);
    };
    const first = await upload(
      'Order no.: PO-CHG-CSV\nLine,SKU,Qty,Unit price\n1,WIDGET-1,24,4.75\n2,NUT-5,100,0.25\n',
    );
    expect(first.orders.map((o) => [o.poNumber, o.status])).toEqual([['PO-CHG-CSV', 'accepted']]);
    const orderId = first.orders[0]!.id;
    expect(await reservedFor(orderId)).toEqual(['1:WIDGET-1:24', '2:NUT-5:100']);

    const changed = await upload(
      'Order change\nOrder no.: PO-CHG-CSV\nLine,SKU,Qty,Unit price\n1,WIDGET-1,36,4.75\n3,BOLT-3,50,0.80\n',
    );
    expect(changed.orders.map((o) => [o.poNumber, o.status])).toEqual([['PO-CHG-CSV', 'accepted']]);
    const live = await orderOf(orderId);
    expect(live.status).toBe('accepted');
    expect(live.order.lines.map((l) => `${l.lineNumber}:${l.quantity}`)).toEqual(['1:36', '3:50']);
    expect(await reservedFor(orderId)).toEqual(['1:WIDGET-1:36', '3:BOLT-3:50']);
  }, 90_000);

  it('holds an 860 that arrives after a ship notice was requested (order.change_after_shipment)', async () => {
    const { orderId } = await acceptedOrder('PO-CHG-SHIPPED');
    await adminSend(
      t,
      'POST',
      `/v1/orders/${orderId}/shipments`,
      { shipDate: '2026-03-05', packs: [{ sscc: sscc(1), lines: [{ lineNumber: '1', quantity: '24' }] }] },
      202,
    );
    const { message } = await t.deliver(
      x12Change(
        'PO-CHG-SHIPPED',
        '04',
        [{ lineNumber: '1', code: 'QI', quantity: '30', items: { upc: '036000291452' } }],
        ++control,
      ),
      key,
    );
    const changeId = message.orders[0]!.id;
    expect(message.orders[0]?.status).toBe('held');
    expect(await openException(changeId)).toMatchObject({
      code: 'order.change_after_shipment',
      type: 'change',
    });
    // the live order is left as it shipped
    const live = await orderOf(orderId);
    expect(live.status).toBe('accepted');
    expect(live.order.lines.map((l) => l.quantity)).toEqual(['24', '100', '50']);
  }, 90_000);

  it('holds an 860 for a PO that has no live order (order.change_target_missing)', async () => {
    const { id, message } = await t.deliver(
      x12Change(
        'PO-NOSUCH',
        '04',
        [{ lineNumber: '1', code: 'QI', quantity: '30', items: { upc: '036000291452' } }],
        ++control,
      ),
      key,
    );
    const changeId = message.orders[0]!.id;
    expect(message.orders[0]?.status).toBe('held');
    expect(await openException(changeId)).toMatchObject({
      code: 'order.change_target_missing',
      type: 'change',
      messageId: id,
    });
    // nothing is answered but the 997
    expect((await t.message(id)).outbound.map((o) => o.type)).toEqual(['997']);
  }, 90_000);
});

import { X12Parser } from 'node-x12';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIVE_LINES, FIVE_LINES_RESOLUTION } from '../src/rules/fixtures/five-lines.ts';
import { gatewayModes, startTestGateway, type TestGateway } from './support/gateway-harness.ts';
import { eventually } from './support/services.ts';
import { adminSend, setUpFiveLinePartner, x12Order } from './support/wholesale-setup.ts';

interface ExceptionBody {
  id: string;
  type: string;
  code: string;
  orderId: string;
  partnerId: string;
  owner: string | null;
  dueAt: string;
  diagnostics: { code: string; line?: string; expected?: string; found?: string }[];
}

/** The segments of an X12 text, as node-x12 (the independent oracle) reads them. */
function segments(x12: string): string[][] {
  const interchange = new X12Parser(true).parse(x12) as unknown as {
    functionalGroups: { transactions: { segments: { tag: string; elements: { value: string }[] }[] }[] }[];
  };
  return interchange.functionalGroups[0]!.transactions[0]!.segments.map((s) => [
    s.tag,
    ...s.elements.map((e) => e.value),
  ]);
}

describe.each(gatewayModes())('the five-line wholesale example ($name)', (mode) => {
  let t: TestGateway;
  let key: string;

  beforeAll(async () => {
    t = await startTestGateway(mode);
    key = await setUpFiveLinePartner(t, {
      exceptionOwner: 'orders@supplier.example',
      responseDeadlineHours: 24,
    });
  }, 60_000);
  afterAll(async () => t?.close());

  it('holds one exception for lines 1, 2 and 4, and the resolution yields one 855 AC with IP IQ IB IR IA', async () => {
    const { id, message } = await t.deliver(x12Order(FIVE_LINES.poNumber, FIVE_LINES.lines, 501), key);
    expect(message.orders).toEqual([
      expect.objectContaining({ poNumber: FIVE_LINES.poNumber, status: 'held' }),
    ]);
    const orderId = message.orders[0]!.id;

    const { exceptions } = (await t.json(`/v1/exceptions?status=open&partnerId=${FIVE_LINES.partnerId}`)) as {
      exceptions: ExceptionBody[];
    };
    expect(exceptions).toHaveLength(1);
    const [held] = exceptions;
    expect(held).toMatchObject({
      orderId,
      partnerId: FIVE_LINES.partnerId,
      owner: 'orders@supplier.example',
    });
    // the deadline is the type's SLA at most, and never past the partner's 24 h less the margin
    expect(Date.parse(held!.dueAt)).toBeLessThanOrEqual(Date.now() + 23 * 3_600_000);
    const byLine = new Map(held!.diagnostics.map((d) => [d.line, d]));
    expect(byLine.get('1')).toMatchObject({
      code: 'price.mismatch',
      expected: FIVE_LINES.listPrice,
      found: '4.50',
    });
    expect(byLine.get('2')).toMatchObject({
      code: 'quantity.below_moq',
      expected: FIVE_LINES.moq,
      found: '6',
    });
    expect(byLine.get('4')).toMatchObject({ code: 'item.unknown' });
    expect(byLine.has('3')).toBe(false);
    expect(byLine.has('5')).toBe(false);
    // open exceptions are counted by type and deadline in /metrics
    const metrics = await (await t.call('/metrics')).text();
    expect(metrics).toMatch(/ordergate_exceptions_open\{type="[a-z]+",overdue="false"\} \d+/);
    // held: nothing was answered yet beyond the 997
    expect((await t.message(id)).outbound.map((o) => o.type)).toEqual(['997']);

    // filters: by type (any finding's area), owner, overdue
    const byType = (await t.json(`/v1/exceptions?type=quantity`)) as { exceptions: ExceptionBody[] };
    expect(byType.exceptions.map((e) => e.id)).toEqual([held!.id]);
    const overdue = (await t.json(`/v1/exceptions?overdue=true`)) as { exceptions: ExceptionBody[] };
    expect(overdue.exceptions).toEqual([]);
    const view = (await t.json(`/v1/exceptions/${held!.id}`)) as {
      order: { poNumber: string };
      audit: unknown[];
      source: { rawUrl: string };
    };
    expect(view.order.poNumber).toBe(FIVE_LINES.poNumber);
    expect(view.source.rawUrl).toBe(`/v1/messages/${id}/raw`);
    expect(view.audit.length).toBeGreaterThan(0);

    await adminSend(t, 'POST', `/v1/exceptions/${held!.id}/assign`, { owner: 'anna@supplier.example' }, 200);
    const resolved = (await adminSend(
      t,
      'POST',
      `/v1/exceptions/${held!.id}/resolve`,
      FIVE_LINES_RESOLUTION,
      200,
    )) as {
      orderStatus: string;
    };
    expect(resolved.orderStatus).toBe('accepted');
    await expect(
      adminSend(t, 'POST', `/v1/exceptions/${held!.id}/resolve`, FIVE_LINES_RESOLUTION, 409),
    ).resolves.toMatchObject({ error: { code: 'exception.not_open' } });

    // one 855, with each line's outcome
    const types = await t.answers(id, 2);
    expect(types.sort()).toEqual(['855', '997']);
    // the 855's message exists once it is encoded
    const ack855 = await eventually(
      async () =>
        ((await t.message(id)).outbound as { id: string; type: string; status: string }[]).find(
          (o) => o.type === '855' && o.status !== 'requested',
        ),
      20_000,
      'the 855 encoded',
    );
    const x12 = await t.raw(ack855.id);
    const segs = segments(x12);
    expect(segs.find((s) => s[0] === 'BAK')?.[2]).toBe('AC');
    expect(segs.filter((s) => s[0] === 'ACK').map((s) => s[1])).toEqual(['IP', 'IQ', 'IB', 'IR', 'IA']);
    const po1 = segs.filter((s) => s[0] === 'PO1');
    expect(po1[0]?.[4]).toBe(FIVE_LINES.listPrice);
    const acks = segs.filter((s) => s[0] === 'ACK');
    expect(acks[1]?.[2]).toBe(FIVE_LINES.moq);

    // stock: line 2 (12), line 5 (100) and line 1 (24) reserved; the backordered and rejected lines nothing
    const reserved = await t.query<{ sku: string; reserved: string }>(
      `select sku, reserved::text from inventory where reserved > 0 order by sku`,
    );
    expect(reserved).toEqual([
      { sku: 'GADGET-2', reserved: '12' },
      { sku: 'NUT-5', reserved: '100' },
      { sku: 'WIDGET-1', reserved: '24' },
    ]);

    // the ERP heard of the hold, then of the order as decided, line by line
    const { events } = (await t.json(`/v1/events?limit=100`)) as {
      events: { type: string; orderId?: string; data: { lines?: { status: string }[]; code?: string } }[];
    };
    const mine = events.filter((e) => e.orderId === orderId);
    expect(mine.map((e) => e.type)).toEqual(['exception.opened', 'order.accepted']);
    expect(mine[1]?.data.lines?.map((l) => l.status)).toEqual([
      'price_changed',
      'quantity_changed',
      'backordered',
      'rejected',
      'accepted',
    ]);
  }, 60_000);

  it('teaches a cross-reference once: the next order with the item passes by itself', async () => {
    const lines = [
      { lineNumber: '1', quantity: '10', uom: 'EA', unitPrice: '0.25', items: { buyerItem: 'HP-NUT' } },
    ];
    const first = await t.deliver(x12Order('PO-TEACH-1', lines, 502), key);
    expect(first.message.orders[0]?.status).toBe('held');
    const { exceptions } = (await t.json(`/v1/exceptions?status=open&type=item`)) as {
      exceptions: ExceptionBody[];
    };
    const held = exceptions.find((e) => e.orderId === first.message.orders[0]!.id)!;
    const answer = (await adminSend(
      t,
      'POST',
      `/v1/exceptions/${held.id}/resolve`,
      {
        action: 'accept',
        lines: [{ lineNumber: '1', sku: 'NUT-5' }],
        remember: true,
      },
      200,
    )) as { remembered: string[]; lines: { status: string }[] };
    expect(answer.remembered).toEqual(['buyerItem HP-NUT → NUT-5']);

    const second = await t.deliver(x12Order('PO-TEACH-2', lines, 503), key);
    expect(second.message.orders[0]?.status).toBe('accepted');
  }, 60_000);
  it("holds the 855 until the ERP's order number is recorded (awaitErpNumber), then sends it in BAK08", async () => {
    const erpKey = await t.createPartner({
      id: 'erp-waits',
      name: 'ERP Waits',
      identifiers: [{ type: 'x12', qualifier: 'ZZ', value: 'ERPWAITS' }],
      settings: { awaitErpNumber: true },
    });
    const lines = [
      { lineNumber: '1', quantity: '5', uom: 'EA', unitPrice: '0.25', items: { ean: '4006381333931' } },
    ];
    const { id, message } = await t.deliver(x12Order('PO-ERP-1', lines, 601, '0042', 'ERPWAITS'), erpKey);
    const orderId = message.orders[0]!.id;
    expect(message.orders[0]?.status).toBe('accepted');
    // the acknowledge stage ran and asked for no 855: none goes out without the number
    await eventually(
      async () => {
        const { jobs } = (await t.message(id)) as unknown as { jobs: { stage: string; status: string }[] };
        return jobs.some((j) => j.stage === 'acknowledge' && j.status === 'done') ? true : undefined;
      },
      20_000,
      'acknowledged',
    );
    expect((await t.message(id)).outbound.map((o) => o.type)).toEqual(['997']);

    await adminSend(t, 'POST', `/v1/orders/${orderId}/erp`, { erpOrderNumber: 'SO-77001' }, 200);
    const ack855 = await eventually(
      async () =>
        ((await t.message(id)).outbound as { id: string; type: string; status: string }[]).find(
          (o) => o.type === '855' && o.status !== 'requested',
        ),
      20_000,
      'the 855 encoded',
    );
    const bak = segments(await t.raw(ack855.id)).find((s) => s[0] === 'BAK');
    expect(bak?.[2]).toBe('AD');
    expect(bak?.[8]).toBe('SO-77001');
  }, 60_000);
});

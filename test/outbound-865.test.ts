import { eq } from 'drizzle-orm';
import { type X12Interchange, X12Parser } from 'node-x12';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChangeAcknowledgment } from '../src/core/documents.ts';
import type { OrderInput } from '../src/core/order.ts';
import { messages, orders, outboundDocuments, partners } from '../src/db/schema.ts';
import { encodeStage } from '../src/pipeline/stages/encode.stage.ts';
import { databaseKinds, type TestDatabase } from './support/services.ts';

/**
 * An 865 through the encode stage: an outbound document of type 865 whose content is a ChangeAcknowledgment
 * and whose order is the original (as the change left it) is written as an X12 865 in a CA group, from the
 * order's PO number, date and parties, exactly as an 855 is.
 */

const order: OrderInput = {
  id: 'order-865',
  partnerId: 'abc-co',
  channel: 'x12',
  poNumber: 'PO-865',
  poDate: '2026-01-12',
  purpose: 'original',
  orderType: 'stand_alone',
  currency: 'USD',
  parties: { shipTo: { name: 'STORE 118', idQualifier: '92', id: '0118' } },
  dates: { requestedShip: '2026-02-02' },
  references: { department: '0420', raw: [] },
  lines: [
    { lineNumber: '1', quantity: '20', uom: 'CA', unitPrice: '18.40', items: { upc: '012345678905' } },
    { lineNumber: '2', quantity: '5', uom: 'EA', unitPrice: '2.00', items: { vendorItem: 'V-2' } },
  ],
  totals: { lineCount: 2, quantity: '25' },
  notes: [],
  source: { messageId: 'msg-850', sender: 'ZZ:ABCCO', receiver: 'ZZ:SUPPLIER' },
};

const content: ChangeAcknowledgment = {
  orderId: 'order-865',
  changeOrderId: 'order-860',
  status: 'accepted_with_changes',
  changeSequence: '1',
  lines: [
    { lineNumber: '1', change: 'quantity_increase', status: 'accepted', quantity: '20' },
    { lineNumber: '2', change: 'add', status: 'backordered', quantity: '5' },
  ],
};

describe.each(databaseKinds())('865 through the encode stage ($name)', (kind) => {
  let t: TestDatabase;

  beforeEach(async () => {
    t = await kind.create();
    const { db } = t.handle;
    await db.insert(partners).values({ id: 'abc-co', name: 'ABC', settings: {} });
    await db.insert(orders).values({
      id: order.id,
      partnerId: order.partnerId,
      messageId: 'msg-850',
      channel: 'x12',
      poNumber: order.poNumber,
      poDate: order.poDate,
      purpose: 'original',
      status: 'accepted',
      currency: 'USD',
      data: order,
    });
    await db.insert(outboundDocuments).values({
      id: 'doc-865',
      type: '865',
      partnerId: 'abc-co',
      orderId: order.id,
      status: 'requested',
      content,
    });
  });
  afterEach(async () => t?.dispose());

  it('encodes the document as an 865 in a CA group, addressed back to the sender of the order', async () => {
    const { db } = t.handle;
    await db.transaction((tx) =>
      encodeStage.run({
        tx,
        job: { id: 'job-1', stage: 'encode', entityId: 'doc-865', attempts: 1 },
        enqueue: async () => {},
      }),
    );
    const [doc] = await db.select().from(outboundDocuments).where(eq(outboundDocuments.id, 'doc-865'));
    expect(doc).toMatchObject({ status: 'encoded', control: { group: '1', transaction: '0001' } });
    const [message] = await db.select().from(messages).where(eq(messages.id, doc!.messageId!));
    expect(message).toMatchObject({ direction: 'outbound', channel: 'x12', type: '865', orderId: order.id });
    const text = Buffer.from(message!.raw as Uint8Array).toString('latin1');
    const parsed = new X12Parser(true).parse(text) as X12Interchange;
    expect(parsed.header.valueOf(6)?.trim()).toBe('SUPPLIER');
    expect(parsed.header.valueOf(8)?.trim()).toBe('ABCCO');
    const [group] = parsed.functionalGroups;
    expect(group!.header.valueOf(1)).toBe('CA');
    const [set] = group!.transactions;
    expect(set!.header.valueOf(1)).toBe('865');
    const segments = set!.segments.map((s) => s.tag);
    expect(segments).toEqual(['BCA', 'REF', 'DTM', 'N1', 'POC', 'ACK', 'POC', 'ACK', 'CTT']);
    const bca = set!.segments[0]!;
    expect([1, 2, 3, 5, 6].map((n) => bca.valueOf(n))).toEqual(['00', 'AC', 'PO-865', '1', '20260112']);
    const pocs = set!.segments.filter((s) => s.tag === 'POC');
    expect(pocs.map((s) => [s.valueOf(1), s.valueOf(2), s.valueOf(3)])).toEqual([
      ['1', 'QI', '20'],
      ['2', 'AI', '5'],
    ]);
    const acks = set!.segments.filter((s) => s.tag === 'ACK');
    expect(acks.map((s) => [s.valueOf(1), s.valueOf(2)])).toEqual([
      ['IA', '20'],
      ['IB', '5'],
    ]);
  });
});

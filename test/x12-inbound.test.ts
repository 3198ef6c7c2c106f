import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { X12Parser } from 'node-x12';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeStage } from '../src/pipeline/stages/decode.stage.ts';
import { inboundFormats } from '../src/pipeline/stages/inbound-formats.ts';
import {
  ADMIN,
  gatewayModes,
  startTestGateway,
  type TestGateway,
  VALID_850 as VALID,
  VALID_850_SENDER,
  withControl,
} from './support/gateway-harness.ts';
import { eventually, tempDir } from './support/services.ts';

// gozer's 850 whose SE01 is wrong (sender ZZ/ABCDEFGHIJKLMNO, ISA13 000003438, 21 segments)
const SE_COUNT_WRONG = readFileSync('test/fixtures/translate/gozer_850_se_count_mismatch.txt', 'latin1');
const withSender = (text: string, id: string) => text.replace('4405197800     ', id.padEnd(15, ' '));

describe.each(gatewayModes())('X12 inbound over HTTP ($name)', (mode) => {
  let t: TestGateway;
  let abcKey: string;
  let otherKey: string;
  const drop = tempDir('ordergate-drop-');
  const deliver = (body: string, token = abcKey) => t.deliver(body, token);
  const post = (body: string | Uint8Array, token: string, type?: string) => t.post(body, token, type);
  const call = (...args: Parameters<TestGateway['call']>) => t.call(...args);
  const query = <T>(text: string) => t.query<T>(text);
  const raw = (id: string) => t.raw(id);
  const answers = (id: string, count: number) => t.answers(id, count);

  beforeAll(async () => {
    t = await startTestGateway(mode, {
      ORDERGATE_MAX_INBOUND_BYTES: String(64 * 1024),
      ORDERGATE_DROP_DIR: drop.dir,
    });
    abcKey = await t.createPartner({
      id: 'abc-co',
      name: 'ABC Co',
      identifiers: [VALID_850_SENDER],
      settings: { duplicatePolicy: 'ta1' },
    });
    otherKey = await t.createPartner({
      id: 'gozer',
      name: 'Gozer',
      identifiers: [{ type: 'x12', value: 'ABCDEFGHIJKLMNO' }],
      settings: { duplicatePolicy: 'resend-ack' },
    });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    drop.remove();
  });

  it('decodes a file dropped in the watched folder like a posted one, then archives it', async () => {
    writeFileSync(path.join(drop.dir, 'po-9001.edi'), withControl(VALID, 9001), 'latin1');
    const [stored] = await eventually(
      async () => {
        const rows = await query<{ id: string; status: string }>(
          "select id, status from messages where filename = 'po-9001.edi' and status = 'done'",
        );
        return rows.length > 0 ? rows : undefined;
      },
      30_000,
      'the dropped file decoded',
    );
    const view = await t.message(stored!.id);
    expect(view.orders).toHaveLength(1);
    expect(await answers(stored!.id, 2)).toEqual(['997', '855']);
    const archive = path.join(drop.dir, 'archive');
    const archived = () =>
      existsSync(archive) &&
      readdirSync(archive, { recursive: true, encoding: 'utf8' }).some((f) => f.endsWith('po-9001.edi'));
    await eventually(async () => (archived() ? true : undefined), 10_000, 'the dropped file archived');
    expect(existsSync(path.join(drop.dir, 'po-9001.edi'))).toBe(false);
  });

  it('stores the bytes, answers 202, decodes the 850 to an order and a 997 with the partner counter', async () => {
    const { id, message } = await deliver(withControl(VALID, 1001));
    expect(message.status).toBe('done');
    expect(message.orders).toEqual([{ id: expect.any(String), poNumber: 'PO-1001', status: 'accepted' }]);
    // the partner takes 855s (an X12 partner's default): one is requested for the accepted order
    expect(await answers(id, 2)).toEqual(['997', '855']);
    expect(await raw(id)).toBe(withControl(VALID, 1001));
    const ack = await raw(message.outbound[0]!.id);
    expect(ack).toMatch(/AK1\*PO\*1421~/);
    expect(ack).toMatch(/AK5\*A~/);
    expect(ack).toMatch(/AK9\*A\*1\*1\*1~/);
    // node-x12 in strict mode agrees the 997 is well formed
    expect(() => new X12Parser(true).parse(ack)).not.toThrow();
    const [order] = await query<{ data: { lines: unknown[]; partnerId: string } }>(
      `select data from orders where id = '${message.orders[0]!.id}'`,
    );
    expect(order!.data.partnerId).toBe('abc-co');
    expect(order!.data.lines).toHaveLength(6);
    const [lines] = await query<{ n: string }>(
      `select count(*) as n from order_lines where order_id = '${message.orders[0]!.id}'`,
    );
    expect(Number(lines!.n)).toBe(6);
    expect(message.timeline.map((e) => e.action)).toEqual(['receive', 'decode', 'route']);
  });

  it('sends the 855 as X12: addressed back to the sender, numbered from the partner counter', async () => {
    const { id } = await deliver(withControl(VALID, 1501));
    const doc = await eventually(async () => {
      const [row] = await query<{ status: string; message_id: string; control: Record<string, string> }>(
        `select status, message_id, control from outbound_documents where source_message_id = '${id}' and type = '855'`,
      );
      return row?.status === 'encoded' ? row : undefined;
    });
    const x12 = await raw(doc.message_id);
    expect(() => new X12Parser(true).parse(x12)).not.toThrow();
    // ISA06/ISA08 swapped from the order's interchange (ours is 01/999999999, theirs 12/4405197800)
    expect(x12.slice(0, 106)).toMatch(/^ISA\*00\* {10}\*00\* {10}\*01\*999999999 {6}\*12\*4405197800 {5}\*/);
    expect(x12).toMatch(/GS\*PR\*999999999\*4405197800\*/);
    expect(x12).toMatch(/BAK\*00\*AD\*PO-1501\*20101127/);
    expect(x12.match(/^PO1\*/gm)).toHaveLength(6);
    expect(x12).toContain(`ST*855*${doc.control.transaction}~`);
    expect(Number(x12.slice(90, 99))).toBe(Number(doc.control.interchange));
  });

  it('numbers everything it sends the partner from one counter, without gaps', async () => {
    const first = await deliver(withControl(VALID, 2001));
    const second = await deliver(withControl(VALID, 2002));
    await answers(first.id, 2);
    await answers(second.id, 2);
    await eventually(async () => {
      const [left] = await query<{ n: string }>(
        "select count(*) as n from outbound_documents where partner_id = 'abc-co' and status = 'requested'",
      );
      return Number(left!.n) === 0 ? true : undefined;
    });
    // 997s and 855s share the partner's ISA13 counter: every number used once, none skipped
    const sent = await query<{ n: string }>(
      "select control->>'interchange' as n from messages where direction = 'outbound' and partner_id = 'abc-co'",
    );
    const numbers = sent.map((r) => Number(r.n)).sort((a, b) => a - b);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
  });

  it('answers a duplicate interchange with TA1 025 and processes nothing again', async () => {
    await deliver(withControl(VALID, 3001));
    const again = await deliver(withControl(VALID, 3001));
    expect(again.message.status).toBe('rejected');
    expect(again.message.orders).toEqual([]);
    expect(again.message.diagnostics.map((d) => d.code)).toContain('x12.interchange.025');
    expect(again.message.outbound.map((o) => o.type)).toEqual(['TA1']);
    expect(await raw(again.message.outbound[0]!.id)).toMatch(/TA1\*000003001\*101127\*1719\*R\*025~/);
    const [count] = await query<{ n: string }>(
      `select count(*) as n from interchanges where control_number = '000003001' and status = 'duplicate'`,
    );
    expect(Number(count!.n)).toBe(1);
  });

  it('holds a second order with a PO number the partner already sent, and sends it no 855', async () => {
    const first = await deliver(withControl(VALID, 10001));
    expect(first.message.orders.map((o) => o.status)).toEqual(['accepted']);
    const again = await deliver(withControl(VALID, 10002).replace('*PO-10002*', '*PO-10001*'));
    expect(again.message.status).toBe('done');
    expect(again.message.orders).toEqual([{ id: expect.any(String), poNumber: 'PO-10001', status: 'held' }]);
    expect(again.message.outbound.map((o) => o.type)).toEqual(['997']);
    const held = await query<{ code: string }>(
      `select code from exceptions where order_id = '${again.message.orders[0]!.id}' and status = 'open'`,
    );
    expect(held.map((h) => h.code)).toEqual(['order.duplicate_po']);
  });

  it('answers the second of two identical interchanges in one file as a duplicate', async () => {
    const file = readFileSync(
      'test/fixtures/x12/x12-850/nodex12_850_two_interchanges_duplicate_control_numbers.edi',
    );
    const { id, message } = await deliver(file.toString('latin1'));
    expect(message.orders).toHaveLength(1);
    expect((await answers(id, 3)).sort()).toEqual(['855', '997', 'TA1']);
    expect(message.diagnostics.map((d) => d.code)).toContain('x12.interchange.025');
  });

  it('does not treat a resend after a rejected first attempt as a duplicate, and re-sends the 997 per policy', async () => {
    const first = await deliver(SE_COUNT_WRONG, otherKey);
    expect(first.message.status).toBe('rejected');
    expect(await raw(first.message.outbound[0]!.id)).toMatch(/AK5\*R\*4/);
    const resend = await deliver(SE_COUNT_WRONG, otherKey);
    // rejected the first time, so not a duplicate: decoded again and answered with a fresh 997
    expect(resend.message.diagnostics.map((d) => d.code)).not.toContain('x12.interchange.025');
    expect(resend.message.outbound.map((o) => o.type)).toEqual(['997']);

    const fixed = withControl(SE_COUNT_WRONG.replace('SE*33*', 'SE*21*'), 4001);
    const accepted = await deliver(fixed, otherKey);
    const duplicate = await deliver(fixed, otherKey);
    expect(duplicate.message.diagnostics.map((d) => d.code)).toContain('x12.interchange.025');
    // policy resend-ack: the original 997, byte for byte
    expect(await raw(duplicate.message.outbound[0]!.id)).toBe(await raw(accepted.message.outbound[0]!.id));
  });

  it('holds an unknown sender for an operator and answers TA1 006', async () => {
    const { message } = await deliver(withSender(withControl(VALID, 5001), 'NOBODY'), ADMIN);
    expect(message.status).toBe('failed');
    expect(message.orders).toEqual([]);
    expect(message.diagnostics.map((d) => d.code)).toContain('x12.unknown_sender');
    expect(await raw(message.outbound[0]!.id)).toMatch(/TA1\*000005001\*101127\*1719\*R\*006~/);
    const open = await query<{ code: string }>(
      `select code from exceptions where status = 'open' and code = 'x12.unknown_sender'`,
    );
    expect(open.length).toBeGreaterThan(0);
  });

  it("holds another partner's interchange sent with a partner's key; only the operator hears whose it is", async () => {
    const { id, message } = await deliver(withControl(VALID, 6001), otherKey);
    expect(message.status).toBe('failed');
    expect(message.diagnostics.map((d) => d.code)).toEqual(['x12.unknown_sender']);
    const held = await query<{ code: string; message: string }>(
      `select code, message from exceptions where message_id = '${id}'`,
    );
    expect(held).toEqual([
      {
        code: 'x12.sender_mismatch',
        message: expect.stringMatching(/sender 12:4405197800 belongs to partner abc-co, .*gozer/),
      },
    ]);
  });

  it("answers a partner's key posting another partner's sender exactly as a sender nobody has", async () => {
    /** The TA1 with what differs by nature (the sender it is addressed to, date, time, ISA13) blanked. */
    const ta1Shape = (text: string, sender: RegExp) =>
      text
        .replace(sender, 'SENDER')
        .split('~')
        .map((segment) => {
          const e = segment.split('*');
          if (e[0]?.trim() === 'ISA') e[9] = e[10] = e[13] = '-';
          if (e[0]?.trim() === 'IEA') e[2] = '-';
          return e.join('*');
        })
        .join('~');
    // abc-co's key. Nobody has the first sender; gozer holds ABCDEFGHIJKLMNO without a qualifier, which
    // matches it under abc-co's qualifier 12, in any case.
    const seen = [];
    for (const sender of ['NOBODYATALLXYZ1', 'ABCDEFGHIJKLMNO', 'abcdefghijklmno']) {
      const { id, message } = await deliver(withSender(withControl(VALID, 13001), sender));
      const asPartner = await call(`/v1/messages/${id}`, { token: abcKey });
      expect(asPartner.status).toBe(200);
      const view = (await asPartner.json()) as {
        sha256: string;
        outbound: { id: string; documentId: string }[];
      };
      const ta1 = message.outbound[0]!.id;
      const volatile = [id, view.sha256, ...view.outbound.flatMap((o) => [o.id, o.documentId])];
      const senderPattern = new RegExp(sender, 'gi');
      seen.push({
        view: volatile
          .reduce((text, v) => text.replaceAll(v, '<id>'), JSON.stringify(view))
          .replace(senderPattern, 'SENDER')
          .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>'),
        ta1: ta1Shape(await raw(ta1), senderPattern),
        ta1AsPartner: (await call(`/v1/messages/${ta1}/raw`, { token: abcKey })).status,
      });
    }
    expect(seen[0]!.view).toContain('x12.unknown_sender');
    expect(seen[0]!.ta1).toMatch(/TA1\*000013001\*101127\*1719\*R\*006~/);
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
  });

  it('refuses what it cannot take with a JSON error and stores nothing', async () => {
    const [before] = await query<{ n: string }>('select count(*) as n from messages');
    const empty = await post('', abcKey);
    expect(empty.status).toBe(400);
    const notX12 = await post('PO number 42, 12 mugs please', abcKey, 'text/plain');
    expect(notX12.status).toBe(422);
    expect(await notX12.json()).toEqual({ error: { code: 'request.not_x12', message: expect.any(String) } });
    const big = await post(`${VALID}${' '.repeat(70 * 1024)}`, abcKey);
    expect(big.status).toBe(413);
    expect((await big.json()) as object).toMatchObject({ error: { code: 'request.payload_too_large' } });
    expect((await post(VALID, 'not-a-key')).status).toBe(401);
    const [after] = await query<{ n: string }>('select count(*) as n from messages');
    expect(after!.n).toBe(before!.n);
  });

  it("does not show a partner another partner's message", async () => {
    const { id } = await deliver(withControl(VALID, 7001));
    expect((await call(`/v1/messages/${id}`, { token: otherKey })).status).toBe(404);
    expect((await call(`/v1/messages/${id}/raw`, { token: otherKey })).status).toBe(404);
    expect((await call(`/v1/messages/${id}`, { token: abcKey })).status).toBe(200);
  });

  it('lets a partner pull its own answers: GET /v1/messages?direction=outbound&type=997', async () => {
    const { id, message } = await deliver(withControl(VALID, 12001));
    type List = { messages: { id: string; type: string; partnerId: string; direction: string }[] };
    const mine = (await (
      await call('/v1/messages?direction=outbound&type=997', { token: abcKey })
    ).json()) as List;
    expect(mine.messages.map((m) => m.id)).toContain(message.outbound[0]!.id);
    expect(new Set(mine.messages.map((m) => `${m.direction} ${m.type} ${m.partnerId}`))).toEqual(
      new Set(['outbound 997 abc-co']),
    );
    const theirs = (await (
      await call('/v1/messages?direction=outbound', { token: otherKey })
    ).json()) as List;
    expect(theirs.messages.every((m) => m.partnerId === 'gozer')).toBe(true);
    const byOrder = (await (
      await call(`/v1/messages?orderId=${message.orders[0]!.id}`, { token: ADMIN })
    ).json()) as List;
    // the order's own message, and its 855 once encoded
    expect(byOrder.messages.map((m) => m.id)).toContain(id);
    expect(byOrder.messages.every((m) => m.id === id || m.type === '855')).toBe(true);
    const bad = await call('/v1/messages?type=bad%20type&limit=0', { token: ADMIN });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: unknown[] } }).error.details).toHaveLength(2);
  });

  it('changes nothing when the decode stage runs again on the same message', async () => {
    const { id } = await deliver(withControl(VALID, 8001));
    // let the rest of the pipeline (855 requested and encoded) finish, so only the re-run could change counts
    await eventually(async () => {
      const [open] = await query<{ n: string }>("select count(*) as n from jobs where status = 'pending'");
      return Number(open!.n) === 0 ? true : undefined;
    });
    const snapshot = () =>
      query<{ orders: string; outbound: string; audit: string }>(
        `select (select count(*) from orders) as orders, (select count(*) from outbound_documents) as outbound,
                (select count(*) from audit_events) as audit`,
      );
    const before = await snapshot();
    const stage = decodeStage(
      inboundFormats({ mappingsFor: async () => ({}), mail: { repliesPerHour: 20 } }),
    );
    await t.gateway.database.db.transaction(async (tx) => {
      await stage.run({
        tx,
        job: { id: `decode.${id}`, stage: 'decode', entityId: id, attempts: 2 },
        enqueue: async () => {},
      });
    });
    expect(await snapshot()).toEqual(before);
  });
});

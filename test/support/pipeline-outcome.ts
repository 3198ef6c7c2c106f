import { expect } from 'vitest';
import type { TestGateway } from './fault-gateway.ts';
import { poNumbersOf } from './x12-orders.ts';

const n = (v: unknown) => Number(v);

/**
 * The invariants a fault must not break, for `interchanges` generated interchanges of `sets` orders each, all
 * posted once and answered 202: every order exactly once and accepted, one 997 per interchange and one 855 per
 * order, the partner's ISA13 numbers 1..N without a gap or a repeat, no job failed or dead.
 */
export async function expectEveryOrderOnce(
  t: TestGateway,
  partnerId: string,
  interchanges: number[],
  sets: number,
): Promise<void> {
  const total = interchanges.length * sets;
  const inbound = await t.query<{ status: string; n: string }>(
    `select status, count(*) as n from messages where direction = 'inbound' group by status`,
  );
  expect(inbound.map((r) => ({ status: r.status, n: n(r.n) }))).toEqual([
    { status: 'done', n: interchanges.length },
  ]);

  const orders = await t.query<{ po_number: string; status: string; copies: string }>(
    `select po_number, min(status) as status, count(*) as copies from orders group by po_number`,
  );
  expect(orders.filter((o) => n(o.copies) !== 1)).toEqual([]);
  expect(orders.filter((o) => o.status !== 'accepted')).toEqual([]);
  const expected = interchanges.flatMap((i) => poNumbersOf(i, sets)).sort();
  expect(orders.map((o) => o.po_number).sort()).toEqual(expected);
  expect(orders).toHaveLength(total);

  // one 997 per inbound interchange (message), stored as an outbound message and a document
  const acks = await t.query<{ source: string; docs: string; messages: string }>(
    `select m.id as source,
            (select count(*) from outbound_documents d where d.source_message_id = m.id and d.type = '997') as docs,
            (select count(*) from outbound_documents d join messages o on o.id = d.message_id
              where d.source_message_id = m.id and o.type = '997') as messages
       from messages m where m.direction = 'inbound'`,
  );
  expect(acks.filter((a) => n(a.docs) !== 1 || n(a.messages) !== 1)).toEqual([]);
  // one 997 interchange and one 855 interchange (all the message's 855s, batched) per inbound message
  const [outboundMessages] = await t.query<{ n: string }>(
    `select count(*) as n from messages where direction = 'outbound'`,
  );
  expect(n(outboundMessages?.n)).toBe(interchanges.length * 2);

  // one 855 per order, encoded into an 855 interchange, nothing else
  const docs855 = await t.query<{ order_id: string; copies: string; encoded: string }>(
    `select o.id as order_id, count(d.id) as copies,
            count(d.id) filter (where d.status = 'encoded' and m.type = '855') as encoded
       from orders o
       left join outbound_documents d on d.order_id = o.id and d.type = '855'
       left join messages m on m.id = d.message_id
      group by o.id`,
  );
  expect(docs855.filter((d) => n(d.copies) !== 1 || n(d.encoded) !== 1)).toEqual([]);
  const [other] = await t.query<{ n: string }>(
    `select count(*) as n from outbound_documents where type not in ('997', '855')`,
  );
  expect(n(other?.n)).toBe(0);

  // the partner's interchange control numbers: 1..N, no gap, no repeat
  const isa13 = await t.query<{ isa13: string }>(
    `select control->>'interchange' as isa13 from messages
      where direction = 'outbound' and partner_id = '${partnerId}' order by (control->>'interchange')::bigint`,
  );
  const sent = interchanges.length * 2;
  expect(isa13.map((r) => n(r.isa13))).toEqual(Array.from({ length: sent }, (_, i) => i + 1));
  const [counter] = await t.query<{ last_value: string }>(
    `select last_value from control_numbers where partner_id = '${partnerId}' and kind = 'interchange'`,
  );
  expect(n(counter?.last_value)).toBe(sent);

  const jobs = await t.query<{ status: string; n: string }>(
    `select status, count(*) as n from jobs group by status order by status`,
  );
  expect(jobs.map((j) => ({ status: j.status, n: n(j.n) }))).toEqual([
    { status: 'done', n: interchanges.length * 5 },
  ]);
  const [exceptions] = await t.query<{ n: string }>(`select count(*) as n from exceptions`);
  expect(n(exceptions?.n)).toBe(0);
}

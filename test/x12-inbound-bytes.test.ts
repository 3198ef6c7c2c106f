import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../src/core/error-codes.ts';
import { readX12Sync } from '../src/x12/reader.ts';
import {
  ADMIN,
  gatewayModes,
  type MessageBody,
  startTestGateway,
  type TestGateway,
  VALID_850 as VALID,
  VALID_850_SENDER,
  withControl,
} from './support/gateway-harness.ts';

/**
 * X12 is bytes: interchanges whose delimiters are not ASCII (one high byte, or one character of several
 * UTF-8 bytes) and element values that are not valid UTF-8 or hold control characters, end to end.
 */

const utf8 = (text: string) => Buffer.from(text, 'utf8');

/**
 * The 850 fixture (all ASCII) as bytes with its delimiters swapped: every "*" for `element`, every "~" for
 * `terminator`, and ISA16 (">", the 105th byte) for `component`.
 */
function withDelimiters(
  n: number,
  { element, terminator, component }: { element?: Buffer; terminator?: Buffer; component?: Buffer },
): Buffer {
  const text = withControl(VALID, n);
  const parts: Buffer[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '*' && element) parts.push(element);
    else if (c === '~' && terminator) parts.push(terminator);
    else if (i === 104 && component) parts.push(component);
    else parts.push(Buffer.from(c, 'latin1'));
  }
  return Buffer.concat(parts);
}

/** The 850 fixture with `value` (bytes) in place of N1-02 of its ship-to, "XYZ RETAIL". */
function withShipToName(n: number, value: Buffer): Buffer {
  const text = withControl(VALID, n);
  const ascii = 'XYZ RETAIL';
  const at = text.indexOf(`N1*ST*${ascii}*`) + 'N1*ST*'.length;
  return Buffer.concat([
    Buffer.from(text.slice(0, at), 'latin1'),
    value,
    Buffer.from(text.slice(at + ascii.length), 'latin1'),
  ]);
}

describe.each(gatewayModes())('X12 bytes over HTTP ($name)', (mode) => {
  let t: TestGateway;
  let key: string;

  beforeAll(async () => {
    t = await startTestGateway(mode);
    key = await t.createPartner({ id: 'abc-co', name: 'ABC Co', identifiers: [VALID_850_SENDER] });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  /** Posts bytes and waits until the pipeline has finished with the message. */
  async function deliver(bytes: Uint8Array, token = key): Promise<{ id: string; message: MessageBody }> {
    const res = await t.post(bytes, token);
    expect(res.status).toBe(202);
    const { messageId } = (await res.json()) as { messageId: string };
    return { id: messageId, message: await t.settled(messageId) };
  }

  /** The segments of an answer, read back with our reader: delimiters, envelopes and all. */
  async function answer(message: MessageBody, type: string) {
    const outbound = message.outbound.find((o) => o.type === type);
    expect(outbound, `a ${type} answer`).toBeDefined();
    const text = await t.raw(outbound!.id);
    const events = [...readX12Sync(text)];
    const start = events.find((e) => e.kind === 'interchange-start');
    const segments = events.flatMap((e) => (e.kind === 'transaction' ? e.set.segments : []));
    const errors = events.flatMap((e) =>
      e.kind === 'transaction' ? e.set.diagnostics : 'diagnostics' in e ? e.diagnostics : [],
    );
    return {
      text,
      delimiters: start?.kind === 'interchange-start' ? start.header.delimiters : undefined,
      segments: segments.map((s) => s.elements.join('*')),
      errors: errors.filter((d) => d.severity === 'error'),
    };
  }

  describe('delimiters that are not ASCII', () => {
    const cases: [string, Parameters<typeof withDelimiters>[1], ErrorCode[]][] = [
      ['element separator "§" (2 UTF-8 bytes)', { element: utf8('§') }, ['x12.deviation.element_separator']],
      ['element separator "→" (3 UTF-8 bytes)', { element: utf8('→') }, ['x12.deviation.element_separator']],
      [
        'element separator "😀" (4 UTF-8 bytes)',
        { element: utf8('😀') },
        ['x12.deviation.element_separator'],
      ],
      [
        'element separator 0xA7 (one latin1 byte)',
        { element: Buffer.from([0xa7]) },
        ['x12.deviation.element_separator'],
      ],
      ['ISA16 "§" (2 UTF-8 bytes)', { component: utf8('§') }, ['x12.deviation.component_separator']],
      ['ISA16 "→" (3 UTF-8 bytes)', { component: utf8('→') }, ['x12.deviation.component_separator']],
      [
        'ISA16 0xA7 (one latin1 byte)',
        { component: Buffer.from([0xa7]) },
        ['x12.deviation.component_separator'],
      ],
      ['terminator "→" (3 UTF-8 bytes)', { terminator: utf8('→') }, ['x12.deviation.segment_terminator']],
      [
        'terminator 0xA7 (one latin1 byte)',
        { terminator: Buffer.from([0xa7]) },
        ['x12.deviation.segment_terminator'],
      ],
      [
        'ISA16 "§" and terminator "→"',
        { component: utf8('§'), terminator: utf8('→') },
        ['x12.deviation.component_separator', 'x12.deviation.segment_terminator'],
      ],
      [
        'every delimiter an emoji',
        { element: utf8('😀'), component: utf8('🙂'), terminator: utf8('🎉') },
        [
          'x12.deviation.element_separator',
          'x12.deviation.component_separator',
          'x12.deviation.segment_terminator',
        ],
      ],
    ];

    it.each(cases.map(([name, delimiters, warnings], i) => ({ name, delimiters, warnings, n: 61_001 + i })))(
      'reads the order and answers a 997 in ASCII delimiters: $name',
      async ({ delimiters, warnings, n }) => {
        const { message } = await deliver(withDelimiters(n, delimiters));
        expect(message.status).toBe('done');
        expect(message.orders).toEqual([{ id: expect.any(String), poNumber: `PO-${n}`, status: 'accepted' }]);
        // the operator is told which delimiter is not ASCII
        const deviations = message.diagnostics
          .map((d) => d.code)
          .filter((c) => c.startsWith('x12.deviation.'));
        for (const warning of warnings) expect(deviations).toContain(warning);
        // the answer is one the partner can read: "*", "~", ">" rather than bytes we could not write back
        const ack = await answer(message, '997');
        expect(ack.delimiters).toMatchObject({ element: '*', segment: '~', component: '>' });
        expect(ack.errors).toEqual([]);
        expect(ack.segments).toContain('AK5*A');
        expect(ack.text).toMatch(/^[\x20-\x7e\n]+$/);
      },
    );

    it('answers, rather than leaving it received, an interchange whose sender cannot be addressed', async () => {
      // ISA06 of 16 characters: the reader takes it (a width deviation), but no ISA can be addressed to it
      const text = withControl(VALID, 61_101).replace('*4405197800     *', '*ABCDEFGHIJKLMNOP*');
      const { message } = await deliver(Buffer.from(text, 'latin1'), ADMIN);
      // an unknown sender, held for an operator; its TA1 006 cannot be written, which the message says
      expect(message.status).toBe('failed');
      expect(message.outbound).toEqual([]);
      expect(message.diagnostics).toContainEqual(
        expect.objectContaining({
          code: 'x12.ack.unwritable',
          message: expect.stringContaining('ABCDEFGHIJKLMNOP'),
        }),
      );
    });

    it('answers an interchange whose sender ID is padded with NUL bytes (found by the fuzz suite)', async () => {
      // its decode job used to fail on the database (PostgreSQL text holds no NUL), leaving it `received`
      const text = withControl(VALID, 61_102).replace('*4405197800     *', '*4405197800\0\0\0\0\0*');
      const { id, message } = await deliver(Buffer.from(text, 'latin1'), key);
      expect(message.status).toBe('failed');
      expect(message.diagnostics).toContainEqual(
        expect.objectContaining({ code: 'x12.interchange.006', message: expect.stringContaining('control') }),
      );
      // the TA1 would carry the NULs back in its ISA08: nothing that could be sent, and the message says so
      expect(message.diagnostics.map((d) => d.code)).toContain('x12.ack.unwritable');
      const jobs = await t.query<{ status: string }>(`select status from jobs where entity_id = '${id}'`);
      expect(jobs).toEqual([{ status: 'done' }]);
    });

    it('rejects with a diagnostic an input whose ISA cannot be read at all', async () => {
      // "ISA" then a two-byte separator that never comes again: no ISA06 to address a TA1 to
      const bytes = Buffer.concat([Buffer.from('ISA'), utf8('§'), Buffer.from('00 nothing else', 'latin1')]);
      const { message } = await deliver(bytes);
      expect(message.status).toBe('rejected');
      expect(message.outbound).toEqual([]);
      expect(message.diagnostics.map((d) => d.code)).toContain('x12.interchange.023');
    });
  });

  describe('element values that are not UTF-8 text', () => {
    type OrderBody = {
      order: { parties: { shipTo?: { name?: string } }; lines: { description?: string }[] };
    };
    const order = (id: string) => t.json<OrderBody>(`/v1/orders/${id}`);

    /** The stored bytes, byte for byte (the harness's `raw` decodes them as UTF-8). */
    async function rawBytes(id: string): Promise<Buffer> {
      const res = await t.call(`/v1/messages/${id}/raw`, { token: ADMIN });
      return Buffer.from(await res.arrayBuffer());
    }

    it('reads a value that is not UTF-8 as Windows-1252, keeps the order and tells the operator where', async () => {
      // N1-02 "XYZ RÉTAIL" in ISO-8859-1 (É is 0xC9 alone), PID-05 with 0x80 (a lone UTF-8 continuation byte,
      // the euro sign in Windows-1252)
      const n = 62_001;
      const latin1 = withShipToName(n, Buffer.from('XYZ R\u00c9TAIL', 'latin1'));
      const bytes = Buffer.from(
        latin1.toString('latin1').replace('SMALL WIDGET', 'SMALL WIDGET \u0080'),
        'latin1',
      );
      const { id, message } = await deliver(bytes);
      expect(message.status).toBe('done');
      expect(message.orders).toEqual([{ id: expect.any(String), poNumber: `PO-${n}`, status: 'accepted' }]);
      const { order: stored } = await order(message.orders[0]!.id);
      expect(stored.parties.shipTo?.name).toBe('XYZ R\u00c9TAIL');
      expect(stored.lines[0]!.description).toBe('SMALL WIDGET \u20ac');
      // each element is named: segment, element and position in the set
      const notUtf8 = message.diagnostics.filter((d) => d.code === 'x12.deviation.not_utf8');
      expect(notUtf8).toEqual([
        expect.objectContaining({ severity: 'warning', segment: 'N1', element: 2, segmentPosition: 10 }),
        expect.objectContaining({ severity: 'warning', segment: 'PID', element: 5, segmentPosition: 14 }),
      ]);
      // the partner's encoding is its own business (X12.6): the 997 accepts without errors noted
      const ack = await answer(message, '997');
      expect(ack.segments.filter((s) => /^AK[345]/.test(s))).toEqual(['AK5*A']);
      expect(await rawBytes(id)).toEqual(bytes);
      const views = JSON.stringify([message, stored]);
      expect(views).not.toContain('\ufffd');
    });

    it.each(
      [
        ['a NUL byte', Buffer.from('XYZ\u0000RETAIL', 'latin1'), 'U+0000'],
        ['a C0 control character (0x1A)', Buffer.from('XYZ\u001aRETAIL', 'latin1'), 'U+001A'],
        ['a byte Windows-1252 leaves undefined (0x81)', Buffer.from('XYZ\u0081RETAIL', 'latin1'), 'U+0081'],
        ['an escape character inside valid UTF-8', Buffer.from('XYZ \u00e9\u001b RETAIL', 'utf8'), 'U+001B'],
      ].map(([name, value, character], i) => ({ name, value, character, n: 62_101 + i })),
    )(
      'rejects the set with AK4 code 6 for N1-02 holding $name, and stores no replacement character',
      async ({ value, character, n }) => {
        const bytes = withShipToName(n as number, value as Buffer);
        const { id, message } = await deliver(bytes);
        expect(message.status).toBe('rejected');
        expect(message.orders).toEqual([]);
        expect(message.diagnostics).toContainEqual(
          expect.objectContaining({
            severity: 'error',
            code: 'x12.element.6',
            segment: 'N1',
            element: 2,
            segmentPosition: 10,
            message: expect.stringContaining(character as string),
          }),
        );
        const ack = await answer(message, '997');
        expect(ack.errors).toEqual([]);
        expect(ack.segments.filter((s) => /^AK[2-59]/.test(s))).toEqual([
          'AK2*850*000000010',
          'AK3*N1*10**8',
          'AK4*2**6',
          'AK5*R*5',
          'AK9*R*1*1*0',
        ]);
        expect(await rawBytes(id)).toEqual(bytes);
        const [orders] = await t.query<{ n: string }>(
          `select count(*) as n from orders where message_id = '${id}'`,
        );
        expect(Number(orders!.n)).toBe(0);
        expect(JSON.stringify(message)).not.toContain('\ufffd');
      },
    );
  });
});

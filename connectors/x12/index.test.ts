import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ConnectorContext, ResolvedPartner } from '../../src/core/connector.ts';
import { defaultOrderMapping } from '../../src/mapping/default-order-mapping.ts';
import { type X12AckContent, x12Connector } from './index.ts';

// A valid 850 from the shared corpus (source and licence: test/fixtures/x12/SOURCES.md).
const SAMPLE_4010 = readFileSync('test/fixtures/x12/x12-850/nodex12_850_004010VICS_tilde_lf.edi');

function context(partner?: ResolvedPartner) {
  const allocated: string[] = [];
  let id = 0;
  const ctx: ConnectorContext = {
    now: () => new Date('2024-03-01T12:34:00Z'),
    newId: () => `id-${++id}`,
    messageId: 'msg-1',
    resolvePartner: async () => undefined,
    ...(partner ? { partner } : {}),
    controlNumbers: {
      async next(partnerId, kind) {
        allocated.push(`${partnerId}/${kind}`);
        return allocated.length;
      },
    },
  };
  return { ctx, allocated };
}

const raw = (bytes: Uint8Array) => ({ channel: 'x12' as const, bytes, receivedAt: new Date(0) });

describe('x12 connector', () => {
  it('answers an unknown sender as the gateway does, with a TA1 006 numbered from that sender’s own counter', async () => {
    const { ctx, allocated } = context();
    const result = await x12Connector.decode(raw(SAMPLE_4010), ctx);
    // read with the default mapping for whoever looks, but held: no 997, and an error saying why
    expect(result.orders).toHaveLength(1);
    expect(result.diagnostics.map((d) => d.code)).toContain('x12.unknown_sender');
    const [ack] = result.ack?.documents ?? [];
    expect(ack).toMatchObject({ type: 'TA1' });
    expect(ack?.partnerId).toBeUndefined();
    const content = ack!.content as X12AckContent;
    expect(content.text).toMatch(/TA1\*000003438\*\d{6}\*\d{4}\*R\*006/);
    expect(content.text).not.toMatch(/AK1/);
    expect(content.text).toContain('*240301*1234*');
    expect(allocated.every((a) => a.startsWith('12:4405197800/'))).toBe(true);
  });

  it('follows the partner’s ack setting and numbers from the partner’s counter', async () => {
    const partner = (ack: string): ResolvedPartner => ({
      id: 'harbor-pine',
      name: 'Harbor & Pine',
      settings: { ack },
      mappings: { '850': defaultOrderMapping('850') },
    });
    const with999 = context(partner('999'));
    const result = await x12Connector.decode(raw(SAMPLE_4010), with999.ctx);
    expect(result.ack?.documents).toMatchObject([{ type: '999', partnerId: 'harbor-pine' }]);
    expect(with999.allocated.every((a) => a.startsWith('harbor-pine/'))).toBe(true);
    expect(result.orders[0]?.partnerId).toBe('harbor-pine');

    const none = await x12Connector.decode(raw(SAMPLE_4010), context(partner('none')).ctx);
    expect(none.ack).toBeUndefined();
    expect(none.orders).toHaveLength(1);
  });

  it('reports an invalid partner mapping and decodes with the default instead of trusting it', async () => {
    const { ctx } = context({ id: 'p', name: 'P', settings: {}, mappings: { '850': { broken: true } } });
    const result = await x12Connector.decode(raw(SAMPLE_4010), ctx);
    expect(result.orders).toHaveLength(1);
    expect(result.diagnostics).toContainEqual(expect.objectContaining({ code: 'x12.mapping.invalid' }));
  });
});

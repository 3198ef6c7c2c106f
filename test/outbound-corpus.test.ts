import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { encode810 } from '../connectors/x12/encode-810.ts';
import { encode855 } from '../connectors/x12/encode-855.ts';
import { encode856 } from '../connectors/x12/encode-856.ts';
import { counterIds } from '../connectors/x12/fixtures/build-set.ts';
import { mapInvoice } from '../connectors/x12/map-810.ts';
import { mapPurchaseOrder } from '../connectors/x12/map-850.ts';
import { mapPurchaseOrderAcknowledgment } from '../connectors/x12/map-855.ts';
import { mapShipNotice } from '../connectors/x12/map-856.ts';
import { toGatewayErrorShape } from '../src/core/errors.ts';
import { Order } from '../src/core/order.ts';
import { defaultOrderMapping } from '../src/mapping/default-order-mapping.ts';
import { loadMappings } from '../src/mapping/loader.ts';
import type { OutboundMappingOf } from '../src/mapping/outbound-mapping.schema.ts';
import { readX12Sync } from '../src/x12/reader.ts';
import type { Segment, TransactionSet } from '../src/x12/types.ts';
import type { SegmentData } from '../src/x12/writer.ts';

/**
 * The corpus comparison: a partner's own 855/856/810 sample is decoded by our reader into the
 * canonical Acknowledgment/Shipment/Invoice, re-encoded with a mapping that states that partner's choices
 * (test/fixtures/outbound-corpus/<partner>/), and compared segment by segment with the sample. Every
 * difference left is listed in `<partner>/differences.json` with the reason (data the canonical model does
 * not carry, or a sample that contradicts its own order); any other difference fails. After an intended
 * change: `UPDATE_GOLDEN=1 npx vitest run test/outbound-corpus.test.ts`, then give each new entry its `why`.
 */
const CORPUS = fileURLToPath(new URL('./fixtures/x12/', import.meta.url));
const PARTNERS = fileURLToPath(new URL('./fixtures/outbound-corpus/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const { partners } = await loadMappings(PARTNERS);

function mappingOf<D extends '855' | '856' | '810'>(partnerId: string, document: D): OutboundMappingOf<D> {
  const version = partners.find((p) => p.partner.id === partnerId)?.mappings[document];
  if (!version) throw new Error(`no ${document} mapping for ${partnerId}`);
  return version.mapping as OutboundMappingOf<D>;
}

function sets(file: string): TransactionSet[] {
  return [...readX12Sync(readFileSync(path.join(CORPUS, file)))].flatMap((event) =>
    event.kind === 'transaction' ? [event.set] : [],
  );
}

const orderFixture = (partnerId: string) =>
  Order.parse(JSON.parse(readFileSync(path.join(PARTNERS, partnerId, 'order.json'), 'utf8')));

/** A segment as text, trailing empty elements dropped (as our writer drops them), composites joined by ">". */
const text = (tag: string, elements: readonly (string | readonly string[])[]) => {
  const values = elements.map((e) => (typeof e === 'string' ? e : e.join('>')));
  while (values.length > 0 && values.at(-1) === '') values.pop();
  return [tag, ...values].join('*');
};
const theirs = (set: TransactionSet) =>
  set.segments
    .filter((s: Segment) => s.tag !== 'ST' && s.tag !== 'SE')
    .map((s) => text(s.tag, s.elements.slice(1)));
const ours = (body: readonly SegmentData[]) =>
  body.map(([tag, ...elements]) => text(tag as string, elements));

interface Difference {
  theirs?: string;
  ours?: string;
  why?: string;
}

/**
 * Longest common subsequence of the two segment lists; between two matched segments, what is left over is
 * listed in their order, each of our segments paired with the first of theirs with the same tag and first
 * element, else the same tag (one segment written differently), ours without a counterpart after.
 */
function differences(a: string[], b: string[]): Difference[] {
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: Difference[] = [];
  let run: { theirs: string[]; ours: string[] } = { theirs: [], ours: [] };
  const flush = () => {
    const paired: Difference[] = run.theirs.map((segment) => ({ theirs: segment }));
    // the same tag and first element (N1*ST with N1*ST, not N1*SE), else the same tag
    const head = (segment: string, n: number) => segment.split('*').slice(0, n).join('*');
    const open = (segment: string, n: number) =>
      paired.find((d) => d.ours === undefined && d.theirs && head(d.theirs, n) === head(segment, n));
    for (const segment of run.ours) {
      const match = open(segment, 2) ?? open(segment, 1);
      if (match) match.ours = segment;
      else paired.push({ ours: segment });
    }
    out.push(...paired);
    run = { theirs: [], ours: [] };
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      flush();
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!))
      run.theirs.push(a[i++]!);
    else run.ours.push(b[j++]!);
  }
  flush();
  return out;
}

/** Compares with the recorded differences, each of which must say why it is acceptable. */
function expectOnly(partnerId: string, found: Difference[]) {
  const file = path.join(PARTNERS, partnerId, 'differences.json');
  const recorded: Difference[] = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
  const key = (d: Difference) => `${d.theirs ?? ''}|${d.ours ?? ''}`;
  if (UPDATE) {
    const why = new Map(recorded.map((d) => [key(d), d.why]));
    const next = found.map((d) => ({ ...d, why: why.get(key(d)) ?? '' }));
    writeFileSync(file, `${JSON.stringify(next, null, 2)}\n`);
  }
  expect(found).toEqual(recorded.map(({ why: _why, ...d }) => d));
  for (const d of recorded) expect(d.why, `no reason given for ${key(d)}`).toMatch(/\w{3}/);
}

describe('corpus samples re-encoded with a matching partner mapping', () => {
  it('855: the Stedi drop-ship answer, from its own 850 and the acknowledgment read from it', () => {
    const [po] = sets('x12-850/stedi_850_005010_dropship_gs01_OW.edi');
    const ctx = { partnerId: 'stedi-dropship', messageId: 'corpus', newId: counterIds() };
    const { order } = mapPurchaseOrder(po!, defaultOrderMapping('850'), ctx);
    const [answer] = sets('x12-855/stedi_855_005010_dropship_ack.edi');
    const { acknowledgment } = mapPurchaseOrderAcknowledgment(answer!);
    expect(acknowledgment?.orderId).toBe(order?.poNumber);
    const body = encode855({
      acknowledgment: acknowledgment!,
      order: order!,
      ackDate: '2022-09-13',
      version: '005010',
      mapping: mappingOf('stedi-dropship', '855'),
    });
    expectOnly('stedi-dropship', differences(theirs(answer!), ours(body)));
  });

  it('856: the VICS S-O-P-I pick-and-pack notice, from the shipment read from it', () => {
    const [notice] = sets('x12-856/oopfactory_856_004010VICS_SOPI_pack_level.txt');
    const read = mapShipNotice(notice!);
    const order = orderFixture('vics-apparel');
    expect(read.shipment?.orderIds).toEqual([order.poNumber]);
    const mapping = mappingOf('vics-apparel', '856');
    const body = encode856({
      shipment: { ...read.shipment!, orderIds: [order.id] },
      orders: [order],
      shape: mapping.hierarchy!,
      version: '004010',
      shipmentId: read.shipmentId!,
      noticeDate: '2012-05-15',
      noticeTime: '0851',
      mapping,
    });
    expectOnly('vics-apparel', differences(theirs(notice!), ours(body)));
  });

  it('810: the StAEDI snack invoice, from the invoice read from it; its second invoice does not add up', () => {
    const [first, second] = sets('x12-810/staedi_810_004010_two_invoices.edi');
    const order = orderFixture('staedi-snacks');
    const mapping = mappingOf('staedi-snacks', '810');
    const { invoice } = mapInvoice(first!);
    expect(invoice?.orderId).toBe(order.poNumber);
    const body = encode810({
      invoice: { ...invoice!, orderId: order.id },
      order,
      version: '004010',
      mapping,
    });
    expectOnly('staedi-snacks', differences(theirs(first!), ours(body)));
    // TDS 2554.38 on 150 cases at 12.34: we refuse to send an invoice whose total is not its lines' sum
    const { invoice: wrong } = mapInvoice(second!);
    const refused = (() => {
      try {
        encode810({ invoice: { ...wrong!, orderId: order.id }, order, version: '004010', mapping });
      } catch (error) {
        return toGatewayErrorShape(error).code;
      }
      return undefined;
    })();
    expect(refused).toBe('invoice.total_mismatch');
  });
});

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { X12Interchange, X12Parser } from 'node-x12';
import { describe, expect, it } from 'vitest';
import { type Encode810Input, encode810, resolveInvoice } from '../connectors/x12/encode-810.ts';
import { type Encode855Input, encode855 } from '../connectors/x12/encode-855.ts';
import { encode856, resolveShipment } from '../connectors/x12/encode-856.ts';
import { wrapSet } from '../connectors/x12/fixtures/envelope.ts';
import { mapInvoice } from '../connectors/x12/map-810.ts';
import { mapPurchaseOrderAcknowledgment } from '../connectors/x12/map-855.ts';
import { mapShipNotice } from '../connectors/x12/map-856.ts';
import type { Encode856Input } from '../connectors/x12/place-856.ts';
import { Invoice } from '../src/core/documents.ts';
import { Order } from '../src/core/order.ts';
import { type LoadedPartner, loadMappings, type MappingVersion } from '../src/mapping/loader.ts';
import { isOutboundDocument } from '../src/mapping/mapping-file.ts';
import type { OutboundMappingOf } from '../src/mapping/outbound-mapping.schema.ts';
import { readX12Sync } from '../src/x12/reader.ts';
import type { SegmentData } from '../src/x12/writer.ts';

/**
 * Golden outbound fixtures (canonical → X12), per partner and outbound mapping version:
 * `mappings/<partner>/fixtures/<855|856|810>.v<N>/<name>.json` holds the encoder input (the canonical
 * document and the order(s) it is about, as in the encoder's input type) and `<name>.edi` the exact
 * interchange we send, made with that version's mapping and the partner's delimiters from partner.yaml.
 * After an intended change: `UPDATE_GOLDEN=1 npx vitest run test/golden-outbound.test.ts` and review the diff.
 */
const ROOT = fileURLToPath(new URL('../mappings/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const { partners } = await loadMappings(ROOT);

it('covers every outbound document with the example partners', () => {
  const documents = partners.flatMap((p) => p.versions.filter((v) => isOutboundDocument(v.document)));
  expect(new Set(documents.map((v) => v.document))).toEqual(new Set(['855', '856', '810']));
});

type OutboundVersion = Extract<MappingVersion, { document: '855' | '856' | '810' }>;

/** The set body the version's mapping makes of a fixture, and the canonical document it must read back as. */
function encodeFixture(version: OutboundVersion, raw: Record<string, unknown>) {
  switch (version.document) {
    case '855': {
      const input = { ...(raw as Encode855Input), mapping: version.mapping };
      return { body: encode855(input), expected: input.acknowledgment, read: readAcknowledgment };
    }
    case '856': {
      const given = raw as unknown as Encode856Input;
      const mapping = version.mapping as OutboundMappingOf<'856'>;
      // the hierarchy is the mapping's when it names one (the shipment route stores the chosen shape)
      if (mapping.hierarchy !== undefined) expect(given.shape).toBe(mapping.hierarchy);
      const input: Encode856Input = { ...given, orders: given.orders.map((o) => Order.parse(o)), mapping };
      const expected = {
        ...resolveShipment(input),
        orderIds: input.orders.map((o) => o.poNumber),
      };
      return { body: encode856(input), expected, read: readShipment };
    }
    case '810': {
      const given = raw as unknown as Encode810Input;
      const input: Encode810Input = {
        ...given,
        order: Order.parse(given.order),
        invoice: Invoice.parse(given.invoice),
        mapping: version.mapping as OutboundMappingOf<'810'>,
      };
      const expected = { ...resolveInvoice(input.invoice, input.order), orderId: input.order.poNumber };
      return { body: encode810(input), expected, read: readInvoice };
    }
  }
}

const sets = (text: string) =>
  [...readX12Sync(text)].flatMap((event) => {
    if (event.kind !== 'transaction') return [];
    expect(event.set.diagnostics).toEqual([]);
    return [event.set];
  });
const readAcknowledgment = (text: string) => sets(text).map((s) => mapPurchaseOrderAcknowledgment(s));
const readShipment = (text: string) => sets(text).map((s) => mapShipNotice(s));
const readInvoice = (text: string) => sets(text).map((s) => mapInvoice(s));

/** The interchange we send the partner: its X12 identifier as receiver, its settings' delimiters and usage. */
function interchange(
  loaded: LoadedPartner,
  document: OutboundVersion['document'],
  x12Version: string,
  body: SegmentData[],
) {
  const x12 = loaded.partner.identifiers.find((i) => i.type === 'x12');
  const receiver = { qualifier: x12?.qualifier ?? 'ZZ', id: x12?.value ?? loaded.partner.id.toUpperCase() };
  return wrapSet(document, body, x12Version, { receiver, settings: loaded.partner.settings });
}

describe.each(partners.map((loaded) => [loaded.partner.id, loaded] as const))('partner %s', (id, loaded) => {
  const outbound = loaded.versions.filter((v): v is OutboundVersion => isOutboundDocument(v.document));

  describe.each(outbound.map((v) => [`${v.document}.v${v.version}`, v] as const))('%s', (folder, version) => {
    const directory = path.join(ROOT, id, 'fixtures', folder);
    const inputs = existsSync(directory) ? readdirSync(directory).filter((n) => n.endsWith('.json')) : [];

    it('has at least one golden pair', () => {
      expect(inputs.length).toBeGreaterThan(0);
    });

    it.each(inputs)('%s encodes to the .edi beside it, parses strictly and reads back', (name) => {
      const raw = JSON.parse(readFileSync(path.join(directory, name), 'utf8')) as Record<string, unknown>;
      const { body, expected, read } = encodeFixture(version, raw);
      const text = interchange(loaded, version.document, String(raw.version), body);
      const expectedPath = path.join(directory, name.replace(/\.json$/, '.edi'));
      if (UPDATE) writeFileSync(expectedPath, text);
      expect(existsSync(expectedPath), `${expectedPath} is missing`).toBe(true);
      expect(text).toBe(readFileSync(expectedPath, 'latin1'));
      // node-x12 in strict mode agrees on the envelope and every count
      expect(new X12Parser(true).parse(text)).toBeInstanceOf(X12Interchange);
      const [result] = read(text);
      expect(result?.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const decoded =
        result && 'acknowledgment' in result
          ? result.acknowledgment
          : result && 'shipment' in result
            ? result.shipment
            : result && 'invoice' in result
              ? result.invoice
              : undefined;
      expect(decoded).toEqual(expected);
    });
  });
});

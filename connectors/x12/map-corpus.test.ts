import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { Order } from '../../src/core/order.ts';
import { defaultOrderMapping } from '../../src/mapping/default-order-mapping.ts';
import { readX12Sync } from '../../src/x12/reader.ts';
import { counterIds } from './fixtures/build-set.ts';
import { mapPurchaseOrder } from './map-850.ts';
import { mapPurchaseOrderChange } from './map-860.ts';

// the shared corpus (DESIGN test data), as the X12 reader's tests keep it in the repository
const CORPUS = fileURLToPath(new URL('../../test/fixtures/x12/', import.meta.url));

function mapFile(folder: string, file: string) {
  const newId = counterIds();
  const results = [];
  for (const event of readX12Sync(readFileSync(`${CORPUS}${folder}/${file}`))) {
    if (event.kind !== 'transaction') continue;
    const { set } = event;
    const ctx = { partnerId: 'corpus', messageId: file, newId };
    if (set.type === '850') results.push(mapPurchaseOrder(set, defaultOrderMapping('850'), ctx));
    if (set.type === '860') results.push(mapPurchaseOrderChange(set, defaultOrderMapping('860'), ctx));
  }
  return results;
}

/** What each corpus order must map to, and the warnings its quirks justify (code → count). */
const EXPECTED_850: Record<string, { po: string[]; lines: number; warnings?: Record<string, number> }> = {
  'ballerina_850_004010_single_line_no_newlines.edi': {
    po: ['PO-2026-001'],
    lines: 1,
    warnings: { 'x12.mapping.shifted_item_id': 1 },
  },
  'nodex12_850_004010VICS_newline_terminator.edi': {
    po: ['08292233294'],
    lines: 6,
    // PKG x2, AMT*1 (line item total, not TT), TD503 not a SCAC, PO1 PR/RO pairs x6
    warnings: { 'x12.unmapped_segment': 3, 'x12.unmapped_element': 7 },
  },
  'nodex12_850_004010VICS_tilde_lf.edi': {
    po: ['08292233294'],
    lines: 6,
    warnings: { 'x12.unmapped_segment': 3, 'x12.unmapped_element': 7 },
  },
  'nodex12_850_004010_petco_newline_terminator.edi': {
    po: ['----------'],
    lines: 1,
    // empty PO101, and PD (part description) has no item field
    warnings: { 'x12.mapping.line_number_assigned': 1, 'x12.unmapped_element': 1 },
  },
  'nodex12_850_two_interchanges_duplicate_control_numbers.edi': {
    po: ['08292233294', '08292233294'],
    lines: 6,
    warnings: { 'x12.unmapped_segment': 6, 'x12.unmapped_element': 14 },
  },
  'oboe_850_003040_control_char_delimiters.x12': {
    po: ['2308'],
    lines: 1,
    // CSH, DTM*007, TXI, N1*EY; PO1 CG pair
    warnings: { 'x12.unmapped_segment': 4, 'x12.unmapped_element': 1 },
  },
  'oopfactory_850_004010_adobe_tilde_element_sep_crlf_terminator.txt': {
    po: ['TLP-X12'],
    lines: 1,
    // AMT*TT 12 against 665 computed: a placeholder amount in the sample
    warnings: { 'x12.unmapped_segment': 5, 'x12.unmapped_element': 1, 'x12.mapping.amount_total': 1 },
  },
  'oopfactory_850_004010_pgwglass_pipe_terminator_indented.txt': {
    po: ['S41000439'],
    lines: 4,
    warnings: { 'x12.unmapped_segment': 1 },
  },
  'oopfactory_850_adobe_clp_reversed_delimiters_short_isa.txt': {
    po: ['ANSI-X12-CLP'],
    lines: 2,
    // line-level N1 loops x4, DTM*004/196 x4, header N1 PO/DU/EN/IA; MG pairs x2
    warnings: { 'x12.unmapped_segment': 12, 'x12.unmapped_element': 2, 'x12.mapping.amount_total': 1 },
  },
  'staedi_810_and_850_two_functional_groups.edi': { po: ['S115921858'], lines: 4 },
  'stedi_850_005010_dropship_gs01_OW.edi': { po: ['365465413'], lines: 2 },
  'stupidedi_850_004010_minimal_isa08_16chars.edi': {
    po: ['PO12345'],
    lines: 1,
    warnings: { 'x12.mapping.line_number_assigned': 1 },
  },
};

function countCodes(codes: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const code of codes) counts[code] = (counts[code] ?? 0) + 1;
  return counts;
}

describe('corpus 850s with the default mapping', () => {
  it('covers every file of the corpus folder', () => {
    const files = readdirSync(`${CORPUS}x12-850`).filter((file) => !file.endsWith('.html'));
    expect(files.sort()).toEqual(Object.keys(EXPECTED_850).sort());
  });

  for (const [file, expected] of Object.entries(EXPECTED_850)) {
    it(`maps ${file}`, () => {
      // the mapper's orders pass its hand-written check, so none of them needs zod on the hot path
      const zod = vi.spyOn(Order, 'safeParse');
      const results = mapFile('x12-850', file);
      expect(zod).not.toHaveBeenCalled();
      zod.mockRestore();
      const orders = results.map((result) => result.order);
      expect(orders.map((order) => order?.poNumber)).toEqual(expected.po);
      for (const order of orders) {
        expect(order?.lines).toHaveLength(expected.lines);
        expect(order?.totals.lineCount).toBe(expected.lines);
        // and are what zod would have returned
        expect(Order.parse(order)).toEqual(order);
      }
      const diagnostics = results.flatMap((result) => result.diagnostics);
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(countCodes(diagnostics.map((d) => d.code))).toEqual(expected.warnings ?? {});
    });
  }

  it('computes decimal totals (VICS: 6 lines, hash of quantities, AMT*1 line item total)', () => {
    const [result] = mapFile('x12-850', 'nodex12_850_004010VICS_tilde_lf.edi');
    expect(result?.order?.totals).toEqual({ lineCount: 6, quantity: '1310', amount: '13045.94' });
    expect(result?.order?.lines[0]).toEqual({
      lineNumber: '1',
      quantity: '120',
      uom: 'EA',
      unitPrice: '9.25',
      items: { buyerItem: '065322-117', vendorItem: 'AB3542' },
      description: 'SMALL WIDGET',
      pack: { innerPack: '4', size: '4', uom: 'EA' },
    });
    expect(result?.order?.terms).toEqual({ discountPercent: '2', discountDays: 45, netDays: 46 });
  });
});

describe('corpus 860', () => {
  it('maps the Nissan 003010 change order (BCH*18 reissue, YYMMDD dates)', () => {
    const [result] = mapFile('x12-860', 'stupidedi_860_003010_nissan_bang_terminator.edi');
    expect(result?.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // DTM*007 effective and DTM*036 expiration have no order date; POC C4 pair has no item field
    expect(countCodes(result?.diagnostics.map((d) => d.code) ?? [])).toEqual({
      'x12.unmapped_segment': 2,
      'x12.unmapped_element': 1,
    });
    expect(result?.order).toMatchObject({
      poNumber: 'SP7301',
      poDate: '2007-06-29',
      purpose: 'replace',
      orderType: 'BE',
      currency: 'USD',
      terms: { netDays: 30, description: "FOB SELLER'S DOCK" },
      carrier: { method: 'M', routing: 'MOTOR CARRIERS' },
      references: { changeSequence: '4', fob: 'DE', fobLocation: 'HARRODSBURGKY' },
      parties: { billTo: { name: 'NISSAN NORTH AMERICA', address: { city: 'SMYRNA', region: 'TN' } } },
      lines: [
        {
          lineNumber: '001',
          quantity: '0.5',
          uom: 'EA',
          unitPrice: '61.59',
          items: { buyerItem: '23710 JA81A' },
          description: 'MOD ASSY-ENG CONT',
          change: 'change',
        },
      ],
      totals: { lineCount: 1, quantity: '0.5', amount: '30.795' },
    });
  });
});

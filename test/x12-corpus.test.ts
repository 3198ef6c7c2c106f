import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../src/core/error-codes.ts';
import { readFunctionalAck } from '../src/x12/ack-read.ts';
import type { X12Event } from '../src/x12/events.ts';
import { readX12, readX12Sync } from '../src/x12/reader.ts';
import type { TransactionSet } from '../src/x12/types.ts';

const ROOT = fileURLToPath(new URL('./fixtures/x12/', import.meta.url));
const load = (file: string) => readFileSync(`${ROOT}${file}`);

interface Summary {
  counts: [number, number, number];
  errors: string[];
  warnings: string[];
  sets: TransactionSet[];
  events: X12Event[];
}

function summarize(events: X12Event[]): Summary {
  const counts: [number, number, number] = [0, 0, 0];
  const errors = new Set<string>();
  const warnings = new Set<string>();
  const sets: TransactionSet[] = [];
  for (const event of events) {
    let found = event.kind === 'transaction' ? event.set.diagnostics : [];
    if (event.kind === 'interchange-start') counts[0]++;
    if (event.kind === 'group-start') counts[1]++;
    if (event.kind === 'transaction') {
      counts[2]++;
      sets.push(event.set);
    }
    if (event.kind === 'group-end' || event.kind === 'interchange-end' || event.kind === 'error') {
      found = event.diagnostics;
    }
    for (const d of found) (d.severity === 'error' ? errors : warnings).add(d.code);
  }
  return { counts, errors: [...errors].sort(), warnings: [...warnings].sort(), sets, events };
}

const read = (file: string) => summarize([...readX12Sync(load(file))]);

/** [interchanges, groups, sets] and the deviation warnings each valid file is known to carry. */
const VALID: Record<string, { counts: [number, number, number]; warnings?: ErrorCode[] }> = {
  'x12-810/edinet_810_004010_ariba_tabs_bom_short_isa.edi': {
    counts: [1, 1, 1],
    warnings: ['x12.deviation.bom', 'x12.deviation.isa_length'],
  },
  'x12-810/oopfactory_810_004010_walmart_cr_terminator_isa12_00040.txt': {
    counts: [1, 1, 1],
    warnings: ['x12.deviation.bom', 'x12.deviation.isa_version', 'x12.deviation.trailing_whitespace'],
  },
  'x12-810/oopfactory_810_004030_two_invoices_caret_repetition.txt': {
    counts: [1, 1, 2],
    warnings: ['x12.deviation.bom'],
  },
  'x12-810/staedi_810_004010_two_invoices.edi': { counts: [1, 1, 2] },
  'x12-810/stupidedi_810_004010_pipe_element_separator.edi': { counts: [1, 1, 1] },
  'x12-850/ballerina_850_004010_single_line_no_newlines.edi': { counts: [1, 1, 1] },
  'x12-850/nodex12_850_004010VICS_newline_terminator.edi': { counts: [1, 1, 1] },
  'x12-850/nodex12_850_004010VICS_tilde_lf.edi': { counts: [1, 1, 1] },
  'x12-850/nodex12_850_004010_petco_newline_terminator.edi': { counts: [1, 1, 1] },
  'x12-850/nodex12_850_two_interchanges_duplicate_control_numbers.edi': {
    counts: [2, 2, 2],
    warnings: ['x12.interchange.025'],
  },
  'x12-850/oboe_850_003040_control_char_delimiters.x12': { counts: [1, 1, 1] },
  'x12-850/oopfactory_850_004010_adobe_tilde_element_sep_crlf_terminator.txt': {
    counts: [1, 1, 1],
    warnings: ['x12.deviation.bom'],
  },
  'x12-850/oopfactory_850_004010_pgwglass_pipe_terminator_indented.txt': {
    counts: [1, 1, 1],
    warnings: ['x12.deviation.bom'],
  },
  'x12-850/oopfactory_850_adobe_clp_reversed_delimiters_short_isa.txt': {
    counts: [1, 1, 1],
    warnings: ['x12.deviation.bom', 'x12.deviation.isa_length'],
  },
  'x12-850/staedi_810_and_850_two_functional_groups.edi': { counts: [1, 2, 3] },
  'x12-850/stedi_850_005010_dropship_gs01_OW.edi': {
    counts: [1, 1, 1],
    warnings: ['x12.deviation.repetition_separator'],
  },
  'x12-850/stupidedi_850_004010_minimal_isa08_16chars.edi': {
    counts: [1, 1, 1],
    warnings: ['x12.deviation.isa_length'],
  },
  'x12-852/oopfactory_852_003030_aftermarket_caret_terminator.txt': {
    counts: [1, 1, 1],
    warnings: ['x12.deviation.bom'],
  },
  'x12-855/nodex12_855_004010_books_ack_codes.edi': { counts: [1, 1, 1] },
  'x12-855/oboe_855_004010_tilde_elem_sep_lf_terminator_12_sets.edi': { counts: [1, 1, 12] },
  'x12-855/oopfactory_855_004010_simmons_two_sets.txt': { counts: [1, 1, 2] },
  'x12-855/staedi_855_004010_two_transactions_one_group.edi': { counts: [1, 1, 2] },
  'x12-855/stedi_855_005010_dropship_ack.edi': {
    counts: [1, 1, 1],
    warnings: ['x12.deviation.repetition_separator'],
  },
  'x12-855/stupidedi_855_004010_brace_component_sep.edi': { counts: [1, 1, 1] },
  'x12-856/nodex12_856_004060_SOI_hyphen_repetition_sep.edi': { counts: [1, 1, 1] },
  'x12-856/oopfactory_856_003060_shipment_item_cld_lots.txt': {
    counts: [1, 1, 1],
    warnings: ['x12.deviation.bom'],
  },
  'x12-856/oopfactory_856_004010VICS_SOPI_pack_level.txt': {
    counts: [1, 1, 1],
    warnings: ['x12.deviation.bom'],
  },
  'x12-856/oopfactory_856_004010_ellipsis_U2026_terminator.txt': {
    counts: [1, 1, 1],
    warnings: ['x12.deviation.bom', 'x12.deviation.segment_terminator'],
  },
  'x12-856/oopfactory_856_004010_hl_parent_missing_flat_hierarchy.txt': {
    counts: [1, 1, 1],
    warnings: ['x12.deviation.bom'],
  },
  'x12-856/oopfactory_856_004010_reversed_delimiters_SOI.txt': {
    counts: [1, 1, 1],
    warnings: ['x12.deviation.bom'],
  },
  'x12-856/stupidedi_856_002001_tare_pack_levels_two_sets_bang_terminator.edi': {
    counts: [1, 1, 2],
    warnings: ['x12.deviation.isa_length'],
  },
  'x12-860/stupidedi_860_003010_nissan_bang_terminator.edi': {
    counts: [1, 1, 1],
    warnings: ['x12.deviation.isa_length'],
  },
  'x12-997/staedi_997_005010_repetition_and_composite_in_ak3_ak4.edi': { counts: [1, 1, 1] },
  'x12-997/staedi_997_005010_three_interchanges_one_file.edi': { counts: [3, 3, 3] },
  'x12-997/staedi_997_isb_ise_optional_interchange_segments.edi': { counts: [1, 1, 1] },
  'x12-997/stupidedi_997_004010_newline_terminator_short_isa.edi': {
    counts: [1, 1, 1],
    warnings: ['x12.deviation.isa_length'],
  },
  'x12-997/stupidedi_997_005010X230_bom_single_line.edi': {
    counts: [1, 1, 1],
    warnings: ['x12.deviation.bom'],
  },
  'x12-999/pyx12_999_005010X231_bang_repetition_sep.txt': { counts: [1, 1, 1] },
  'x12-999/pyx12_999_005010X231_two_groups_four_sets.txt': { counts: [1, 2, 4] },
  'x12-999/staedi_999_005010X231_partial_acceptance.edi': { counts: [1, 1, 1] },
  'x12-999/stupidedi_999_005010X231A1_bom_single_line.edi': {
    counts: [1, 1, 1],
    warnings: ['x12.deviation.bom'],
  },
};

describe('valid corpus files', () => {
  const folders = ['x12-810', 'x12-850', 'x12-852', 'x12-855', 'x12-856', 'x12-860', 'x12-997', 'x12-999'];
  const files = folders.flatMap((folder) =>
    readdirSync(`${ROOT}${folder}`)
      .filter((name) => !name.endsWith('.html'))
      .map((name) => `${folder}/${name}`),
  );

  it('lists every valid fixture in the expectations', () => {
    expect(files.sort()).toEqual(Object.keys(VALID).sort());
  });

  it.each(files)('%s reads with the right envelope counts and no errors', (file) => {
    const expected = VALID[file]!;
    const summary = read(file);
    expect(summary.counts).toEqual(expected.counts);
    expect(summary.errors).toEqual([]);
    expect(summary.warnings).toEqual([...(expected.warnings ?? [])].sort());
    for (const set of summary.sets) {
      expect(set.segments[0]!.tag).toBe('ST');
      expect(set.segments.at(-1)!.tag).toBe('SE');
      expect(Number(set.segments.at(-1)!.elements[1])).toBe(set.segments.length);
    }
  });

  it('reads the delimiters however they are chosen', () => {
    const delimiters = (file: string) => {
      const start = read(file).events.find((e) => e.kind === 'interchange-start');
      return start?.kind === 'interchange-start' ? start.header.delimiters : undefined;
    };
    expect(delimiters('x12-850/oboe_850_003040_control_char_delimiters.x12')).toEqual({
      element: '\u001d',
      segment: '\u001c',
      component: '@',
    });
    expect(delimiters('x12-856/oopfactory_856_004010_reversed_delimiters_SOI.txt')).toEqual({
      element: '~',
      segment: '*',
      component: '`',
    });
    expect(delimiters('x12-856/oopfactory_856_004010_ellipsis_U2026_terminator.txt')?.segment).toBe('\u2026');
    expect(
      delimiters('x12-850/oopfactory_850_004010_adobe_tilde_element_sep_crlf_terminator.txt')?.segment,
    ).toBe('\r');
    expect(delimiters('x12-810/oopfactory_810_004030_two_invoices_caret_repetition.txt')?.repetition).toBe(
      '^',
    );
    expect(delimiters('x12-999/pyx12_999_005010X231_bang_repetition_sep.txt')?.repetition).toBe('!');
    expect(delimiters('x12-850/nodex12_850_004010VICS_tilde_lf.edi')?.repetition).toBeUndefined();
  });

  it('keeps element values exactly as sent, with positions and byte offsets', () => {
    const [set] = read('x12-850/stedi_850_005010_dropship_gs01_OW.edi').sets;
    const po1 = set!.segments.find((s) => s.tag === 'PO1')!;
    expect(po1.elements[2]).toBe('0008');
    expect(set!.segments.map((s) => s.position)).toEqual(set!.segments.map((_, i) => i + 1));
    const bytes = load('x12-850/stedi_850_005010_dropship_gs01_OW.edi');
    expect(bytes.subarray(po1.offset, po1.offset + 4).toString()).toBe('PO1*');
    const [ellipsis] = read('x12-856/oopfactory_856_004010_ellipsis_U2026_terminator.txt').sets;
    const bsn = ellipsis!.segments[1]!;
    expect(bsn.elements).toEqual(['BSN', '00', '146940', '20050412', '2052']);
    expect(
      load('x12-856/oopfactory_856_004010_ellipsis_U2026_terminator.txt')
        .subarray(bsn.offset, bsn.offset + 3)
        .toString(),
    ).toBe('BSN');
  });

  it('reads the same events from a file stream as from memory', async () => {
    const file = 'x12-850/staedi_810_and_850_two_functional_groups.edi';
    const streamed: X12Event[] = [];
    for await (const event of readX12(
      (async function* () {
        yield load(file);
      })(),
    ))
      streamed.push(event);
    expect(streamed).toEqual(read(file).events);
  });
});

/** The error codes each invalid file yields (exactly), and deviations it must also report. */
const INVALID: Record<
  string,
  { counts: [number, number, number]; errors: ErrorCode[]; warnings?: ErrorCode[] }
> = {
  'badx12_not_edi_at_all.edi': { counts: [0, 0, 0], errors: ['x12.interchange.022'] },
  'badx12_segments_outside_transaction_set.edi': {
    counts: [1, 1, 1],
    errors: ['x12.segment.2', 'x12.transaction.4'],
  },
  'badx12_truncated_isa_only_no_terminator.edi': { counts: [1, 0, 0], errors: ['x12.interchange.023'] },
  'badx12_wrong_control_numbers_and_counts.edi': {
    counts: [1, 1, 1],
    errors: [
      'x12.group.1',
      'x12.group.4',
      'x12.group.5',
      'x12.interchange.001',
      'x12.interchange.021',
      'x12.transaction.3',
      'x12.transaction.4',
    ],
    warnings: ['x12.deviation.gs_date'],
  },
  'edinet_850_indented_bom_nbsp_isa_iea_mismatch.edi': {
    counts: [1, 1, 1],
    errors: ['x12.interchange.001'],
    warnings: ['x12.deviation.isa_characters'],
  },
  'edinet_850_missing_isa16_missing_terminator_duplicate_st02.edi': {
    counts: [1, 1, 2],
    errors: ['x12.interchange.027', 'x12.transaction.23', 'x12.transaction.4'],
  },
  'gozer_850_se_count_mismatch.txt': { counts: [1, 1, 1], errors: ['x12.transaction.4'] },
  'gozer_856_iea_control_number_mismatch.txt': { counts: [1, 1, 1], errors: ['x12.interchange.001'] },
  'gozer_missing_isa.txt': { counts: [0, 0, 0], errors: ['x12.interchange.022'] },
  'gozer_no_segment_terminators.txt': { counts: [1, 0, 0], errors: ['x12.interchange.004'] },
  'gozer_non_ascii_segment_terminator_and_bad_counts.txt': {
    counts: [1, 2, 4],
    errors: ['x12.group.5', 'x12.segment.1', 'x12.transaction.4', 'x12.transaction.6'],
    warnings: ['x12.deviation.segment_terminator'],
  },
  'nodex12_271_truncated_no_ge_iea.edi': {
    counts: [1, 1, 1],
    errors: ['x12.group.3', 'x12.interchange.023'],
  },
  // Recovered: a blank before the line break is padding, not the terminator (the line break is).
  'oopfactory_850_adobe_short_isa_trailing_space_terminator.txt': {
    counts: [1, 1, 1],
    errors: [],
    warnings: ['x12.deviation.segment_terminator', 'x12.deviation.trailing_whitespace'],
  },
  'oopfactory_852_004010_homedepot_stray_tilde_in_iea.txt': {
    counts: [1, 1, 1],
    errors: ['x12.interchange.001'],
    warnings: ['x12.deviation.trailing_whitespace'],
  },
  'oopfactory_860_004010_missing_segment_terminator.txt': {
    counts: [1, 1, 1],
    errors: ['x12.transaction.4'],
    warnings: ['x12.deviation.line_break_in_segment'],
  },
  // Recovered: X12 data holds no line breaks, so an 80-column VAN wrap is rejoined (and reported).
  'staedi_210_wrapped_at_80_columns.edi': {
    counts: [1, 1, 1],
    errors: [],
    warnings: ['x12.deviation.line_break_in_segment'],
  },
  'staedi_invalid_997_bad_gs_date_and_ge_control.edi': {
    counts: [1, 1, 1],
    errors: ['x12.group.4'],
    warnings: ['x12.deviation.gs_date', 'x12.deviation.gs_time'],
  },
  'staedi_invalid_997_codeset_and_numeric_errors.edi': { counts: [1, 1, 1], errors: [] },
  'staedi_invalid_997_missing_mandatory_ak1_ak9.edi': { counts: [1, 1, 1], errors: [] },
  'staedi_invalid_999_segment_order_and_se_count.edi': { counts: [1, 1, 1], errors: ['x12.transaction.4'] },
  'stupidedi_850_003010_se_count_off_by_one.edi': { counts: [1, 1, 1], errors: ['x12.transaction.4'] },
  'stupidedi_850_003050_isa_split_across_lines.edi': {
    counts: [1, 1, 1],
    errors: [],
    warnings: ['x12.deviation.line_break_in_segment'],
  },
  'stupidedi_855_004010_isa_wrapped_mid_element.edi': { counts: [1, 1, 1], errors: ['x12.interchange.022'] },
  'stupidedi_856_004010_mixed_terminators_blank_lines.edi': {
    counts: [1, 1, 1],
    errors: ['x12.transaction.4'],
  },
};

describe('invalid corpus files', () => {
  it('lists every invalid fixture in the expectations', () => {
    const files = readdirSync(`${ROOT}x12-invalid`).filter((name) => !name.endsWith('.html'));
    expect(files.sort()).toEqual(Object.keys(INVALID).sort());
  });

  it.each(Object.keys(INVALID))('%s yields its specific diagnostics without throwing', (file) => {
    const expected = INVALID[file]!;
    const summary = read(`x12-invalid/${file}`);
    expect(summary.counts).toEqual(expected.counts);
    expect(summary.errors).toEqual(expected.errors);
    for (const warning of expected.warnings ?? []) expect(summary.warnings).toContain(warning);
  });

  it('attaches each envelope finding to the set, group or interchange it belongs to', () => {
    const { events } = read('x12-invalid/badx12_wrong_control_numbers_and_counts.edi');
    const set = events.find((e) => e.kind === 'transaction');
    expect(
      set?.kind === 'transaction' &&
        set.set.diagnostics.map((d) => [d.code, d.transaction, d.segment, d.element]),
    ).toEqual([
      ['x12.transaction.4', '112233', 'SE', 1],
      ['x12.transaction.3', '112233', 'SE', 2],
    ]);
    const end = events.find((e) => e.kind === 'interchange-end');
    expect(
      end?.kind === 'interchange-end' &&
        end.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code),
    ).toEqual(['x12.interchange.021', 'x12.interchange.001']);
  });

  it('finds the duplicate ST02 on the second set only', () => {
    const { sets } = read('x12-invalid/edinet_850_missing_isa16_missing_terminator_duplicate_st02.edi');
    expect(sets.map((s) => s.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code))).toEqual([
      ['x12.transaction.4'],
      ['x12.transaction.23'],
    ]);
  });

  it.each([
    ['staedi_invalid_997_codeset_and_numeric_errors.edi', ['x12.element.5', 'x12.element.6']],
    ['staedi_invalid_997_bad_gs_date_and_ge_control.edi', ['x12.element.5']],
    ['staedi_invalid_997_missing_mandatory_ak1_ak9.edi', ['x12.segment.3']],
    [
      'staedi_invalid_999_segment_order_and_se_count.edi',
      ['x12.element.3', 'x12.element.5', 'x12.element.6', 'x12.element.7', 'x12.segment.7'],
    ],
  ])('%s: its acknowledgment content errors are found when it is read as a 997/999', (file, codes) => {
    const [set] = read(`x12-invalid/${file}`).sets;
    const { diagnostics } = readFunctionalAck(set!);
    expect([...new Set(diagnostics.map((d) => d.code))].sort()).toEqual(codes);
  });
});

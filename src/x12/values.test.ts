import { describe, expect, it } from 'vitest';
import type { Segment } from './types.ts';
import { readValues, valueDiagnostics } from './values.ts';

/** Elements as the reader holds them before decoding: one char per byte. */
const binary = (...values: (string | Buffer)[]) =>
  values.map((v) => (typeof v === 'string' ? Buffer.from(v, 'utf8') : v).toString('latin1'));

describe('readValues', () => {
  it('decodes UTF-8 and leaves printable ASCII alone, with no findings', () => {
    const elements = binary('N1', 'ST', 'Zürich – “North”', '92');
    expect(readValues(elements, '>', '')).toBeUndefined();
    expect(elements).toEqual(['N1', 'ST', 'Zürich – “North”', '92']);
  });

  it('reads bytes that are not UTF-8 as Windows-1252, and says which element', () => {
    const elements = binary('PID', 'F', '', '', '', Buffer.from([0x43, 0x41, 0x46, 0xc9, 0x20, 0x80, 0x92]));
    expect(readValues(elements, '>', '')).toEqual([{ element: 5, problem: 'not-utf8', text: 'CAFÉ €’' }]);
    expect(elements[5]).toBe('CAFÉ €’');
  });

  it('finds control characters, in valid UTF-8 too, and the bytes Windows-1252 leaves undefined', () => {
    const elements = binary('N1', 'ST', 'A\u0000B', Buffer.from([0x41, 0x81]), 'é\u001b');
    expect(readValues(elements, '>', '')).toEqual([
      { element: 2, problem: 'control', text: 'A\u0000B', character: 0 },
      { element: 3, problem: 'not-utf8', text: 'A\u0081' },
      { element: 3, problem: 'control', text: 'A\u0081', character: 0x81 },
      { element: 4, problem: 'control', text: 'é\u001b', character: 0x1b },
    ]);
  });

  it('keeps TAB, which the reader treats as a blank', () => {
    expect(readValues(binary('MSG', 'SEE\tNOTE'), '>', '')).toBeUndefined();
  });

  it('takes component and repetition separators as delimiters, whatever their bytes', () => {
    // ISA16 0x1F (a control character) and 0xA7 (not UTF-8 on its own): no findings, components decoded apart
    const unit = binary('TD5', Buffer.from('A\u001fé', 'utf8'));
    expect(readValues(unit, '\u001f', '')).toBeUndefined();
    expect(unit[1]).toBe('A\u001fé');
    const section = binary('TD5', Buffer.concat([Buffer.from('é', 'utf8'), Buffer.from([0xa7, 0x42])]));
    expect(readValues(section, '\u00a7', '')).toBeUndefined();
    expect(section[1]).toBe('é§B');
    // a NUL in the second component of the second repetition is reported with its component
    const repeated = binary('REF', 'A>B^C>D\u0000');
    expect(readValues(repeated, '>', '^')).toEqual([
      { element: 1, component: 2, problem: 'control', text: 'A>B^C>D\u0000', character: 0 },
    ]);
  });
});

describe('valueDiagnostics', () => {
  const seg = (tag: string, position: number): Segment => ({ tag, elements: [tag], position, offset: 120 });

  it('makes a control character an AK4 code 6 error at its segment, element and component', () => {
    const [error] = valueDiagnostics(
      seg('TD5', 9),
      [{ element: 4, component: 2, problem: 'control', text: 'A>\u0000', character: 0 }],
      '0001',
      new Set(),
    );
    expect(error).toEqual({
      severity: 'error',
      code: 'x12.element.6',
      message: 'TD504-2 (segment 9) holds U+0000 (NUL): not in the X12 basic or extended character set',
      transaction: '0001',
      segment: 'TD5',
      segmentPosition: 9,
      element: 4,
      component: 2,
      offset: 120,
    });
  });

  it('warns once per element position and set about values read as Windows-1252', () => {
    const warned = new Set<string>();
    const finding = { element: 5, problem: 'not-utf8' as const, text: 'CAFÉ' };
    const first = valueDiagnostics(seg('PID', 14), [finding], '0001', warned);
    expect(first).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'x12.deviation.not_utf8',
        message: 'PID05 (segment 14) is not valid UTF-8; read as Windows-1252: "CAFÉ"',
        segment: 'PID',
        segmentPosition: 14,
        element: 5,
      }),
    ]);
    expect(valueDiagnostics(seg('PID', 17), [finding], '0001', warned)).toEqual([]);
    expect(valueDiagnostics(seg('N1', 18), [{ ...finding, element: 2 }], '0001', warned)).toHaveLength(1);
  });
});

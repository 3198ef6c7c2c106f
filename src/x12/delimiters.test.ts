import { describe, expect, it } from 'vitest';
import { type IsaRead, type IsaScan, scanIsa } from './delimiters.ts';

const ISA =
  'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260301*1200*U*00401*000000001*0*P*>~';

function read(scan: IsaScan): IsaRead {
  if (scan.status !== 'read') throw new Error(`expected a readable ISA, got ${scan.status}`);
  return scan.isa;
}

describe('scanIsa', () => {
  it('reads a conforming 106-byte ISA by counting separators', () => {
    const isa = read(scanIsa(`${ISA}GS*PO`, 0, false, 0));
    expect(ISA).toHaveLength(106);
    expect(isa.end).toBe(106);
    expect(isa.delimiters).toEqual({ element: '*', segment: '~', component: '>' });
    expect(isa.elements[6]).toBe('SENDER         ');
    expect(isa.diagnostics).toEqual([]);
    expect(isa.unusable).toBe(false);
  });

  it('asks for more input until the ISA and its terminator are there, and reports a truncated one', () => {
    for (const cut of [2, 40, 104, 105])
      expect(scanIsa(ISA.slice(0, cut), 0, false, 0).status).toBe('need-more');
    const truncated = scanIsa(ISA.slice(0, 60), 0, true, 10);
    expect(truncated).toMatchObject({
      status: 'unreadable',
      diagnostic: { code: 'x12.interchange.023', offset: 10 },
    });
  });

  it('tells an ISA from text that merely starts with ISA', () => {
    expect(scanIsa('ISAAC NEWTON', 0, true, 0).status).toBe('not-isa');
    expect(scanIsa('ISA 00 ', 0, true, 0)).toMatchObject({ diagnostic: { code: 'x12.interchange.026' } });
    expect(scanIsa(`ISA*${'x'.repeat(600)}`, 0, true, 0)).toMatchObject({
      diagnostic: { code: 'x12.interchange.022' },
    });
  });

  it('reads an ISA with a short field and warns about each deviating width', () => {
    const short = ISA.replace('SENDER         ', 'SENDER');
    const isa = read(scanIsa(short, 0, true, 0));
    expect(isa.delimiters.component).toBe('>');
    expect(isa.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'x12.deviation.isa_length', element: 6 }),
    ]);
    expect(isa.diagnostics[0]!.message).toContain('97 bytes, not 106');
  });

  it('takes the line break as terminator and skips blanks before it', () => {
    expect(read(scanIsa(`${ISA.slice(0, -1)}\nGS*PO*A*B~`, 0, true, 0)).delimiters.segment).toBe('\n');
    const padded = read(scanIsa(`${ISA.slice(0, -1)} \r\nGS*PO*A*B \r\n`, 0, true, 0));
    expect(padded.delimiters.segment).toBe('\r');
    expect(padded.end).toBe(107);
    expect(padded.diagnostics.map((d) => d.code)).toEqual(['x12.deviation.segment_terminator']);
  });

  it('recognises a left-out ISA16 when the character after ISA15 also ends the next line', () => {
    const missing = `${ISA.slice(0, -3)}*~\nGS*PO*A*B*20260301*1200*1*X*004010~\n`;
    const isa = read(scanIsa(missing, 0, true, 0));
    expect(isa.delimiters).toEqual({ element: '*', segment: '~', component: '' });
    expect(isa.diagnostics.map((d) => d.code)).toContain('x12.interchange.027');
    expect(scanIsa(missing.slice(0, 110), 0, false, 0).status).toBe('need-more');
  });

  it('reads a multi-byte UTF-8 terminator, waiting for all of its bytes', () => {
    const binary = Buffer.from(`${ISA.slice(0, -1)}\u2026\r\nGS`, 'utf8').toString('latin1');
    expect(scanIsa(binary.slice(0, 107), 0, false, 0).status).toBe('need-more');
    const isa = read(scanIsa(binary, 0, false, 0));
    expect(isa.delimiters.segment).toBe('\u2026');
    expect(isa.terminatorBinary).toBe('\u00e2\u0080\u00a6');
    expect(isa.end).toBe(108);
  });

  it('reads a multi-byte UTF-8 element separator and ISA16 as one character each, and warns', () => {
    const text = ISA.replaceAll('*', '\u00a7').replace('>~', '\u{1f642}\u2192');
    const binary = Buffer.from(`${text}GS`, 'utf8').toString('latin1');
    const isa = read(scanIsa(binary, 0, false, 0));
    expect(isa.delimiters).toEqual({ element: '\u00a7', segment: '\u2192', component: '\u{1f642}' });
    expect(isa.elementBinary).toBe('\u00c2\u00a7');
    expect(isa.componentBinary).toBe('\u00f0\u009f\u0099\u0082');
    expect(isa.elements[6]).toBe('SENDER         ');
    expect(isa.diagnostics.map((d) => d.code)).toEqual([
      'x12.deviation.segment_terminator',
      'x12.deviation.element_separator',
      'x12.deviation.component_separator',
    ]);
    expect(isa.diagnostics[1]!.message).toContain('"\u00a7" (C2 A7)');
    // a chunk may end inside the separator or ISA16: wait for the rest
    for (const cut of [4, 50, binary.indexOf('\u00f0') + 2])
      expect(scanIsa(binary.slice(0, cut), 0, false, 0).status).toBe('need-more');
  });

  it('reads a single non-ASCII byte as a delimiter (ISO-8859-1 "§", 0xA7), and warns', () => {
    const binary = ISA.replaceAll('*', '\u00a7');
    const isa = read(scanIsa(binary, 0, true, 0));
    expect(isa.elementBinary).toBe('\u00a7');
    expect(isa.elements[8]).toBe('RECEIVER       ');
    expect(isa.diagnostics.map((d) => d.code)).toEqual(['x12.deviation.element_separator']);
    expect(isa.diagnostics[0]!.message).toContain('"\u00a7" (A7)');
  });

  it('marks the interchange unusable when the terminator cannot be one', () => {
    const isa = read(scanIsa(`${ISA.slice(0, -1)}GS*PO`, 0, true, 0));
    expect(isa.unusable).toBe(true);
    expect(isa.diagnostics.map((d) => d.code)).toEqual(['x12.interchange.004']);
  });

  it('uses ISA11 as repetition separator from version 00402 on', () => {
    const v5010 = ISA.replace('*U*00401*', '*^*00501*');
    expect(read(scanIsa(v5010, 0, true, 0)).delimiters.repetition).toBe('^');
    expect(read(scanIsa(ISA.replace('*U*00401*', '*^*00403*'), 0, true, 0)).delimiters.repetition).toBe('^');
    const old = read(scanIsa(ISA.replace('*U*00401*', '*^*00401*'), 0, true, 0));
    expect(old.delimiters.repetition).toBeUndefined();
    expect(old.diagnostics.map((d) => d.code)).toEqual(['x12.deviation.repetition_separator']);
  });

  it('rejoins an ISA wrapped by a line break unless the line break is the terminator', () => {
    const wrapped = `${ISA.slice(0, 60)}\n${ISA.slice(60)}`;
    const isa = read(scanIsa(wrapped, 0, true, 0));
    expect(isa.elements.join('*')).toBe(ISA.slice(0, -1));
    expect(isa.diagnostics.map((d) => d.code)).toEqual(['x12.deviation.line_break_in_segment']);
    const broken = read(scanIsa(`${ISA.slice(0, 60)}\n${ISA.slice(60, -1)}\n`, 0, true, 0));
    expect(broken.diagnostics.map((d) => d.code)).toEqual(['x12.interchange.022']);
  });
});

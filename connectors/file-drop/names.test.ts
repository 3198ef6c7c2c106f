import { describe, expect, it } from 'vitest';
import { MAX_NAME_BYTES, nameProblem, readableName } from './names.ts';

describe('drop folder names', () => {
  it('takes ordinary names, including non-ASCII ones up to the limit', () => {
    for (const name of ['po-1.edi', 'Bestellung Müller.x12', '注文.edi', 'a'.repeat(MAX_NAME_BYTES)])
      expect(nameProblem(name, Buffer.from(name)), name).toBeUndefined();
  });

  it('says why a name cannot be taken', () => {
    expect(nameProblem('a\nb.edi')).toMatch(/control characters/);
    expect(nameProblem('a\u001b[31mb.edi')).toMatch(/control characters/);
    expect(nameProblem('a\u202eide.jpg')).toMatch(/control characters/);
    expect(nameProblem('注'.repeat(67))).toMatch(/201 bytes/);
    expect(nameProblem(' . ')).toMatch(/dots and spaces/);
    expect(nameProblem('a\ufffd', Buffer.from([0x61, 0xff]))).toMatch(/not valid UTF-8/);
  });

  it('makes a readable stand-in that is never blank, hidden, a note, or too long', () => {
    expect(readableName('a\r\nb\tc.edi')).toBe('a__b_c.edi');
    expect(readableName(' .. ')).toBe('unnamed');
    expect(readableName('..hidden.edi')).toBe('hidden.edi');
    expect(readableName('po.edi.error.json')).toBe('po.edi.error.json_');
    const long = readableName(`${'注'.repeat(100)}.edi`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(long).toMatch(/^注+….edi$/);
    expect(readableName(`${'a'.repeat(300)}.${'b'.repeat(40)}`)).toMatch(/^a+…$/);
  });
});

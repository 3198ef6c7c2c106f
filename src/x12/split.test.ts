import { describe, expect, it } from 'vitest';
import { splitRange } from './split.ts';

describe('splitRange', () => {
  it('splits ranges of one buffer like String#split, reusing the cached separator position', () => {
    const buf = 'ST*850*0001~BEG*00**PO1~CTT~*~';
    const cursor = { next: -1 };
    const ranges: [number, number][] = [];
    for (let start = 0, end = buf.indexOf('~'); end >= 0; start = end + 1, end = buf.indexOf('~', start))
      ranges.push([start, end]);
    for (const [start, end] of ranges) {
      expect(splitRange(buf, start, end, '*', cursor)).toEqual(buf.slice(start, end).split('*'));
    }
  });

  it('finds no separator past the end of the range', () => {
    expect(splitRange('AB~C*D', 0, 2, '*', { next: -1 })).toEqual(['AB']);
  });
});

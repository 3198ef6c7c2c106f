import { describe, expect, it } from 'vitest';
import { outboundDelimiters } from './outbound-x12.ts';

describe('outboundDelimiters', () => {
  it('writes * ~ > by default, with ^ repeating in 005010 only', () => {
    expect(outboundDelimiters({}, '004010')).toEqual({ element: '*', segment: '~', component: '>' });
    expect(outboundDelimiters({}, '005010')).toEqual({
      element: '*',
      segment: '~',
      component: '>',
      repetition: '^',
    });
  });

  it("keeps the partner's own and picks a repetition separator it does not use", () => {
    const x12Delimiters = { element: '|', segment: '~', component: '^' };
    expect(outboundDelimiters({ x12Delimiters }, '004010')).toEqual(x12Delimiters);
    expect(outboundDelimiters({ x12Delimiters }, '005010')).toEqual({ ...x12Delimiters, repetition: '{' });
    const own = { ...x12Delimiters, repetition: '`' };
    expect(outboundDelimiters({ x12Delimiters: own }, '005010')).toEqual(own);
  });
});

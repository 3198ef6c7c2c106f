import { describe, expect, it } from 'vitest';
import { afterHandingOut, maybeHandedOut, parseHandedOut } from './handed-out.ts';

describe('what a mailbox source handed out', () => {
  const known = { uidValidity: '7', lastUid: 5 };

  it('counts every mail as maybe handed out on a first pass, without state, or under a new UIDVALIDITY', () => {
    expect(maybeHandedOut(9, '7', known, true)).toBe(true);
    expect(maybeHandedOut(9, '7', undefined, false)).toBe(true);
    expect(maybeHandedOut(9, '8', known, false)).toBe(true);
  });

  it('otherwise counts the mails up to the last UID handed out', () => {
    expect(maybeHandedOut(5, '7', known, false)).toBe(true);
    expect(maybeHandedOut(6, '7', known, false)).toBe(false);
  });

  it('keeps the highest UID under the same UIDVALIDITY and starts again under a new one', () => {
    expect(afterHandingOut(known, '7', [2, 3])).toEqual({ uidValidity: '7', lastUid: 5 });
    expect(afterHandingOut(known, '7', [4, 9])).toEqual({ uidValidity: '7', lastUid: 9 });
    expect(afterHandingOut(known, '8', [1, 2])).toEqual({ uidValidity: '8', lastUid: 2 });
  });

  it('takes a saved state that is not its own as none', () => {
    expect(parseHandedOut(known)).toEqual(known);
    expect(parseHandedOut(undefined)).toBeUndefined();
    expect(parseHandedOut({ uidValidity: 7, lastUid: 5 })).toBeUndefined();
  });
});

/** Larger than any buffer index yet a small integer (Smi) for V8, so comparisons stay integer-only. */
export const NOT_FOUND = 0x3fffffff;

/** The next position of a separator in the current buffer, kept between calls (reset with the buffer). */
export interface SplitCursor {
  next: number;
}

/**
 * Splits `buf[start, end)` at `separator` (one character, possibly several bytes) in place, without
 * slicing the segment out first. With the next
 * separator's position cached, each byte is searched once however the segments fall, and it runs several
 * times faster than slice + String#split (which is a runtime call in V8).
 */
export function splitRange(
  buf: string,
  start: number,
  end: number,
  separator: string,
  cursor: SplitCursor,
): string[] {
  const parts: string[] = [];
  let from = start;
  let next = cursor.next;
  for (;;) {
    if (next < from) {
      next = buf.indexOf(separator, from);
      if (next < 0) next = NOT_FOUND;
    }
    if (next >= end) break;
    parts.push(buf.slice(from, next));
    from = next + separator.length;
  }
  parts.push(buf.slice(from, end));
  cursor.next = next;
  return parts;
}

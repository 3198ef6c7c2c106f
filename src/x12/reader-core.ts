import type { Diagnostic } from '../core/diagnostic.ts';
import { interchangeNoteCode } from './codes.ts';
import { type IsaRead, scanIsa } from './delimiters.ts';
import { EnvelopeTracker, FLAG_BLANK_LINE, FLAG_LINE_BREAK, FLAG_TRAILING_BLANK } from './envelope.ts';
import type { X12Event } from './events.ts';
import { NOT_FOUND, type SplitCursor, splitRange } from './split.ts';
import { binaryToText, isAlphanumeric, isBlank } from './text.ts';
import { readValues, type ValueFinding } from './values.ts';

export interface ReadOptions {
  /**
   * A segment longer than this (no terminator found) ends the interchange with TA105 004 instead of
   * buffering without bound; real segments are far shorter. Default 1 MiB.
   */
  maxSegmentBytes?: number;
}

const BOM = '\u00ef\u00bb\u00bf';

/**
 * Push-based X12 scanner over binary strings (one char per byte). Keeps only the unfinished segment
 * between pushes plus the open transaction set, so memory is bounded by the largest set. Chunks may split
 * anything, including the ISA and multi-byte terminators: results do not depend on where they split.
 */
export class ReaderCore {
  private buf = '';
  private pos = 0;
  /** Byte offset of buf[0] in the input. */
  private base = 0;
  private unusual = false;
  private reading = false;
  private element = '';
  private terminator = '';
  /** ISA16 and ISA11 as binary ('' when none): delimiters inside element values. */
  private component = '';
  private repetition = '';
  private terminatorIsBreak = false;
  private checkLf = false;
  private checkCr = false;
  private nextLf = -1;
  private nextCr = -1;
  /** Cached position of the next element separator (reset with every new buffer). */
  private readonly separators: SplitCursor = { next: -1 };
  /** Line breaks seen since the last segment ended (the terminator counts when it is one). */
  private breaks = 0;
  private afterCr = false;
  private garbageAt: number | undefined;
  /** After an unreadable ISA, what follows until the next ISA belongs to that finding. */
  private quiet = false;
  private bom = false;
  /** Whether any interchange or error was reported yet. */
  private sawAnything = false;
  private readonly maxSegment: number;
  private readonly events: X12Event[] = [];
  private readonly tracker = new EnvelopeTracker(this.events);

  constructor(options: ReadOptions = {}) {
    this.maxSegment = options.maxSegmentBytes ?? 1 << 20;
  }

  /**
   * Feeds the next chunk as a binary string; `unusual` says whether it holds bytes >= 0x80 or control
   * characters (values with such bytes are decoded and checked: values.ts). Chunks well under 1 MB keep V8
   * strings on the heap and the live set small.
   */
  push(chunk: string, unusual: boolean): X12Event[] {
    const leftoverUnusual = this.pos < this.buf.length && this.unusual;
    if (this.pos >= this.buf.length) {
      this.base += this.buf.length;
      this.buf = chunk;
    } else {
      this.base += this.pos;
      this.buf = this.buf.slice(this.pos) + chunk;
    }
    this.pos = 0;
    this.nextLf = -1;
    this.nextCr = -1;
    this.separators.next = -1;
    this.unusual = unusual || leftoverUnusual;
    this.run(false);
    if (this.events.length > 0) this.sawAnything = true;
    return this.events.splice(0);
  }

  end(): X12Event[] {
    this.run(true);
    if (this.events.length > 0) this.sawAnything = true;
    if (this.reading) {
      this.tracker.abortInterchange('023', 'the input ended before IEA', this.base + this.buf.length);
      this.reading = false;
    }
    this.flushGarbage();
    if (!this.sawAnything) {
      // an empty or blank input is not X12 either: say so, so every input yields a result or an error
      this.events.push({
        kind: 'error',
        offset: 0,
        diagnostics: [
          {
            severity: 'error',
            code: interchangeNoteCode('022'),
            message: 'the input holds no interchange',
            offset: 0,
          },
        ],
      });
    }
    return this.events.splice(0);
  }

  private run(final: boolean): void {
    while (this.reading ? this.read(final) : this.seek(final)) {
      // each step either switches mode (loop again) or needs more input (stop)
    }
  }

  /** Outside an interchange: skip blanks and BOMs, read the next ISA, report anything else as garbage. */
  private seek(final: boolean): boolean {
    const buf = this.buf;
    let pos = this.pos;
    for (;;) {
      const c = buf.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) pos++;
      else if (c === 0xef && buf.startsWith(BOM, pos)) {
        this.bom = true;
        pos += 3;
      } else break;
    }
    this.pos = pos;
    const left = buf.length - pos;
    if (
      left <= 0 ||
      (!final && left < 4 && (BOM.startsWith(buf.slice(pos)) || 'ISA'.startsWith(buf.slice(pos))))
    ) {
      return false;
    }
    if (buf.startsWith('ISA', pos)) {
      const scan = scanIsa(buf, pos, final, this.base);
      if (scan.status === 'need-more') return false;
      if (scan.status === 'unreadable') {
        this.flushGarbage();
        this.events.push({ kind: 'error', offset: this.base + pos, diagnostics: [scan.diagnostic] });
        this.quiet = true;
        this.pos = scan.end;
        return true;
      }
      if (scan.status === 'read') {
        this.flushGarbage();
        const isa = scan.isa;
        const before: Diagnostic[] = this.bom
          ? [
              {
                severity: 'warning',
                code: 'x12.deviation.bom',
                message: 'a UTF-8 byte order mark precedes the ISA',
              },
            ]
          : [];
        this.bom = false;
        this.tracker.startInterchange(isa, this.base + pos, before);
        this.pos = isa.end;
        if (isa.unusable) {
          this.tracker.endUnreadable();
          this.quiet = true;
          return true;
        }
        this.quiet = false;
        this.startReading(isa);
        return true;
      }
    }
    this.garbageAt ??= this.base + pos;
    const next = nextIsaCandidate(buf, pos + 1);
    if (next < 0) {
      // keep three bytes: a split "ISA" and the byte before it (which must not be a letter or digit)
      this.pos = final ? buf.length : Math.max(pos, buf.length - 3);
      return false;
    }
    this.pos = next;
    return true;
  }

  private startReading(isa: IsaRead): void {
    const terminator = isa.terminatorBinary;
    this.reading = true;
    this.element = isa.elementBinary;
    this.terminator = terminator;
    this.component = isa.componentBinary;
    this.repetition = isa.repetitionBinary;
    this.terminatorIsBreak = terminator === '\n' || terminator === '\r';
    this.checkLf = terminator !== '\n';
    this.checkCr = terminator !== '\r';
    this.nextLf = -1;
    this.nextCr = -1;
    this.separators.next = -1;
    this.breaks = this.terminatorIsBreak ? 1 : 0;
    this.afterCr = terminator === '\r';
  }

  private flushGarbage(): void {
    const at = this.garbageAt;
    if (at === undefined) return;
    this.garbageAt = undefined;
    if (this.quiet) return;
    const bytes = this.base + this.pos - at;
    this.events.push({
      kind: 'error',
      offset: at,
      diagnostics: [
        {
          severity: 'error',
          code: interchangeNoteCode('022'),
          message: `${bytes} byte(s) outside any ISA…IEA interchange`,
          offset: at,
        },
      ],
    });
  }

  /**
   * Inside an interchange: the hot loop, one indexOf for the terminator and one split per segment. Scanner
   * state lives in locals while looping (written back when the chunk is used up) to keep property traffic
   * out of the per-segment path.
   */
  private read(final: boolean): boolean {
    const { buf, terminator: term, element, tracker, base, maxSegment, checkLf, checkCr, unusual } = this;
    const len = buf.length;
    const breaksAfterSegment = this.terminatorIsBreak ? 1 : 0;
    const crTerminator = term === '\r';
    let { pos, nextLf, nextCr, breaks, afterCr } = this;
    const separators = this.separators;
    // every charCodeAt stays in bounds: reading past the end yields NaN and deoptimises this loop
    while (pos < len) {
      let c = buf.charCodeAt(pos);
      if (c <= 32) {
        // cosmetic whitespace between segments: CR/LF and indentation, line breaks counted for blank lines
        while (pos < len) {
          c = buf.charCodeAt(pos);
          if (c === 10) {
            if (!afterCr) breaks++;
            afterCr = false;
          } else if (c === 13) {
            breaks++;
            afterCr = true;
          } else if (c === 32 || c === 9) {
            afterCr = false;
          } else break;
          pos++;
        }
        if (pos >= len) break;
      }
      if (c === 73 && buf.startsWith('ISA', pos)) {
        if (len - pos < 4 && !final) break;
        if (!isAlphanumeric(buf.charCodeAt(pos + 3))) {
          tracker.abortInterchange('023', 'IEA missing: the next ISA came first', base + pos);
          return this.stopReading(pos, false);
        }
      }
      let end = buf.indexOf(term, pos);
      if (end - pos > maxSegment || (end < 0 && len - pos > maxSegment)) {
        const message = `no segment terminator "${binaryToText(term)}" within ${maxSegment} bytes`;
        tracker.abortInterchange('004', message, base + pos);
        return this.stopReading(pos, true);
      }
      if (end < 0) {
        if (!final) break;
        end = len;
      }
      let flags = breaks >= 2 ? FLAG_BLANK_LINE : 0;
      if (checkLf) {
        if (nextLf < pos) {
          nextLf = buf.indexOf('\n', pos);
          if (nextLf < 0) nextLf = NOT_FOUND;
        }
        if (nextLf < end) flags |= FLAG_LINE_BREAK;
      }
      if (checkCr) {
        if (nextCr < pos) {
          nextCr = buf.indexOf('\r', pos);
          if (nextCr < 0) nextCr = NOT_FOUND;
        }
        if (nextCr < end) flags |= FLAG_LINE_BREAK;
      }
      const offset = base + pos;
      const start = pos;
      pos = end < len ? end + term.length : len;
      breaks = breaksAfterSegment;
      afterCr = crTerminator;
      const last = end > start ? buf.charCodeAt(end - 1) : 0;
      let elements: string[];
      if ((flags & FLAG_LINE_BREAK) === 0 && !isBlank(last) && end > start) {
        elements = splitRange(buf, start, end, element, separators);
      } else {
        let raw = buf.slice(start, end);
        // X12.6 has no line breaks in data: a wrapped line (VAN 80-column wrap) is rejoined.
        if ((flags & FLAG_LINE_BREAK) !== 0) raw = raw.replace(/[\r\n]/g, '');
        if (raw.length > 0 && isBlank(raw.charCodeAt(raw.length - 1)) && !isBlank(element.charCodeAt(0))) {
          raw = raw.replace(/[ \t]+$/, '');
          flags |= FLAG_TRAILING_BLANK;
        }
        if (raw.length === 0) {
          tracker.deviation(
            'x12.deviation.empty_segment',
            `an empty segment (two terminators in a row) at byte ${offset}`,
            offset,
          );
          continue;
        }
        elements = raw.split(element);
      }
      let values: ValueFinding[] | undefined;
      if (unusual) values = readValues(elements, this.component, this.repetition);
      if (tracker.segment({ tag: elements[0]!, elements, position: 0, offset }, flags, values)) {
        return this.stopReading(pos, false);
      }
    }
    this.pos = pos;
    this.nextLf = nextLf;
    this.nextCr = nextCr;
    this.breaks = breaks;
    this.afterCr = afterCr;
    return false;
  }

  private stopReading(pos: number, quiet: boolean): boolean {
    this.reading = false;
    this.quiet = quiet;
    this.pos = pos;
    return true;
  }
}

/** Next "ISA" that starts a segment: at the start of the buffer or after a non-alphanumeric byte. */
function nextIsaCandidate(buf: string, from: number): number {
  let at = buf.indexOf('ISA', from);
  while (at > 0 && isAlphanumeric(buf.charCodeAt(at - 1))) at = buf.indexOf('ISA', at + 1);
  return at;
}

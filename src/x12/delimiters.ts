import type { Diagnostic } from '../core/diagnostic.ts';
import { interchangeNoteCode } from './codes.ts';
import { binaryToText, characterAt, isAlphanumeric, isBlank, isLineBreak } from './text.ts';
import type { DeviationCode } from './transaction-set.ts';
import type { Delimiters } from './types.ts';

/** X12.5 ISA01…ISA16 fixed widths; a conforming ISA is 3 + 16 separators + these + terminator = 106 bytes. */
export const ISA_WIDTHS = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1] as const;

/** An ISA with every field over-padded is still far shorter; past this we stop looking for separators. */
const MAX_ISA_BYTES = 512;
/** How far past the ISA we look for the next line when checking whether ISA16 was left out. */
const LOOKAHEAD_BYTES = 4096;

export interface IsaRead {
  /** "ISA" then ISA01…ISA16 as sent (decoded, line breaks removed), so `elements[n]` is ISAnn. */
  elements: string[];
  delimiters: Delimiters;
  /**
   * One char per byte form of the delimiters, as the scanner searches for them: each is one character, which
   * may be several bytes (a UTF-8 sequence). Component and repetition are '' when there is none.
   */
  elementBinary: string;
  terminatorBinary: string;
  componentBinary: string;
  repetitionBinary: string;
  /** Index just past the ISA (and its terminator) in the scanned buffer. */
  end: number;
  diagnostics: Diagnostic[];
  /** The delimiters cannot be used to read further (TA1 004/026): the interchange's content is skipped. */
  unusable: boolean;
}

export type IsaScan =
  | { status: 'need-more' }
  | { status: 'not-isa' }
  | { status: 'unreadable'; end: number; diagnostic: Diagnostic }
  | { status: 'read'; isa: IsaRead };

const NEED_MORE: IsaScan = { status: 'need-more' };

/**
 * Reads the ISA starting at `start` in a binary buffer. Delimiters are found by counting 16 element
 * separators, not by fixed offsets, so ISAs padded or trimmed by a few characters still read (each
 * deviation is a warning). `base` is the byte offset of `buf[0]` in the input; `final` says no more input
 * will come (otherwise too little data gives `need-more`).
 *
 * Each delimiter is one character (X12.5: ISA16 and the separators are 1/1; X12.6 §3.3–3.4 leaves the
 * character set's encoding to the partners and lets any character that does not occur in the data be a
 * delimiter). So a delimiter that is not ASCII is read as the one character it is, whether one byte
 * (ISO-8859-1, Windows-1252, EBCDIC NL 0x85) or a UTF-8 sequence of two to four (what a transcoding
 * gateway makes of those), and warned about: taking only its first byte would cut every value after it
 * and leave nothing to answer. Answers are written in ASCII delimiters (see `mirrorDelimiters`).
 */
export function scanIsa(buf: string, start: number, final: boolean, base: number): IsaScan {
  const offset = base + start;
  const sepAt = start + 3;
  if (sepAt >= buf.length) return final ? truncated(buf, offset) : NEED_MORE;
  const sepCode = buf.charCodeAt(sepAt);
  // ISA04 of X12.5: byte 4 is the element separator; a letter or digit there means this is no ISA.
  if (isAlphanumeric(sepCode)) return { status: 'not-isa' };
  if (isBlank(sepCode) || isLineBreak(sepCode)) {
    return unreadable(
      sepAt,
      offset,
      '026',
      'the character after "ISA" (element separator) is a blank or line break',
    );
  }
  const sep = characterAt(buf, sepAt, final);
  if (sep === undefined) return NEED_MORE;
  const cuts = [sepAt];
  let at = sepAt;
  for (let i = 1; i < 16; i++) {
    const next = buf.indexOf(sep, at + sep.length);
    if (next < 0 || next - start > MAX_ISA_BYTES) {
      if (next < 0 && !final && buf.length - start <= MAX_ISA_BYTES) return NEED_MORE;
      if (next < 0 && buf.length - start <= MAX_ISA_BYTES) return truncated(buf, offset);
      const which = `${i} of its 16 element separators ${shown(sep)}`;
      return unreadable(sepAt, offset, '022', `the ISA has ${which}`);
    }
    cuts.push(next);
    at = next;
  }
  const c16At = at + sep.length;
  if (c16At >= buf.length) return final ? truncated(buf, offset) : NEED_MORE;
  const isa16 = characterAt(buf, c16At, final);
  if (isa16 === undefined) return NEED_MORE;
  const termAt = c16At + isa16.length;
  if (termAt >= buf.length) return final ? truncated(buf, offset) : NEED_MORE;
  const terminator = findTerminator(buf, termAt, isa16, final);
  if (terminator === undefined) return NEED_MORE;

  const diagnostics: Diagnostic[] = [];
  const note = (code: '004' | '022' | '026' | '027', message: string, element?: number) =>
    diagnostics.push({ severity: 'error', code: interchangeNoteCode(code), message, element, offset });
  const deviation = (code: DeviationCode, message: string, element?: number) =>
    diagnostics.push({ severity: 'warning', code, message, element, offset });

  let component = terminator.missingComponent ? '' : isa16;
  let unusable = false;
  const term = terminator.binary;
  if (terminator.problem) {
    note('004', terminator.problem);
    unusable = true;
  } else if (term === sep) {
    note('004', 'the segment terminator is the same character as the element separator');
    unusable = true;
  }
  if (terminator.missingComponent) {
    note(
      '027',
      `ISA16 (component separator) is missing: "${binaryToText(term)}" ends the ISA and every segment`,
      16,
    );
  } else if (
    isAlphanumeric(component.charCodeAt(0)) ||
    isBlank(component.charCodeAt(0)) ||
    component === sep
  ) {
    note('027', `ISA16 "${binaryToText(component)}" cannot be a component separator`, 16);
    component = '';
  } else if (component === term) {
    note('004', 'the segment terminator is the same character as ISA16');
    unusable = true;
  }
  if (terminator.warning) deviation('x12.deviation.segment_terminator', terminator.warning);
  if (sep.charCodeAt(0) >= 0x80)
    deviation('x12.deviation.element_separator', `the element separator ${shown(sep)} is not ASCII`);
  if (component.charCodeAt(0) >= 0x80)
    deviation(
      'x12.deviation.component_separator',
      `ISA16 (component separator) ${shown(component)} is not ASCII`,
      16,
    );

  const elements = ['ISA'];
  const raws = ['ISA'];
  let lineBreaks = false;
  for (let i = 1; i <= 16; i++) {
    let raw =
      i < 16 ? buf.slice(cuts[i - 1]! + sep.length, cuts[i]) : terminator.missingComponent ? '' : isa16;
    if (/[\r\n]/.test(raw)) {
      lineBreaks = true;
      raw = raw.replace(/[\r\n]/g, '');
    }
    raws.push(raw);
    elements.push(binaryToText(raw));
  }
  if (lineBreaks) {
    if (isLineBreak(term.charCodeAt(0))) {
      note('022', 'the ISA is interrupted by a line break, which is also its segment terminator');
    } else {
      deviation('x12.deviation.line_break_in_segment', 'line breaks inside the ISA were ignored');
    }
  }
  const isaBytes = terminator.end - start;
  for (let i = 1; i <= 16; i++) {
    const value = elements[i]!;
    const width = ISA_WIDTHS[i - 1]!;
    // ISA16 is one character however many UTF-16 units it takes (an emoji two): not a width deviation
    if (value.length !== width && i < 16) {
      const id = `ISA${String(i).padStart(2, '0')}`;
      deviation(
        'x12.deviation.isa_length',
        `${id} is ${value.length} characters, not ${width} (ISA is ${isaBytes} bytes, not 106)`,
        i,
      );
    }
  }
  if (elements.slice(1, 16).some((value) => /[^\u0020-\u007e]/.test(value))) {
    deviation(
      'x12.deviation.isa_characters',
      'the ISA holds characters outside printable ASCII (e.g. no-break spaces as padding)',
    );
  }

  const repetition = repetitionSeparator(elements, raws[11]!, [sep, component, term], deviation);
  return {
    status: 'read',
    isa: {
      elements,
      delimiters: {
        element: binaryToText(sep),
        segment: binaryToText(term),
        component: binaryToText(component),
        ...(repetition === undefined ? {} : { repetition: binaryToText(repetition) }),
      },
      elementBinary: sep,
      terminatorBinary: term,
      componentBinary: component,
      repetitionBinary: repetition ?? '',
      end: unusable ? termAt : terminator.end,
      diagnostics,
      unusable,
    },
  };
}

interface Terminator {
  binary: string;
  /** Index just past the terminator. */
  end: number;
  missingComponent?: boolean;
  problem?: string;
  warning?: string;
}

/** The segment terminator is the character after ISA16 (X12.5); undefined when more input is needed. */
function findTerminator(buf: string, at: number, isa16: string, final: boolean): Terminator | undefined {
  const code = buf.charCodeAt(at);
  if (isBlank(code)) {
    // "…*> \r\n": blanks before a line break are padding; a blank as terminator would split every name.
    let next = at;
    while (next < buf.length && isBlank(buf.charCodeAt(next))) next++;
    if (next >= buf.length && !final) return undefined;
    if (next < buf.length && isLineBreak(buf.charCodeAt(next))) {
      return {
        binary: buf[next]!,
        end: next + 1,
        warning:
          'blanks before the line break after ISA16 were ignored; the line break is the segment terminator',
      };
    }
    return { binary: buf[at]!, end: at + 1, problem: 'a blank cannot be the segment terminator' };
  }
  if (isLineBreak(code)) {
    const endsLines = endsNextLine(buf, at, isa16, final);
    if (endsLines === undefined) return undefined;
    // "…*T*~\n" then "GS…~\n": ISA16 was left out, "~" is the terminator and the line breaks are cosmetic.
    if (endsLines) return { binary: isa16, end: at, missingComponent: true };
    return { binary: buf[at]!, end: at + 1 };
  }
  if (code >= 0x80) {
    const binary = characterAt(buf, at, final);
    if (binary === undefined) return undefined;
    return {
      binary,
      end: at + binary.length,
      warning: `the segment terminator ${shown(binary)} is not ASCII`,
    };
  }
  if (isAlphanumeric(code)) {
    return {
      binary: buf[at]!,
      end: at + 1,
      problem: `"${buf[at]}" after ISA16 cannot be a segment terminator`,
    };
  }
  return { binary: buf[at]!, end: at + 1 };
}

/** Whether the line after the ISA ends with `candidate` (ISA16 left out); undefined when more input is needed. */
function endsNextLine(buf: string, from: number, candidate: string, final: boolean): boolean | undefined {
  if (isAlphanumeric(candidate.charCodeAt(0)) || isBlank(candidate.charCodeAt(0))) return false;
  let start = from;
  while (start < buf.length && (isBlank(buf.charCodeAt(start)) || isLineBreak(buf.charCodeAt(start))))
    start++;
  const lf = buf.indexOf('\n', start);
  const cr = buf.indexOf('\r', start);
  let end = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
  if (end < 0) {
    if (!final && buf.length - from < LOOKAHEAD_BYTES) return undefined;
    if (!final) return false;
    end = buf.length;
  }
  while (end > start && isBlank(buf.charCodeAt(end - 1))) end--;
  return end - start > 3 && buf.startsWith(candidate, end - candidate.length);
}

/**
 * ISA11 is the repetition separator from version 00402 on (X12.5); before that it is the standards
 * identifier, "U". A letter, digit or a character already used as a delimiter cannot separate repetitions.
 * Returns it as binary (`raw` is ISA11 as sent; `used`, the other delimiters, are binary too).
 */
function repetitionSeparator(
  elements: string[],
  raw: string,
  used: string[],
  deviation: (code: DeviationCode, message: string, element?: number) => void,
): string | undefined {
  const isa11 = elements[11]!;
  const version = Number.parseInt(elements[12]!, 10);
  const usable =
    raw !== '' &&
    characterAt(raw, 0, true) === raw &&
    !isAlphanumeric(raw.charCodeAt(0)) &&
    raw !== ' ' &&
    !used.includes(raw);
  if (!(version >= 402)) {
    if (isa11 !== 'U')
      deviation(
        'x12.deviation.repetition_separator',
        `ISA11 is "${isa11}"; before 00402 it is the standards id "U"`,
        11,
      );
    return undefined;
  }
  if (usable) return raw;
  if (version >= 501)
    deviation('x12.deviation.repetition_separator', `ISA11 "${isa11}" cannot be a repetition separator`, 11);
  return undefined;
}

/** A delimiter for a message: the character, and its bytes when it is not ASCII (`"§" (C2 A7)`). */
function shown(binary: string): string {
  const text = `"${binaryToText(binary)}"`;
  if (!/[\u0080-\u00ff]/.test(binary)) return text;
  const bytes = [...binary].map((c) => c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
  return `${text} (${bytes.join(' ')})`;
}

function unreadable(end: number, offset: number, code: '022' | '026', reason: string): IsaScan {
  return {
    status: 'unreadable',
    end,
    diagnostic: {
      severity: 'error',
      code: interchangeNoteCode(code),
      message: `unreadable ISA: ${reason}`,
      offset,
    },
  };
}

function truncated(buf: string, offset: number): IsaScan {
  return {
    status: 'unreadable',
    end: buf.length,
    diagnostic: {
      severity: 'error',
      code: interchangeNoteCode('023'),
      message: 'the input ends inside the ISA',
      offset,
    },
  };
}

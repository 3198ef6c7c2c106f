import { permanent } from '../core/errors.ts';
import type { Delimiters } from './types.ts';

/** An element: a plain value, or the components of a composite (joined with ISA16). */
export type ElementValue = string | readonly string[];
/** A segment to write: `[tag, element1, element2, …]`, X12 numbering as on read. */
export type SegmentData = readonly ElementValue[];

export interface SerializeOptions {
  /** Line break after each terminator (`true` = "\n"), unless the terminator is one; cosmetic, readers skip it. */
  newline?: boolean | string;
}

export interface TransactionInput {
  /** ST01, e.g. "850", "997". */
  type: string;
  /** ST02; numbers are zero-padded to the 4-character minimum. */
  controlNumber: number | string;
  /** ST03 (005010+). */
  implementationReference?: string;
  /** Segments between ST and SE. */
  body: readonly SegmentData[];
}

export interface GroupInput {
  /** GS01, e.g. "PR", "SH", "IN", "FA". */
  functionalId: string;
  senderId: string;
  receiverId: string;
  /** GS06 (1-9 digits). */
  controlNumber: number | string;
  /** GS08, e.g. "004010", "005010X231A1". */
  version: string;
  /** GS04 CCYYMMDD / GS05 HHMM[SS]; default: the interchange's. */
  date?: string;
  time?: string;
  transactions: readonly TransactionInput[];
}

export interface InterchangeInput extends SerializeOptions {
  sender: { qualifier: string; id: string };
  receiver: { qualifier: string; id: string };
  /** ISA13, 1…999999999 (written as 9 digits). */
  controlNumber: number | string;
  /** CCYYMMDD (ISA09 takes YYMMDD from it, GS04 all of it). */
  date: string;
  /** HHMM. */
  time: string;
  /** ISA12. */
  version: '00401' | '00501' | (string & {});
  usage: 'P' | 'T';
  ackRequested: boolean;
  delimiters: Delimiters;
  /** Interchange-level segments written between ISA and the first GS (a TA1). */
  segments?: readonly SegmentData[];
  groups: readonly GroupInput[];
}

function invalid(message: string): never {
  throw permanent('x12.writer.invalid', message);
}

/** The first of `auth.forbidden` that `value` contains; '' (an absent delimiter) never matches. */
function delimiterIn(value: string, forbidden: readonly string[]): string | undefined {
  for (const delimiter of forbidden) {
    if (delimiter !== '' && value.includes(delimiter)) return delimiter;
  }
  return undefined;
}

function delimiterInData(where: string, value: string, delimiter: string): never {
  throw permanent(
    'x12.writer.delimiter_in_data',
    `${where} "${value}" contains the delimiter "${delimiter}"`,
  );
}

/** Where a value sits, for the error: the tag and the 2-digit element position, e.g. N102. */
const position = (segment: SegmentData, index: number) =>
  `${String(segment[0])}${String(index).padStart(2, '0')}`;

/** The code of a one-character delimiter; -1, which no character has, for an absent one (''). */
const codeOf = (delimiter: string) => (delimiter === '' ? -1 : delimiter.charCodeAt(0));

/**
 * Writes segments with one set of delimiters. What they imply (the delimiters a value may not hold, the
 * terminator with its line break) is worked out once, not per segment or element: an 856 has hundreds of
 * elements, and the writer runs for every document sent.
 */
class SegmentWriter {
  private readonly element: string;
  private readonly component: string;
  /** The terminator and the cosmetic line break after it. */
  private readonly end: string;
  /** What the tag may not hold: element separator and terminator. */
  private readonly structural: readonly string[];
  /** What any other value or component may not hold: also the component and repetition separators. */
  private readonly atomic: readonly string[];
  /**
   * With every delimiter a single UTF-16 unit (as they nearly always are), their codes for {@link mayHold}
   * (-1 for an absent one); `scan` false otherwise.
   */
  private readonly scan: boolean;
  private readonly elementCode: number;
  private readonly terminatorCode: number;
  private readonly componentCode: number;
  private readonly repetitionCode: number;

  constructor(delimiters: Delimiters, options: SerializeOptions) {
    const { element, component, segment: terminator } = delimiters;
    const repetition = delimiters.repetition ?? '';
    this.element = element;
    this.component = component;
    this.end = terminator + lineBreak(options, terminator);
    this.structural = [element, terminator];
    this.atomic = [element, terminator, component, repetition];
    this.scan = this.atomic.every((delimiter) => delimiter.length <= 1);
    this.elementCode = codeOf(element);
    this.terminatorCode = codeOf(terminator);
    this.componentCode = codeOf(component);
    this.repetitionCode = codeOf(repetition);
  }

  write(segment: SegmentData): string {
    let last = segment.length - 1;
    while (last > 0 && isEmpty(segment[last]!)) last--;
    let out = '';
    for (let i = 0; i <= last; i++) {
      const value = segment[i]!;
      const text =
        typeof value === 'string'
          ? this.checked(value, i === 0 ? this.structural : this.atomic, segment, i)
          : this.composite(value, segment, i);
      out = i === 0 ? text : out + (this.element + text);
    }
    return out + this.end;
  }

  /** Every value of `segment` that {@link write} would refuse, added to `found`; nothing is written. */
  refused(segment: SegmentData, found: RefusedValue[]): void {
    for (let i = 0; i < segment.length; i++) {
      const value = segment[i]!;
      const forbidden = i === 0 ? this.structural : this.atomic;
      for (const part of typeof value === 'string' ? [value] : value) {
        const delimiter = this.mayHold(part) ? delimiterIn(part, forbidden) : undefined;
        if (delimiter !== undefined)
          found.push({ segment: String(segment[0]), position: i, value: part, delimiter });
      }
    }
  }

  /** `value`, unless it holds one of `auth.forbidden`: then `x12.writer.delimiter_in_data`. */
  private checked(value: string, forbidden: readonly string[], segment: SegmentData, index: number): string {
    if (!this.mayHold(value)) return value;
    const delimiter = delimiterIn(value, forbidden);
    // the position is only spelled out for the error: building it per element was most of a segment's cost
    if (delimiter !== undefined) delimiterInData(position(segment, index), value, delimiter);
    return value;
  }

  /** A composite's components joined with ISA16, trailing empty ones dropped. */
  private composite(value: readonly string[], segment: SegmentData, index: number): string {
    let end = value.length;
    while (end > 0 && value[end - 1] === '') end--;
    let out = '';
    for (let j = 0; j < end; j++) {
      const part = this.checked(value[j]!, this.atomic, segment, index);
      out = j === 0 ? part : out + (this.component + part);
    }
    return out;
  }

  /**
   * False when `value` surely holds no delimiter: one pass over its characters, far cheaper than a search per
   * delimiter. A hit (or multi-character delimiters) leaves the exact answer to {@link delimiterIn}.
   */
  private mayHold(value: string): boolean {
    if (!this.scan) return true;
    for (let k = 0; k < value.length; k++) {
      const c = value.charCodeAt(k);
      if (
        c === this.elementCode ||
        c === this.terminatorCode ||
        c === this.componentCode ||
        c === this.repetitionCode
      )
        return true;
    }
    return false;
  }
}

/** A value the writer refuses: it holds a delimiter (the tag: the element separator or terminator). */
export interface RefusedValue {
  /** Segment id. */
  segment: string;
  /** Element position, X12 numbering (0 is the tag). */
  position: number;
  value: string;
  delimiter: string;
}

/**
 * What {@link writeSegments} would refuse in `segments` with these delimiters, every value of it rather than
 * the first: the writer's own check, for callers that must know before writing (a document that cannot be
 * written is set aside, not sent in part).
 */
export function refusedValues(segments: readonly SegmentData[], delimiters: Delimiters): RefusedValue[] {
  const writer = new SegmentWriter(delimiters, {});
  const found: RefusedValue[] = [];
  for (const segment of segments) writer.refused(segment, found);
  return found;
}

/**
 * One segment with its terminator. Trailing empty elements are dropped (X12.6: a segment ends after its
 * last used element). A value holding a delimiter throws `x12.writer.delimiter_in_data`: the caller must
 * clean data rather than send a segment that reads differently.
 */
export function writeSegment(
  segment: SegmentData,
  delimiters: Delimiters,
  options: SerializeOptions = {},
): string {
  return new SegmentWriter(delimiters, options).write(segment);
}

function isEmpty(value: ElementValue): boolean {
  return typeof value === 'string' ? value === '' : value.every((part) => part === '');
}

/** The cosmetic line break; none when the terminator already is one (LF terminators, X12.6 allows any). */
function lineBreak(options: SerializeOptions, terminator: string): string {
  if (terminator === '\n' || terminator === '\r') return '';
  return options.newline === true ? '\n' : typeof options.newline === 'string' ? options.newline : '';
}

export function writeSegments(
  segments: readonly SegmentData[],
  delimiters: Delimiters,
  options: SerializeOptions = {},
): string {
  return writeAll(new SegmentWriter(delimiters, options), segments);
}

/**
 * The segments as one flat string: joined once, rather than a rope of a node or two per element that lives
 * as long as the interchange being written (a batch of sets would keep hundreds of thousands alive).
 */
function writeAll(writer: SegmentWriter, segments: readonly SegmentData[]): string {
  const written: string[] = new Array(segments.length);
  for (let i = 0; i < segments.length; i++) written[i] = writer.write(segments[i]!);
  return written.join('');
}

/** A control character (NUL, ESC …): an envelope never carries one, whatever a partner's own ISA held. */
const CONTROL = /\p{Cc}/u;

function fixed(value: string, width: number, what: string): string {
  if (value.length > width) invalid(`${what} "${value}" is longer than ${width} characters`);
  if (CONTROL.test(value)) invalid(`${what} ${JSON.stringify(value)} holds a control character`);
  return value.padEnd(width, ' ');
}

function digits(value: number | string, min: number, max: number, what: string): string {
  const text = String(value);
  if (!/^\d+$/.test(text) || text.length > max)
    invalid(`${what} "${text}" is not a number of at most ${max} digits`);
  return text.padStart(min, '0');
}

/** Checks the delimiters can be told apart; ISA11 needs a repetition separator from 00402 on. */
function checkDelimiters(delimiters: Delimiters, version: string): void {
  const { element, component, segment, repetition } = delimiters;
  const singles = [element, component, ...(repetition === undefined ? [] : [repetition])];
  if (
    singles.some((d) => d.length !== 1) ||
    [...singles, segment].some((d) => d === '' || /[A-Za-z0-9 ]/.test(d))
  ) {
    invalid('delimiters must be single non-alphanumeric characters');
  }
  const all = [...singles, segment];
  if (new Set(all).size !== all.length) invalid('delimiters must all differ');
  if (Number(version) >= 402 && repetition === undefined)
    invalid(`version ${version} needs a repetition separator (ISA11)`);
}

/**
 * A complete interchange: ISA (always the fixed 106 characters), optional interchange-level segments,
 * GS…GE groups with ST…SE sets, IEA. SE01, GE01 and IEA01 are counted here.
 */
export function writeInterchange(input: InterchangeInput): string {
  const { delimiters } = input;
  if (!/^\d{5}$/.test(input.version)) invalid(`ISA12 "${input.version}" is not a 5-digit version`);
  if (!/^\d{8}$/.test(input.date) || !/^\d{4}$/.test(input.time))
    invalid('date must be CCYYMMDD and time HHMM');
  checkDelimiters(delimiters, input.version);
  const isa13 = digits(input.controlNumber, 9, 9, 'ISA13');
  const options: SerializeOptions = input.newline === undefined ? {} : { newline: input.newline };
  // X12.5 ISA: fixed-width fields, ISA11 "U" before 00402, ISA16 the component separator.
  const isa = [
    'ISA',
    '00',
    ' '.repeat(10),
    '00',
    ' '.repeat(10),
    fixed(input.sender.qualifier, 2, 'ISA05'),
    fixed(input.sender.id, 15, 'ISA06'),
    fixed(input.receiver.qualifier, 2, 'ISA07'),
    fixed(input.receiver.id, 15, 'ISA08'),
    input.date.slice(2),
    input.time,
    Number(input.version) >= 402 ? delimiters.repetition! : 'U',
    input.version,
    isa13,
    input.ackRequested ? '1' : '0',
    input.usage,
    delimiters.component,
  ];
  const isaForbidden = [delimiters.element, delimiters.segment, delimiters.component];
  for (let i = 1; i < 16; i++) {
    const delimiter = delimiterIn(isa[i]!, isaForbidden);
    if (delimiter !== undefined) delimiterInData(`ISA${String(i).padStart(2, '0')}`, isa[i]!, delimiter);
  }
  const writer = new SegmentWriter(delimiters, options);
  let out = isa.join(delimiters.element) + delimiters.segment + lineBreak(options, delimiters.segment);
  out += writeAll(writer, input.segments ?? []);
  for (const group of input.groups) {
    const gs06 = digits(group.controlNumber, 1, 9, 'GS06');
    for (const [what, id] of [
      ['GS02', group.senderId],
      ['GS03', group.receiverId],
    ] as const)
      if (CONTROL.test(id)) invalid(`${what} ${JSON.stringify(id)} holds a control character`);
    const gs: SegmentData = [
      'GS',
      group.functionalId,
      group.senderId,
      group.receiverId,
      group.date ?? input.date,
      group.time ?? input.time,
      gs06,
      'X',
      group.version,
    ];
    out += writer.write(gs);
    for (const set of group.transactions) {
      const st02 = digits(set.controlNumber, 4, 9, 'ST02');
      out += writer.write(['ST', set.type, st02, set.implementationReference ?? '']);
      out += writeAll(writer, set.body);
      out += writer.write(['SE', String(set.body.length + 2), st02]);
    }
    out += writer.write(['GE', String(group.transactions.length), gs06]);
  }
  out += writer.write(['IEA', String(input.groups.length), isa13]);
  return out;
}

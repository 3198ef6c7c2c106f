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

function checkValue(value: string, forbidden: readonly string[], where: string): string {
  for (const delimiter of forbidden) {
    if (delimiter !== '' && value.includes(delimiter)) {
      throw permanent(
        'x12.writer.delimiter-in-data',
        `${where} "${value}" contains the delimiter "${delimiter}"`,
      );
    }
  }
  return value;
}

/**
 * One segment with its terminator. Trailing empty elements are dropped (X12.6: a segment ends after its
 * last used element). A value holding a delimiter throws `x12.writer.delimiter-in-data`: the caller must
 * clean data rather than send a segment that reads differently.
 */
export function writeSegment(
  segment: SegmentData,
  delimiters: Delimiters,
  options: SerializeOptions = {},
): string {
  const { element, component, segment: terminator } = delimiters;
  const repetition = delimiters.repetition ?? '';
  const structural = [element, terminator];
  const atomic = [element, terminator, component, repetition];
  let last = segment.length - 1;
  while (last > 0 && isEmpty(segment[last]!)) last--;
  const parts: string[] = [];
  for (let i = 0; i <= last; i++) {
    const value = segment[i]!;
    const where = `${String(segment[0])}${String(i).padStart(2, '0')}`;
    if (typeof value === 'string') {
      parts.push(checkValue(value, i === 0 ? structural : atomic, where));
    } else {
      let end = value.length;
      while (end > 0 && value[end - 1] === '') end--;
      parts.push(
        value
          .slice(0, end)
          .map((part) => checkValue(part, atomic, where))
          .join(component),
      );
    }
  }
  return parts.join(element) + terminator + lineBreak(options, terminator);
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
  let out = '';
  for (const segment of segments) out += writeSegment(segment, delimiters, options);
  return out;
}

function fixed(value: string, width: number, what: string): string {
  if (value.length > width) invalid(`${what} "${value}" is longer than ${width} characters`);
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
  isa.forEach((value, i) => {
    if (i > 0 && i < 16)
      checkValue(
        value,
        [delimiters.element, delimiters.segment, delimiters.component],
        `ISA${String(i).padStart(2, '0')}`,
      );
  });
  let out = isa.join(delimiters.element) + delimiters.segment + lineBreak(options, delimiters.segment);
  out += writeSegments(input.segments ?? [], delimiters, options);
  for (const group of input.groups) {
    const gs06 = digits(group.controlNumber, 1, 9, 'GS06');
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
    out += writeSegment(gs, delimiters, options);
    for (const set of group.transactions) {
      const st02 = digits(set.controlNumber, 4, 9, 'ST02');
      out += writeSegment(['ST', set.type, st02, set.implementationReference ?? ''], delimiters, options);
      out += writeSegments(set.body, delimiters, options);
      out += writeSegment(['SE', String(set.body.length + 2), st02], delimiters, options);
    }
    out += writeSegment(['GE', String(group.transactions.length), gs06], delimiters, options);
  }
  out += writeSegment(['IEA', String(input.groups.length), isa13], delimiters, options);
  return out;
}

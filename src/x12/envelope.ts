import { append } from '../core/append.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { groupErrorCode, interchangeNoteCode, segmentErrorCode } from './codes.ts';
import type { IsaRead } from './delimiters.ts';
import {
  checkGroupHeader,
  checkGroupTrailer,
  checkInterchangeTrailer,
  groupHeader,
} from './envelope-checks.ts';
import type { X12Event } from './events.ts';
import { interchangeHeader, validateIsaFields } from './isa-header.ts';
import {
  closeSet,
  type DeviationCode,
  finishSet,
  type OpenSet,
  openSet,
  type Scope,
  warnOnce,
} from './transaction-set.ts';
import type { GroupHeader, InterchangeHeader, Segment } from './types.ts';
import { type ValueFinding, valueDiagnostics } from './values.ts';

/** Per-segment deviations the scanner found, reported once per envelope as warnings. */
export const FLAG_LINE_BREAK = 1;
export const FLAG_TRAILING_BLANK = 2;
export const FLAG_BLANK_LINE = 4;

/** Segments that end an open set when they arrive before its SE. */
const ENVELOPE_TAGS = new Set(['ST', 'GE', 'GS', 'IEA']);

const FLAG_WARNINGS: readonly [number, DeviationCode, string][] = [
  [FLAG_LINE_BREAK, 'x12.deviation.line_break_in_segment', 'line breaks inside a segment were removed'],
  [FLAG_TRAILING_BLANK, 'x12.deviation.trailing_whitespace', 'blanks at the end of a segment were removed'],
  [FLAG_BLANK_LINE, 'x12.deviation.blank_line', 'blank lines between segments were skipped'],
];

interface OpenInterchange extends Scope {
  header: InterchangeHeader;
  groupCount: number;
  groupNumbers: Set<string>;
  controlSegments: Segment[];
}

interface OpenGroup extends Scope {
  header: GroupHeader;
  count: number;
  setNumbers: Set<string>;
}

interface StrayRun {
  offset: number;
  tags: string[];
}

/**
 * The ISA/GS/ST envelope state machine: takes segments in order, checks trailers against headers and
 * emits events into `out`. Resynchronises on the next ST/GS/ISA: a missing SE/GE/IEA closes what is open
 * with its error code, so one broken set never hides its siblings.
 */
export class EnvelopeTracker {
  private interchange: OpenInterchange | undefined;
  private group: OpenGroup | undefined;
  private set: OpenSet | undefined;
  private strays: StrayRun | undefined;
  private readonly interchangeNumbers = new Set<string>();

  constructor(private readonly out: X12Event[]) {}

  startInterchange(isa: IsaRead, offset: number, before: Diagnostic[]): void {
    const header = interchangeHeader(isa, offset);
    const diagnostics = [...before, ...isa.diagnostics, ...validateIsaFields(isa, offset)];
    if (this.interchangeNumbers.has(header.controlNumber)) {
      diagnostics.push({
        severity: 'warning',
        code: interchangeNoteCode('025'),
        message: `interchange control number ${header.controlNumber} was already used earlier in this input`,
        element: 13,
        offset,
      });
    }
    this.interchangeNumbers.add(header.controlNumber);
    this.interchange = { header, diagnostics, groupCount: 0, groupNumbers: new Set(), controlSegments: [] };
    this.out.push({ kind: 'interchange-start', header });
  }

  /**
   * Feeds one segment; returns true when it was the IEA that closed the interchange. `values` are what the
   * reader found in its element bytes (see values.ts), reported where the segment lands.
   */
  segment(seg: Segment, flags: number, values?: ValueFinding[]): boolean {
    const set = this.set;
    if (set !== undefined) {
      const first = seg.tag.charCodeAt(0);
      // envelope tags start with S, G or I: every other segment goes straight into the set
      if (first === 83 && seg.tag === 'SE') {
        if (flags !== 0) this.flag(set, flags, seg);
        const finished = finishSet(set, seg);
        if (values !== undefined) this.noteValues(set, seg, values);
        this.emitSet(finished);
        return false;
      }
      if ((first !== 83 && first !== 71 && first !== 73) || !ENVELOPE_TAGS.has(seg.tag)) {
        set.push(seg);
        if (flags !== 0) this.flag(set, flags, seg);
        if (values !== undefined) this.noteValues(set, seg, values);
        return false;
      }
      this.emitSet(closeSet(set, seg));
    }
    const group = this.group;
    if (values !== undefined && !(group !== undefined && seg.tag === 'ST')) this.noteOutsideSet(seg, values);
    if (group !== undefined) {
      if (seg.tag === 'ST') {
        this.flushStrays();
        this.set = openSet(this.interchange!.header, group, seg);
        group.count++;
        if (flags !== 0) this.flag(this.set, flags, seg);
        if (values !== undefined) this.noteValues(this.set, seg, values);
        return false;
      }
      if (seg.tag === 'GE') {
        if (flags !== 0) this.flag(group, flags, seg);
        this.endGroup(seg);
        return false;
      }
      if (seg.tag !== 'GS' && seg.tag !== 'IEA') {
        this.stray(seg, flags);
        return false;
      }
      this.closeGroup(`before ${seg.tag}`, seg.offset);
    }
    const interchange = this.interchange!;
    if (flags !== 0) this.flag(interchange, flags, seg);
    switch (seg.tag) {
      case 'GS':
        this.startGroup(interchange, seg);
        return false;
      case 'IEA':
        this.endInterchange(interchange, seg);
        return true;
      case 'ISB':
      case 'ISE':
      case 'TA1':
        // X12.5 interchange-level segments sit between ISA and the first GS.
        if (interchange.groupCount === 0) {
          this.flushStrays();
          interchange.controlSegments.push(seg);
          return false;
        }
        break;
    }
    this.stray(seg, 0);
    return false;
  }

  /** Closes whatever is open when the input ends or the next ISA arrives before IEA. */
  abortInterchange(code: '004' | '023', message: string, offset: number): void {
    if (this.interchange === undefined) return;
    if (this.set !== undefined) this.emitSet(closeSet(this.set, undefined));
    if (this.group !== undefined) this.closeGroup(message, offset);
    this.flushStrays();
    const interchange = this.interchange;
    interchange.diagnostics.push({ severity: 'error', code: interchangeNoteCode(code), message, offset });
    this.emitInterchangeEnd(interchange, undefined, undefined);
  }

  /** Ends an interchange whose delimiters are unusable (its ISA findings say why); its content is skipped. */
  endUnreadable(): void {
    if (this.interchange !== undefined) this.emitInterchangeEnd(this.interchange, undefined, undefined);
  }

  /** A deviation found between segments (blank line, empty segment) reported on the innermost envelope. */
  deviation(code: DeviationCode, message: string, offset: number): void {
    const scope = this.set ?? this.group ?? this.interchange;
    if (scope !== undefined) warnOnce(scope, code, message, offset);
  }

  /** Element findings of a segment in a set: its AK4 errors and warnings (seg.position is set by now). */
  private noteValues(set: OpenSet, seg: Segment, values: ValueFinding[]): void {
    set.warned ??= new Set();
    append(set.diagnostics, valueDiagnostics(seg, values, set.set.controlNumber, set.warned));
  }

  /**
   * Element findings of an envelope or stray segment (GS, GE, IEA): no AK4 can name them, so they are
   * warnings on the group or interchange, once per kind.
   */
  private noteOutsideSet(seg: Segment, values: ValueFinding[]): void {
    const scope = this.group ?? this.interchange!;
    for (const value of values) {
      const id = `${seg.tag}${String(value.element).padStart(2, '0')}`;
      if (value.problem === 'control')
        warnOnce(scope, 'x12.deviation.control_character', `${id} holds a control character`, seg.offset);
      else
        warnOnce(
          scope,
          'x12.deviation.not_utf8',
          `${id} is not valid UTF-8; read as Windows-1252`,
          seg.offset,
        );
    }
  }

  private flag(scope: Scope, flags: number, seg: Segment): void {
    for (const [bit, code, message] of FLAG_WARNINGS) {
      if ((flags & bit) !== 0)
        warnOnce(scope, code, `${message} (first: ${seg.tag} at byte ${seg.offset})`, seg.offset);
    }
  }

  private emitSet(set: OpenSet): void {
    this.set = undefined;
    this.out.push({ kind: 'transaction', set: set.set });
  }

  private startGroup(interchange: OpenInterchange, gs: Segment): void {
    this.flushStrays();
    const header = groupHeader(gs);
    const diagnostics = checkGroupHeader(header, interchange.groupNumbers);
    interchange.groupNumbers.add(header.controlNumber);
    interchange.groupCount++;
    this.group = { header, diagnostics, count: 0, setNumbers: new Set() };
    this.out.push({ kind: 'group-start', interchange: interchange.header, header });
  }

  private endGroup(ge: Segment): void {
    this.flushStrays();
    const group = this.group!;
    const { declared, found } = checkGroupTrailer(group.header, group.count, ge);
    append(group.diagnostics, found);
    this.emitGroupEnd(group, declared, ge);
  }

  private closeGroup(reason: string, offset: number): void {
    this.flushStrays();
    const group = this.group!;
    group.diagnostics.push({
      severity: 'error',
      code: groupErrorCode('3'),
      message: `GE missing: group ${group.header.controlNumber} ends ${reason}`,
      offset,
    });
    this.emitGroupEnd(group, undefined, undefined);
  }

  private emitGroupEnd(
    group: OpenGroup,
    declaredCount: number | undefined,
    trailer: Segment | undefined,
  ): void {
    this.group = undefined;
    this.out.push({
      kind: 'group-end',
      interchange: this.interchange!.header,
      group: group.header,
      ...(declaredCount === undefined ? {} : { declaredCount }),
      actualCount: group.count,
      diagnostics: group.diagnostics,
      ...(trailer === undefined ? {} : { trailer }),
    });
  }

  private endInterchange(interchange: OpenInterchange, iea: Segment): void {
    this.flushStrays();
    const { header, groupCount } = interchange;
    const { declared, found } = checkInterchangeTrailer(header.controlNumber, groupCount, iea);
    append(interchange.diagnostics, found);
    this.emitInterchangeEnd(interchange, declared, iea);
  }

  private emitInterchangeEnd(
    ic: OpenInterchange,
    declared: number | undefined,
    trailer: Segment | undefined,
  ): void {
    this.interchange = undefined;
    this.out.push({
      kind: 'interchange-end',
      header: ic.header,
      ...(declared === undefined ? {} : { declaredGroupCount: declared }),
      groupCount: ic.groupCount,
      diagnostics: ic.diagnostics,
      ...(trailer === undefined ? {} : { trailer }),
      controlSegments: ic.controlSegments,
    });
  }

  /** Segments outside a set are collected into one error event per run, so garbage cannot flood. */
  private stray(seg: Segment, flags: number): void {
    if (flags !== 0) this.flag(this.group ?? this.interchange!, flags, seg);
    if (this.strays === undefined) this.strays = { offset: seg.offset, tags: [] };
    this.strays.tags.push(seg.tag);
  }

  private flushStrays(): void {
    const run = this.strays;
    if (run === undefined) return;
    this.strays = undefined;
    const inGroup = this.group !== undefined;
    const shown = run.tags.slice(0, 5).join(', ') + (run.tags.length > 5 ? ', …' : '');
    const where = inGroup ? 'inside a functional group but outside any transaction set' : 'outside any group';
    this.out.push({
      kind: 'error',
      offset: run.offset,
      diagnostics: [
        {
          severity: 'error',
          // 997 AK304 2 "unexpected segment" inside a group; TA105 024 "invalid interchange content" outside.
          code: inGroup ? segmentErrorCode('2') : interchangeNoteCode('024'),
          message: `${run.tags.length} segment(s) ${where}: ${shown}`,
          segment: run.tags[0],
          offset: run.offset,
        },
      ],
      interchange: this.interchange!.header,
      ...(inGroup ? { group: this.group!.header } : {}),
    });
  }
}

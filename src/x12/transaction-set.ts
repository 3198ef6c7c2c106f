import type { Diagnostic } from '../core/diagnostic.ts';
import type { ErrorCode } from '../core/error-codes.ts';
import type { TransactionErrorCode } from '../core/x12-code-lists.ts';
import { segmentErrorCode, transactionErrorCode } from './codes.ts';
import type { GroupHeader, InterchangeHeader, Segment, TransactionSet } from './types.ts';

/** An envelope level that collects findings; deviations are warned once per level. */
export interface Scope {
  diagnostics: Diagnostic[];
  warned?: Set<string>;
}

/** A deviation the reader repairs and warns about (`x12.deviation.*`). */
export type DeviationCode = Extract<ErrorCode, `x12.deviation.${string}`>;

export function warnOnce(scope: Scope, code: DeviationCode, message: string, offset: number): void {
  scope.warned ??= new Set();
  if (scope.warned.has(code)) return;
  scope.warned.add(code);
  scope.diagnostics.push({ severity: 'warning', code, message, offset });
}

/** X12.6: a segment ID is 2 or 3 upper-case letters/digits starting with a letter. */
function isSegmentId(tag: string): boolean {
  const n = tag.length;
  if (n < 2 || n > 3) return false;
  const first = tag.charCodeAt(0);
  if (first < 65 || first > 90) return false;
  for (let i = 1; i < n; i++) {
    const c = tag.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return false;
  }
  return true;
}

/** A transaction set being read: ST seen, SE not yet. */
export class OpenSet implements Scope {
  readonly set: TransactionSet;
  warned?: Set<string>;

  constructor(set: TransactionSet) {
    this.set = set;
  }

  get diagnostics(): Diagnostic[] {
    return this.set.diagnostics;
  }

  push(seg: Segment): void {
    const segments = this.set.segments;
    seg.position = segments.length + 1;
    segments.push(seg);
    if (!isSegmentId(seg.tag)) {
      this.error(segmentErrorCode('1'), `"${seg.tag.slice(0, 20)}" is not a segment ID`, seg);
    }
  }

  error(code: ErrorCode, message: string, seg: Segment, element?: number): void {
    this.set.diagnostics.push({
      severity: 'error',
      code,
      message,
      transaction: this.set.controlNumber,
      segment: seg.tag.slice(0, 3),
      segmentPosition: seg.position,
      ...(element === undefined ? {} : { element }),
      offset: seg.offset,
    });
  }

  transactionError(code: TransactionErrorCode, message: string, seg: Segment, element?: number): void {
    this.error(transactionErrorCode(code), message, seg, element);
  }
}

/** Opens a set at its ST; `group.setNumbers` catches a reused ST02 (AK502 23). */
export function openSet(
  interchange: InterchangeHeader,
  group: { header: GroupHeader; setNumbers: Set<string> },
  st: Segment,
): OpenSet {
  const type = st.elements[1] ?? '';
  const controlNumber = st.elements[2] ?? '';
  const reference = st.elements[3];
  st.position = 1;
  // The segment list comes from Array.of, not an array literal: a literal has a V8 allocation site, and when
  // a caller keeps every set (the collector does) V8 starts allocating that site's arrays in old space. Each
  // list then pins its young segments through scavenges long after the set drops it, and a 200 MB file
  // promoted ~150 MB of dead segments per full GC (2.5× the time, 2× the peak RSS).
  const open = new OpenSet({
    interchange,
    group: group.header,
    type,
    controlNumber,
    ...(reference ? { implementationReference: reference } : {}),
    segments: Array.of(st),
    diagnostics: [],
  });
  // ST01 is an ID 3/3 (143), ST02 an AN 4/9 (329).
  if (!/^\d{3}$/.test(type))
    open.transactionError('6', `ST01 "${type}" is not a transaction set identifier`, st, 1);
  if (!/^[\u0021-\u007e]{4,9}$/.test(controlNumber)) {
    open.transactionError('7', `ST02 "${controlNumber}" is not a 4-9 character control number`, st, 2);
  } else if (group.setNumbers.has(controlNumber)) {
    open.transactionError(
      '23',
      `ST02 ${controlNumber} is used twice in group ${group.header.controlNumber}`,
      st,
      2,
    );
  }
  group.setNumbers.add(controlNumber);
  return open;
}

/** Closes a set at its SE: SE01 must count ST…SE (AK502 4), SE02 must repeat ST02 (AK502 3). */
export function finishSet(open: OpenSet, se: Segment): OpenSet {
  const segments = open.set.segments;
  se.position = segments.length + 1;
  segments.push(se);
  const se01 = se.elements[1] ?? '';
  const se02 = se.elements[2] ?? '';
  if (!/^\d{1,10}$/.test(se01) || Number(se01) !== segments.length) {
    open.transactionError('4', `SE01 says "${se01}" segments, the set has ${segments.length}`, se, 1);
  }
  if (se02 !== open.set.controlNumber) {
    open.transactionError('3', `SE02 "${se02}" does not match ST02 "${open.set.controlNumber}"`, se, 2);
  }
  return open;
}

/** Closes a set whose SE never came (AK502 2): the next ST/GE/GS/IEA/ISA or the end of input did. */
export function closeSet(open: OpenSet, by: Segment | undefined): OpenSet {
  const st = open.set.segments[0]!;
  const what = by === undefined ? 'the interchange ended' : `${by.tag} came first`;
  open.set.diagnostics.push({
    severity: 'error',
    code: transactionErrorCode('2'),
    message: `SE missing: set ${open.set.controlNumber} has no trailer (${what})`,
    transaction: open.set.controlNumber,
    segment: 'ST',
    segmentPosition: 1,
    offset: st.offset,
  });
  return open;
}

import type { Diagnostic } from '../core/diagnostic.ts';
import type { GroupHeader, InterchangeHeader, Segment, TransactionSet } from './types.ts';

/** An ISA was read; its delimiters are known. Findings about it arrive with `interchange-end`. */
export interface InterchangeStartEvent {
  kind: 'interchange-start';
  header: InterchangeHeader;
}

/** A GS was read inside an interchange. */
export interface GroupStartEvent {
  kind: 'group-start';
  interchange: InterchangeHeader;
  header: GroupHeader;
}

/** One complete (or forcibly closed) ST…SE set with its envelope findings in `set.diagnostics`. */
export interface TransactionEvent {
  kind: 'transaction';
  set: TransactionSet;
}

/** GE read, or the group was closed by a GS/IEA/ISA/end of input (then `x12.group.3`). */
export interface GroupEndEvent {
  kind: 'group-end';
  interchange: InterchangeHeader;
  group: GroupHeader;
  /** GE01 when sent as a number. */
  declaredCount?: number;
  /** ST segments seen in the group. */
  actualCount: number;
  diagnostics: Diagnostic[];
  trailer?: Segment;
}

/** IEA read, or the interchange was closed by the next ISA/end of input (then `x12.interchange.023`). */
export interface InterchangeEndEvent {
  kind: 'interchange-end';
  header: InterchangeHeader;
  /** IEA01 when sent as a number. */
  declaredGroupCount?: number;
  groupCount: number;
  /** Everything about the interchange envelope: ISA field values, delimiters, IEA, deviations. */
  diagnostics: Diagnostic[];
  trailer?: Segment;
  /** ISB/ISE/TA1 segments sent between ISA and the first GS (X12.5 interchange-level segments). */
  controlSegments: Segment[];
}

/**
 * Data the reader could not place in a transaction set: input that is not X12, text outside any
 * interchange, segments outside a group or set, an ISA that cannot be read. `interchange`/`group` say
 * which envelope was open, so a caller can attribute the finding.
 */
export interface ErrorEvent {
  kind: 'error';
  diagnostics: Diagnostic[];
  offset: number;
  interchange?: InterchangeHeader;
  group?: GroupHeader;
}

export type X12Event =
  | InterchangeStartEvent
  | GroupStartEvent
  | TransactionEvent
  | GroupEndEvent
  | InterchangeEndEvent
  | ErrorEvent;

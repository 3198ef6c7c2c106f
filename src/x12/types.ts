import type { Diagnostic } from '../core/diagnostic.ts';

/** Delimiters of one interchange, read from its ISA (ISA is fixed: byte 3 is the element separator). */
export interface Delimiters {
  element: string;
  /**
   * The bare terminator: one character, possibly non-ASCII (U+2026 is 3 bytes in UTF-8) or a line break.
   * Line breaks and indentation after it ("~\r\n  ") are cosmetic and not part of it.
   */
  segment: string;
  /** ISA16; '' when the partner left ISA16 out (reported as TA105 027), so nothing is split into components. */
  component: string;
  /**
   * ISA11 from version 00402 on, where X12.5 made it the repetition separator (so 004030 and 004060 files
   * have one too); undefined in older versions, where ISA11 is the standards id "U", or when unusable.
   */
  repetition?: string;
}

/**
 * One segment. `elements[0]` is the segment id and `elements[n]` is element n (X12 numbering: BEG03 is
 * `elements[3]`), so code reads like the implementation guide. Components and repetitions stay joined;
 * split them with the helpers in `segment.ts` when the guide says an element is composite.
 */
export interface Segment {
  tag: string;
  elements: string[];
  /** 1-based position inside the transaction set counting ST as 1 (what 997 AK3-02 reports); 0 outside one. */
  position: number;
  /** Byte offset of the segment's first character in the input. */
  offset: number;
}

export interface InterchangeHeader {
  /** ISA05/ISA06 and ISA07/ISA08, trimmed. */
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  date: string;
  time: string;
  /** ISA12, e.g. "00401", "00501". */
  version: string;
  /** ISA13, nine digits as sent. */
  controlNumber: string;
  /** ISA14: "1" asks for a TA1. */
  ackRequested: boolean;
  /** ISA15: "P" production, "T" test. */
  usage: string;
  delimiters: Delimiters;
  isa: Segment;
}

export interface GroupHeader {
  /** GS01 functional identifier, e.g. "PO", "PC", "FA". */
  functionalId: string;
  senderId: string;
  receiverId: string;
  date: string;
  time: string;
  /** GS06. */
  controlNumber: string;
  /** GS07, normally "X". */
  agency: string;
  /** GS08, e.g. "004010", "005010X…". */
  version: string;
  gs: Segment;
}

/** One ST…SE transaction set with its envelopes, the unit a streaming reader yields. */
export interface TransactionSet {
  interchange: InterchangeHeader;
  group: GroupHeader;
  /** ST01, e.g. "850". */
  type: string;
  /** ST02. */
  controlNumber: string;
  /** ST03 implementation convention reference (005010+), when sent. */
  implementationReference?: string;
  /** Every segment from ST to SE inclusive, in order. */
  segments: Segment[];
  /** Envelope findings for this transaction (counts, control numbers, syntax) by the reader. */
  diagnostics: Diagnostic[];
}

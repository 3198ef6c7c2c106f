/**
 * Acknowledgments as plain data (JSON-serialisable), so a planned ack can be stored and encoded later.
 * One shape serves 997 and 999: AK3/IK3, AK4/IK4 and AK5/IK5 carry the same information.
 */
import type { Delimiters } from './types.ts';

export type AckType = '997' | '999';
/** AK501/IK501: accepted, accepted with errors noted, rejected. */
export type SetAckStatus = 'A' | 'E' | 'R';
/** AK901: accepted, accepted with errors, partially accepted, rejected. */
export type GroupAckStatus = 'A' | 'E' | 'P' | 'R';
/** TA104: accepted, accepted with errors noted (do not resend), rejected. */
export type InterchangeAckStatus = 'A' | 'E' | 'R';

/** AK4/IK4: one data element in error. */
export interface AckElementError {
  /** AK401/IK401 C030: element position in the segment, component position, repetition (005010). */
  position: number;
  component?: number;
  repetition?: number;
  /** AK402/IK402 data element reference number, when known. */
  reference?: string;
  /** AK403/IK403, a key of ELEMENT_ERRORS. */
  code: string;
  /** AK404/IK404 copy of the bad element (at most 99 characters). */
  badData?: string;
}

/** AK3/IK3: one segment in error, with its element errors. */
export interface AckSegmentError {
  segmentId: string;
  /** Position in the set, ST = 1. */
  position: number;
  /** AK303/IK303 loop identifier, when known. */
  loopId?: string;
  /** AK304/IK304, a key of SEGMENT_ERRORS. */
  code: string;
  /** 999 only: CTX business unit identifier (e.g. the PO number: name "BEG03", reference "4500012345"). */
  context?: { name: string; reference: string };
  elements: AckElementError[];
}

/** AK2…AK5 / AK2…IK5: the response to one transaction set. */
export interface AckTransaction {
  /** ST01, ST02 and ST03 of the set acknowledged. */
  type: string;
  controlNumber: string;
  implementationReference?: string;
  status: SetAckStatus;
  /** AK502–AK506 (TRANSACTION_ERRORS keys), at most five. */
  codes: string[];
  segments: AckSegmentError[];
}

/** One 997 or 999 transaction set answering one functional group. */
export interface FunctionalAck {
  type: AckType;
  /** ST02 of the acknowledgment itself. */
  controlNumber: string;
  /** AK1: GS01, GS06 and GS08 of the group acknowledged. */
  group: { functionalId: string; controlNumber: string; version: string };
  transactions: AckTransaction[];
  /** AK9. */
  status: GroupAckStatus;
  /** AK902 sets included (GE01), AK903 received, AK904 accepted. */
  included: number;
  received: number;
  accepted: number;
  /** AK905–AK909 (GROUP_ERRORS keys), at most five. */
  codes: string[];
}

/** TA1: the interchange acknowledgment. */
export interface Ta1 {
  /** TA101–TA103: ISA13, ISA09 and ISA10 of the interchange acknowledged. */
  controlNumber: string;
  date: string;
  time: string;
  status: InterchangeAckStatus;
  /** TA105, a key of INTERCHANGE_NOTES ("000" when there is nothing to note). */
  note: string;
}

/** A functional group of acknowledgments (GS01 "FA"). */
export interface AckGroup {
  senderId: string;
  receiverId: string;
  controlNumber: number;
  /** GS08, e.g. "004010" for a 997, "005010X231A1" for a 999. */
  version: string;
  acks: FunctionalAck[];
}

/** One outbound interchange answering one inbound interchange: an optional TA1 and FA groups. */
export interface AckInterchange {
  sender: { qualifier: string; id: string };
  receiver: { qualifier: string; id: string };
  controlNumber: number;
  /** CCYYMMDD and HHMM. */
  date: string;
  time: string;
  version: string;
  usage: 'P' | 'T';
  delimiters: Delimiters;
  ta1?: Ta1;
  groups: AckGroup[];
}

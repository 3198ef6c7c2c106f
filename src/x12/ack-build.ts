import type { Diagnostic } from '../core/diagnostic.ts';
import type {
  AckElementError,
  AckSegmentError,
  AckTransaction,
  AckType,
  FunctionalAck,
  GroupAckStatus,
  SetAckStatus,
  Ta1,
} from './ack-types.ts';
import { parseX12DiagnosticCode } from './codes.ts';
import type { GroupResult, InterchangeResult, TransactionResult } from './results.ts';
import { components } from './segment.ts';
import type { GroupHeader } from './types.ts';

/** AK5/IK5 and AK9 carry at most five codes; AK3 loops at most 99 AK4 (X12.6 997/999). */
const MAX_CODES = 5;
const MAX_ELEMENT_ERRORS = 99;

/** 999 when asked, or when the group follows a 005010 implementation guide (GS08 "005010X…"). */
export function chooseAckType(group: GroupHeader, requested: AckType | 'auto' = 'auto'): AckType {
  if (requested !== 'auto') return requested;
  return group.version.startsWith('005010X') ? '999' : '997';
}

function pushCode(codes: string[], code: string): void {
  if (!codes.includes(code) && codes.length < MAX_CODES) codes.push(code);
}

function badData(result: TransactionResult, d: Diagnostic): string | undefined {
  const segment = result.set.segments[d.segmentPosition! - 1];
  if (segment === undefined || segment.tag !== d.segment) return undefined;
  let value = segment.elements[d.element!] ?? '';
  if (d.component !== undefined)
    value = components(value, result.set.interchange.delimiters)[d.component - 1] ?? '';
  return value === '' ? undefined : value.slice(0, 99);
}

/**
 * AK2…AK5 for one set from all its findings (reader's and mapper's). Diagnostics follow the codes.ts
 * convention: `x12.transaction.*` become AK5 codes, `x12.segment.*` an AK3, `x12.element.*` an AK3 "8"
 * with an AK4 (and a copy of the bad value). Status:
 * - R when any finding is an error (whatever its code: a mapping error rejects the set too, with AK5 "5");
 * - E when the only findings in the convention are warnings: the set is accepted and its AK3/AK4 tell the
 *   partner what to fix (X12.6 "accepted but errors were noted");
 * - A otherwise. Warnings outside the convention (`x12.deviation.*`, mapping notes) never show in the ack.
 */
export function transactionResponse(
  result: TransactionResult,
  context?: { name: string; reference: string },
): AckTransaction {
  const codes: string[] = [];
  const segments: AckSegmentError[] = [];
  // by position: a set with a finding on each of 200,000 lines was 40 s of searching a list
  const byPosition = new Map<number, AckSegmentError>();
  const segmentAt = (d: Diagnostic): AckSegmentError => {
    const position = d.segmentPosition!;
    let entry = byPosition.get(position);
    if (entry === undefined) {
      entry = { segmentId: d.segment!, position, code: '8', elements: [], ...(context ? { context } : {}) };
      segments.push(entry);
      byPosition.set(position, entry);
    }
    return entry;
  };
  let rejected = false;
  let segmentErrors = false;
  for (const d of result.diagnostics) {
    const isError = d.severity === 'error';
    const parsed = parseX12DiagnosticCode(d.code);
    rejected ||= isError;
    if (parsed === undefined) {
      if (isError) segmentErrors = true;
      continue;
    }
    const located = d.segment !== undefined && d.segmentPosition !== undefined;
    if (parsed.level === 'transaction') {
      if (isError) pushCode(codes, parsed.code);
    } else if (parsed.level === 'segment' && located) {
      segmentErrors ||= isError;
      const entry = segmentAt(d);
      if (entry.code === '8' && entry.elements.length === 0) entry.code = parsed.code;
    } else if (parsed.level === 'element' && located && d.element !== undefined) {
      segmentErrors ||= isError;
      const entry = segmentAt(d);
      if (entry.elements.length >= MAX_ELEMENT_ERRORS) continue;
      const value = badData(result, d);
      const error: AckElementError = {
        position: d.element,
        ...(d.component === undefined ? {} : { component: d.component }),
        code: parsed.code,
        ...(value === undefined ? {} : { badData: value }),
      };
      entry.elements.push(error);
    } else if (isError && (parsed.level === 'segment' || parsed.level === 'element')) {
      segmentErrors = true;
    }
  }
  // AK502 5: one or more segments in error, whenever the set is not fine for a reason other than its envelope.
  if (segmentErrors || (segments.length > 0 && !rejected)) pushCode(codes, '5');
  const status: SetAckStatus = rejected ? 'R' : segments.length > 0 ? 'E' : 'A';
  const set = result.set;
  return {
    type: set.type,
    controlNumber: set.controlNumber,
    ...(set.implementationReference === undefined
      ? {}
      : { implementationReference: set.implementationReference }),
    status,
    codes: status === 'A' ? [] : codes,
    segments,
  };
}

/** Whether the group envelope itself is rejected (an `x12.group.*` error: AK9 R with that code). */
export function groupCodes(group: GroupResult): string[] {
  const codes: string[] = [];
  for (const d of group.diagnostics) {
    const parsed = parseX12DiagnosticCode(d.code);
    if (d.severity === 'error' && parsed?.level === 'group') pushCode(codes, parsed.code);
  }
  return codes;
}

/**
 * The 997/999 content for one group (AK1…AK9). AK9: R when the group envelope is in error (its codes in
 * AK905+, no set counted as accepted) or every set was rejected; P when some were; E when all were
 * accepted but errors were noted (a set E, or segments outside any set); A otherwise.
 */
export function functionalAck(
  group: GroupResult,
  type: AckType,
  controlNumber: string,
  context?: (result: TransactionResult) => { name: string; reference: string } | undefined,
): FunctionalAck {
  const transactions = group.transactions.map((t) => transactionResponse(t, context?.(t)));
  const codes = groupCodes(group);
  const received = transactions.length;
  const acceptedSets = transactions.filter((t) => t.status !== 'R').length;
  const accepted = codes.length > 0 ? 0 : acceptedSets;
  let status: GroupAckStatus = 'A';
  if (codes.length > 0 || (received > 0 && accepted === 0)) status = 'R';
  else if (accepted < received) status = 'P';
  else if (transactions.some((t) => t.status === 'E') || group.notes.length > 0) status = 'E';
  return {
    type,
    controlNumber,
    group: {
      functionalId: group.header.functionalId,
      controlNumber: group.header.controlNumber,
      version: group.header.version,
    },
    transactions,
    status,
    included: group.declaredCount ?? group.actualCount,
    received,
    accepted,
    codes,
  };
}

/**
 * TA1 for an interchange: R with the first `x12.interchange.*` error (the whole interchange is rejected
 * and must be resent); E when only warnings in that convention were found or content outside any group was
 * skipped (accepted: resending would duplicate what was processed); A with note 000 otherwise.
 */
export function interchangeAck(interchange: InterchangeResult): Ta1 {
  const { header } = interchange;
  const base = { controlNumber: header.controlNumber, date: header.date, time: header.time };
  const first = (severity: Diagnostic['severity'], list: Diagnostic[]) =>
    list
      .map((d) => (d.severity === severity ? parseX12DiagnosticCode(d.code) : undefined))
      .find((p) => p?.level === 'interchange');
  const error = first('error', interchange.diagnostics);
  if (error !== undefined) return { ...base, status: 'R', note: error.code };
  const noted = first('error', interchange.notes) ?? first('warning', interchange.diagnostics);
  if (noted !== undefined) return { ...base, status: 'E', note: noted.code };
  return { ...base, status: 'A', note: '000' };
}

/** The verdict for one set, envelopes included: what the gateway should do with the order it carries. */
export function transactionStatus(
  interchange: InterchangeResult,
  group: GroupResult,
  result: TransactionResult,
): SetAckStatus {
  if (interchangeAck(interchange).status === 'R' || groupCodes(group).length > 0) return 'R';
  return transactionResponse(result).status;
}

import { append } from '../core/append.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import { toGatewayErrorShape } from '../core/errors.ts';
import type { AckElementError, AckInterchange, AckTransaction, FunctionalAck, Ta1 } from './ack-types.ts';
import type { Delimiters } from './types.ts';
import { type SegmentData, type SerializeOptions, writeInterchange } from './writer.ts';

/** Elements added in 005010: AK103/AK203 in the 997 and the repetition position in AK401 (C030-03). */
function is5010(version: string): boolean {
  return version.slice(0, 6) >= '005010';
}

/**
 * Values we echo (AK404 bad data, AK1/AK2/AK3/TA1 copies of what was received) may not hold our delimiters
 * nor control characters (outside the X12 character sets: the reason an AK4 code 6 was sent); they are for
 * the partner to recognise, so those are blanked out rather than failing the ack.
 */
function clean(value: string, delimiters: Delimiters): string {
  let out = value.replace(/[^\u0020-\u007e\u00a0-\uffff]/g, ' ');
  for (const d of [
    delimiters.element,
    delimiters.segment,
    delimiters.component,
    delimiters.repetition ?? '',
  ]) {
    if (d !== '') out = out.split(d).join(' ');
  }
  return out.slice(0, 99);
}

function elementPosition(error: AckElementError, v5010: boolean): string[] {
  const position = [String(error.position)];
  if (error.component !== undefined || (v5010 && error.repetition !== undefined)) {
    position.push(error.component === undefined ? '' : String(error.component));
  }
  if (v5010 && error.repetition !== undefined) position.push(String(error.repetition));
  return position;
}

function transactionSegments(t: AckTransaction, ack: FunctionalAck, version: string, delimiters: Delimiters) {
  const v5010 = is5010(version);
  const is999 = ack.type === '999';
  const echo = (value: string) => clean(value, delimiters);
  const out: SegmentData[] = [
    ['AK2', echo(t.type), echo(t.controlNumber), v5010 ? echo(t.implementationReference ?? '') : ''],
  ];
  for (const s of t.segments) {
    out.push([is999 ? 'IK3' : 'AK3', echo(s.segmentId), String(s.position), s.loopId ?? '', s.code]);
    // 999 2100 loop: CTX business unit identifier (C998: context name, reference) follows IK3.
    if (is999 && s.context !== undefined)
      out.push(['CTX', [s.context.name, clean(s.context.reference, delimiters)]]);
    for (const e of s.elements) {
      out.push([
        is999 ? 'IK4' : 'AK4',
        elementPosition(e, v5010),
        e.reference ?? '',
        e.code,
        e.badData === undefined ? '' : clean(e.badData, delimiters),
      ]);
    }
  }
  out.push([is999 ? 'IK5' : 'AK5', t.status, ...t.codes]);
  return out;
}

/** The segments between ST and SE of a 997 or 999 (AK1, AK2 loops, AK9). */
export function functionalAckBody(
  ack: FunctionalAck,
  version: string,
  delimiters: Delimiters,
): SegmentData[] {
  const v5010 = is5010(version);
  const echo = (value: string) => clean(value, delimiters);
  const body: SegmentData[] = [
    [
      'AK1',
      echo(ack.group.functionalId),
      echo(ack.group.controlNumber),
      v5010 ? echo(ack.group.version) : '',
    ],
  ];
  for (const t of ack.transactions) append(body, transactionSegments(t, ack, version, delimiters));
  body.push([
    'AK9',
    ack.status,
    String(ack.included),
    String(ack.received),
    String(ack.accepted),
    ...ack.codes,
  ]);
  return body;
}

/** TA1 segment: TA101 ISA13, TA102 date, TA103 time, TA104 status, TA105 note code. */
export function ta1Segment(ta1: Ta1, delimiters: Delimiters): SegmentData {
  const echo = (value: string) => clean(value, delimiters);
  return ['TA1', echo(ta1.controlNumber), echo(ta1.date), echo(ta1.time), ta1.status, ta1.note];
}

/** Encodes a planned acknowledgment interchange (TA1 first, then the FA groups) to X12 text. */
export function encodeAckInterchange(plan: AckInterchange, options: SerializeOptions = {}): string {
  return writeInterchange({
    sender: plan.sender,
    receiver: plan.receiver,
    controlNumber: plan.controlNumber,
    date: plan.date,
    time: plan.time,
    version: plan.version,
    usage: plan.usage,
    ackRequested: false,
    delimiters: plan.delimiters,
    ...(options.newline === undefined ? {} : { newline: options.newline }),
    segments: plan.ta1 === undefined ? [] : [ta1Segment(plan.ta1, plan.delimiters)],
    groups: plan.groups.map((group) => ({
      functionalId: 'FA',
      senderId: group.senderId,
      receiverId: group.receiverId,
      controlNumber: group.controlNumber,
      version: group.version,
      transactions: group.acks.map((ack) => ({
        type: ack.type,
        controlNumber: ack.controlNumber,
        // ST03 names the implementation guide in 005010 (required in the 999).
        ...(ack.type === '999' || is5010(group.version) ? { implementationReference: group.version } : {}),
        body: functionalAckBody(ack, group.version, plan.delimiters),
      })),
    })),
  });
}

/** The document type a plan is stored under: the functional ack type, or "TA1" when it holds only a TA1. */
export function ackDocumentType(plan: AckInterchange): '997' | '999' | 'TA1' {
  return plan.groups[0]?.acks[0]?.type ?? 'TA1';
}

/**
 * The plan as X12 text, or why it cannot be written. An answer is addressed with what the partner sent
 * (ISA05/ISA06 become our ISA07/ISA08, GS02/GS03 are swapped, AK1/AK2 repeat control numbers); a value no
 * ISA or GS can hold (an ID longer than ISA06's 15 characters, one holding a delimiter) leaves nothing that
 * could be sent. That is a finding about the inbound (`x12.ack.unwritable`), for the caller to report
 * instead of failing the message; any other error is thrown.
 */
export function tryEncodeAck(
  plan: AckInterchange,
  options: SerializeOptions = {},
): { text: string } | { problem: Diagnostic } {
  try {
    return { text: encodeAckInterchange(plan, options) };
  } catch (error) {
    const shape = toGatewayErrorShape(error);
    if (!shape.code.startsWith('x12.writer.')) throw error;
    const to = `${plan.receiver.qualifier.trim()}:${plan.receiver.id.trim()}`;
    const message = `no ${ackDocumentType(plan)} can be sent to ${to}: ${shape.message}`;
    return { problem: { severity: 'error', code: 'x12.ack.unwritable', message } };
  }
}

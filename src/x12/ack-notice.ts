import type { InterchangeNoteCode } from '../core/x12-code-lists.ts';
import { mirrorDelimiters } from './ack-plan.ts';
import type { AckInterchange, InterchangeAckStatus } from './ack-types.ts';
import { x12DateTime } from './datetime.ts';
import type { Delimiters, InterchangeHeader } from './types.ts';

/**
 * An interchange holding only a TA1 about `header`, addressed back to its sender: the answer for an
 * interchange the gateway will not process at all, e.g. a duplicate (note 025) or an unknown sender (006).
 */
export async function planInterchangeNotice(
  header: InterchangeHeader,
  notice: { status: InterchangeAckStatus; note: InterchangeNoteCode },
  options: {
    now: Date;
    allocate: (kind: 'interchange') => number | Promise<number>;
    usage?: 'P' | 'T';
    /** The partner's own delimiters; default: mirror the inbound interchange. */
    delimiters?: Delimiters;
  },
): Promise<AckInterchange> {
  const version = /^00[2-8]\d\d$/.test(header.version) ? header.version : '00401';
  const { date, time } = x12DateTime(options.now);
  return {
    sender: { qualifier: header.receiverQualifier, id: header.receiverId },
    receiver: { qualifier: header.senderQualifier, id: header.senderId },
    controlNumber: await options.allocate('interchange'),
    date,
    time,
    version,
    usage: options.usage ?? (header.usage === 'P' ? 'P' : 'T'),
    delimiters: mirrorDelimiters(options.delimiters ?? header.delimiters, version),
    ta1: {
      controlNumber: header.controlNumber,
      date: header.date,
      time: header.time,
      status: notice.status,
      note: notice.note,
    },
    groups: [],
  };
}

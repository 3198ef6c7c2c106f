import type { Diagnostic } from '../../src/core/diagnostic.ts';
import type { PartnerSettings } from '../../src/core/partner.ts';
import { planInterchangeNotice } from '../../src/x12/ack-notice.ts';
import { type AckPlanOptions, ackOptionsFor, planAcknowledgments } from '../../src/x12/ack-plan.ts';
import type { AckInterchange } from '../../src/x12/ack-types.ts';
import type { InterchangeResult } from '../../src/x12/results.ts';
import type { InterchangeHeader } from '../../src/x12/types.ts';
import { senderKey } from './decode.ts';

/** The partner settings an answer depends on. */
export type X12AnswerSettings = Pick<PartnerSettings, 'ack' | 'usage' | 'x12Delimiters'>;

/** What the gateway made of one interchange, which decides how it is answered. */
export type InterchangeVerdict =
  /** No partner of ours sent it (unknown sender, or another partner's sender): held, not processed. */
  | { kind: 'held' }
  /** Processed before (within the partner's duplicate window) and answered with a TA1 this time. */
  | { kind: 'duplicate'; settings: X12AnswerSettings }
  /** Processed now: its sets were read, checked and mapped. */
  | { kind: 'processed'; settings: X12AnswerSettings };

/**
 * The one X12 answer planner, used by the pipeline's decode stage and by `ordergate translate`, so that what
 * `translate` prints is what the gateway would send: a held interchange gets a TA1 with note 006 (the sender
 * is not one we trade with), a duplicate a TA1 with note 025, a processed one its 997/999 (and TA1 when asked
 * for or rejected) per the partner's `ack` setting, in the partner's own delimiters. Control numbers come from
 * `allocate`: the caller's counter (the partner's, or one per unknown sender).
 */
export async function planX12Answers(
  interchange: InterchangeResult,
  verdict: InterchangeVerdict,
  options: Pick<AckPlanOptions, 'now' | 'allocate'>,
): Promise<AckInterchange[]> {
  const { header } = interchange;
  if (verdict.kind === 'held')
    return [await planInterchangeNotice(header, { status: 'R', note: '006' }, options)];
  const { settings } = verdict;
  const delimiters = settings.x12Delimiters ? { delimiters: settings.x12Delimiters } : {};
  if (verdict.kind === 'duplicate')
    return [
      await planInterchangeNotice(
        header,
        { status: 'R', note: '025' },
        { ...options, ...delimiters, ...(settings.usage && { usage: settings.usage }) },
      ),
    ];
  return planAcknowledgments(
    { interchanges: [interchange], errors: [] },
    // the partner's guide's delimiters for everything we send it, else the ones it sent
    { ...options, ...ackOptionsFor(settings.ack), ...delimiters },
  );
}

/**
 * What the sender of a held interchange is told (in the message's diagnostics, beside its TA1 006). The same
 * words whether nobody trades under that ID or another partner does: a partner's key must not be able to
 * probe which IDs other partners use.
 */
export function unknownSender(header: InterchangeHeader): Diagnostic {
  return {
    severity: 'error',
    code: 'x12.unknown_sender',
    message: `interchange ${header.controlNumber}: sender ${senderKey(header)} is not a known partner's X12 identifier; held for an operator`,
  };
}

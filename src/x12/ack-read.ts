import { append } from '../core/append.ts';
import type { Diagnostic } from '../core/diagnostic.ts';
import type { SegmentErrorCode } from '../core/x12-code-lists.ts';
import { ACK_SEGMENT_RULES, checkAckSegment } from './ack-rules.ts';
import type {
  AckSegmentError,
  AckTransaction,
  AckType,
  FunctionalAck,
  GroupAckStatus,
  SetAckStatus,
} from './ack-types.ts';
import { segmentErrorCode } from './codes.ts';
import { components } from './segment.ts';
import type { Segment, TransactionSet } from './types.ts';

type State = 'start' | 'group' | 'set' | 'segment' | 'closed' | 'end';

const number = (value: string | undefined) => (/^\d+$/.test(value ?? '') ? Number(value) : 0);
const codesFrom = (seg: Segment, from: number) => seg.elements.slice(from).filter((code) => code !== '');

/**
 * Reads a received 997 or 999 (a partner acknowledging what we sent) into the same structure we send,
 * checking the segment order (ST AK1 (AK2 (AK3|IK3 CTX* (AK4|IK4 CTX*)*)* AK5|IK5)* AK9 SE) and element
 * syntax. Findings use the codes.ts convention, so a broken ack can itself be answered with a 997.
 */
export function readFunctionalAck(set: TransactionSet): { ack: FunctionalAck; diagnostics: Diagnostic[] } {
  const type: AckType = set.type === '999' ? '999' : '997';
  const family = type === '999' ? 'IK' : 'AK';
  const { delimiters } = set.interchange;
  const diagnostics: Diagnostic[] = [];
  const ack: FunctionalAck = {
    type,
    controlNumber: set.controlNumber,
    group: { functionalId: '', controlNumber: '', version: '' },
    transactions: [],
    status: 'A',
    included: 0,
    received: 0,
    accepted: 0,
    codes: [],
  };
  const segmentProblem = (code: SegmentErrorCode, seg: Segment, message: string, id = seg.tag) =>
    diagnostics.push({
      severity: 'error',
      code: segmentErrorCode(code),
      message,
      transaction: set.controlNumber,
      segment: id,
      segmentPosition: seg.position,
      offset: seg.offset,
    });
  let state: State = 'start';
  let current: AckTransaction | undefined;
  let segmentError: AckSegmentError | undefined;
  const body = set.segments.slice(1, set.segments.at(-1)?.tag === 'SE' ? -1 : undefined);
  for (const seg of body) {
    const tag = seg.tag;
    const generic = tag.startsWith('IK') || tag.startsWith('AK') ? `AK${tag.slice(2)}` : tag;
    const rules = ACK_SEGMENT_RULES[tag];
    if (rules === undefined || (/^[AI]K[345]$/.test(tag) && !tag.startsWith(family))) {
      segmentProblem('2', seg, `${tag} does not belong in a ${type}`);
      continue;
    }
    append(diagnostics, checkAckSegment(seg, rules, delimiters, set.controlNumber));
    const e = seg.elements;
    const outOfOrder = () => segmentProblem('7', seg, `${tag} is out of sequence`);
    if (generic === 'AK5' || generic === 'AK9' || generic === 'AK2') {
      if ((state === 'set' || state === 'segment') && generic !== 'AK5') {
        segmentProblem('3', seg, `${family}5 missing before ${tag}`, `${family}5`);
        state = 'closed';
      }
    }
    switch (generic) {
      case 'AK1':
        if (state !== 'start') {
          outOfOrder();
          break;
        }
        ack.group = { functionalId: e[1] ?? '', controlNumber: e[2] ?? '', version: e[3] ?? '' };
        state = 'group';
        break;
      case 'AK2':
        if (state !== 'group' && state !== 'closed') {
          outOfOrder();
          break;
        }
        current = { type: e[1] ?? '', controlNumber: e[2] ?? '', status: 'A', codes: [], segments: [] };
        if (e[3]) current.implementationReference = e[3];
        ack.transactions.push(current);
        state = 'set';
        break;
      case 'AK3':
        if (current === undefined || (state !== 'set' && state !== 'segment')) {
          outOfOrder();
          break;
        }
        segmentError = { segmentId: e[1] ?? '', position: number(e[2]), code: e[4] ?? '', elements: [] };
        if (e[3]) segmentError.loopId = e[3];
        current.segments.push(segmentError);
        state = 'segment';
        break;
      case 'AK4': {
        if (segmentError === undefined || state !== 'segment') {
          outOfOrder();
          break;
        }
        const [position, component, repetition] = components(e[1] ?? '', delimiters);
        segmentError.elements.push({
          position: number(position),
          ...(component ? { component: number(component) } : {}),
          ...(repetition ? { repetition: number(repetition) } : {}),
          ...(e[2] ? { reference: e[2] } : {}),
          code: e[3] ?? '',
          ...(e[4] ? { badData: e[4] } : {}),
        });
        break;
      }
      case 'CTX':
        if (state !== 'set' && state !== 'segment') outOfOrder();
        else if (segmentError !== undefined && state === 'segment' && segmentError.context === undefined) {
          const [name, reference] = components(e[1] ?? '', delimiters);
          segmentError.context = { name: name ?? '', reference: reference ?? '' };
        }
        break;
      case 'AK5':
        if (current === undefined || (state !== 'set' && state !== 'segment')) {
          outOfOrder();
          break;
        }
        current.status = (e[1] ?? '') as SetAckStatus;
        current.codes = codesFrom(seg, 2);
        segmentError = undefined;
        state = 'closed';
        break;
      case 'AK9':
        if (state !== 'group' && state !== 'closed') {
          outOfOrder();
          break;
        }
        ack.status = (e[1] ?? '') as GroupAckStatus;
        ack.included = number(e[2]);
        ack.received = number(e[3]);
        ack.accepted = number(e[4]);
        ack.codes = codesFrom(seg, 5);
        state = 'end';
        break;
    }
  }
  const trailer = set.segments.at(-1)!;
  if (state === 'start') segmentProblem('3', body[0] ?? trailer, 'AK1 missing', 'AK1');
  if (state !== 'end') segmentProblem('3', trailer, 'AK9 missing', 'AK9');
  return { ack, diagnostics };
}

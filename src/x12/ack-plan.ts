import { chooseAckType, functionalAck, interchangeAck } from './ack-build.ts';
import type { AckGroup, AckInterchange, AckType, FunctionalAck } from './ack-types.ts';
import { x12DateTime } from './datetime.ts';
import type { InterchangeResult, TransactionResult, X12Results } from './results.ts';
import type { Delimiters, GroupHeader } from './types.ts';

/** GS08 of a 999 (ASC X12C/005010X231A1, the implementation acknowledgment guide). */
export const ACK_999_VERSION = '005010X231A1';

export interface AckPlanOptions {
  /** The clock (ISA09/ISA10, GS04/GS05 of the acknowledgment). */
  now: Date;
  /** Control numbers from the partner's counter (ISA13, GS06, ST02 of what we send). */
  allocate: (kind: 'interchange' | 'group' | 'transaction') => number | Promise<number>;
  /** 997, 999, or "auto" (999 for GS08 005010X…); default "auto". */
  type?: AckType | 'auto';
  /** Send 997/999 at all (a partner may not want them); default true. */
  functional?: boolean;
  /** TA1: "auto" = when ISA14 asks for one or the interchange has findings; default "auto". */
  ta1?: 'auto' | 'always' | 'never';
  /**
   * The partner's own delimiters (its agreement's `x12Delimiters`), completed for the acknowledgment's
   * version like the inbound ones; default: mirror the inbound interchange.
   */
  delimiters?: Delimiters;
  /** ISA12 of the acknowledgment; default: 00501 when it holds a 999, else the inbound ISA12. */
  interchangeVersion?: string;
  /** 999 CTX business unit per set (e.g. the PO number), when the caller knows one. */
  context?: (result: TransactionResult) => { name: string; reference: string } | undefined;
}

/**
 * The plan options a partner's `ack` setting asks for. "997" is every X12 partner's default, so it does not
 * force a 997 on a group that follows a 005010X implementation guide: such groups get the 999 their guide
 * requires; "999" asks for 999s for every group; "none" for no functional acknowledgment (a TA1 still goes
 * out when the interchange asks for one or is rejected).
 */
export function ackOptionsFor(
  setting: '997' | '999' | 'none' | undefined,
): Pick<AckPlanOptions, 'type' | 'functional'> {
  if (setting === 'none') return { functional: false };
  return { type: setting === '999' ? '999' : 'auto' };
}

const COMPONENT_CANDIDATES = ['>', ':', '^', '|', '{', '`', '@', '!', '~'];
const REPETITION_CANDIDATES = ['^', '|', '{', '`', '@', '!', '>', ':', '~'];

/**
 * Delimiters we write are ASCII: answers are stored and sent one byte per character, so a non-ASCII one (a
 * partner's 0xA7, or a UTF-8 "§") could not be written back as the bytes the partner sent.
 */
const singleByte = (d: string | undefined) => d !== undefined && d.length === 1 && d.charCodeAt(0) < 0x80;
const usable = (d: string) => d !== '' && !/[A-Za-z0-9 \t]/.test(d);

/**
 * The inbound delimiters, completing ISA16/ISA11 when the inbound lacked them and `version` needs them.
 * When the inbound element separator or terminator cannot be written back (not ASCII, or the interchange
 * was unreadable because of them), "*", "~" and ">" are used instead.
 */
export function mirrorDelimiters(inbound: Delimiters, version: string): Delimiters {
  const writable =
    singleByte(inbound.element) &&
    usable(inbound.element) &&
    singleByte(inbound.segment) &&
    usable(inbound.segment) &&
    inbound.segment !== inbound.element;
  if (!writable) return mirrorDelimiters({ element: '*', component: '>', segment: '~' }, version);
  const used = [inbound.element, inbound.segment];
  const pick = (candidates: string[]) => candidates.find((c) => !used.includes(c))!;
  // a line break inside the ISA reads as its end: never a component or repetition separator, nor one in use
  const keep = (d: string | undefined): d is string =>
    d !== undefined && singleByte(d) && usable(d) && d !== '\r' && d !== '\n' && !used.includes(d);
  const component = keep(inbound.component) ? inbound.component : pick(COMPONENT_CANDIDATES);
  used.push(component);
  if (Number(version) < 402) return { element: inbound.element, segment: inbound.segment, component };
  const repetition = keep(inbound.repetition) ? inbound.repetition : pick(REPETITION_CANDIDATES);
  return { element: inbound.element, segment: inbound.segment, component, repetition };
}

/** GS08 of a 997: the inbound group's version without an implementation suffix ("005010X222" → "005010"). */
function version997(group: GroupHeader): string {
  if (/^\d{6}X/.test(group.version)) return group.version.slice(0, 6);
  return group.version === '' ? '004010' : group.version;
}

function interchangeVersion(inbound: string, has999: boolean, override: string | undefined): string {
  if (override !== undefined) return override;
  if (has999) return '00501';
  return /^00[2-8]\d\d$/.test(inbound) ? inbound : '00401';
}

/**
 * Plans what to send back for each inbound interchange: one outbound interchange (addressed back, sender
 * and receiver swapped) holding a TA1 when due and one 997/999 per functional group. A rejected
 * interchange (TA1 R) gets only its TA1; FA groups (acknowledgments) are never acknowledged. Interchanges
 * needing nothing are left out. The result is plain data for `encodeAckInterchange`.
 */
export async function planAcknowledgments(
  results: X12Results,
  options: AckPlanOptions,
): Promise<AckInterchange[]> {
  const plans: AckInterchange[] = [];
  for (const interchange of results.interchanges) {
    const plan = await planOne(interchange, options);
    if (plan !== undefined) plans.push(plan);
  }
  return plans;
}

async function planOne(
  interchange: InterchangeResult,
  options: AckPlanOptions,
): Promise<AckInterchange | undefined> {
  const { header } = interchange;
  const ta1 = interchangeAck(interchange);
  const ta1Mode = options.ta1 ?? 'auto';
  const sendTa1 = ta1Mode === 'always' || (ta1Mode === 'auto' && (header.ackRequested || ta1.status !== 'A'));
  const pending: {
    key: string;
    header: GroupHeader;
    type: AckType;
    group: InterchangeResult['groups'][number];
  }[] = [];
  if (ta1.status !== 'R' && options.functional !== false) {
    for (const group of interchange.groups) {
      if (group.header.functionalId === 'FA') continue;
      const type = chooseAckType(group.header, options.type ?? 'auto');
      const version = type === '999' ? ACK_999_VERSION : version997(group.header);
      // GS02/GS03 swapped: one FA group per (version, sender, receiver)
      pending.push({
        key: `${version}\u0000${group.header.receiverId}\u0000${group.header.senderId}`,
        header: group.header,
        type,
        group,
      });
    }
  }
  if (!sendTa1 && pending.length === 0) return undefined;
  const version = interchangeVersion(
    header.version,
    pending.some((p) => p.type === '999'),
    options.interchangeVersion,
  );
  const { date, time } = x12DateTime(options.now);
  const controlNumber = await options.allocate('interchange');
  const groups = new Map<string, AckGroup>();
  for (const { key, header: inbound, type, group } of pending) {
    let ackGroup = groups.get(key);
    if (ackGroup === undefined) {
      ackGroup = {
        senderId: inbound.receiverId,
        receiverId: inbound.senderId,
        controlNumber: await options.allocate('group'),
        version: type === '999' ? ACK_999_VERSION : version997(inbound),
        acks: [],
      };
      groups.set(key, ackGroup);
    }
    const st02 = String(await options.allocate('transaction')).padStart(4, '0');
    const ack: FunctionalAck = functionalAck(group, type, st02, options.context);
    ackGroup.acks.push(ack);
  }
  return {
    sender: { qualifier: header.receiverQualifier, id: header.receiverId },
    receiver: { qualifier: header.senderQualifier, id: header.senderId },
    controlNumber,
    date,
    time,
    version,
    usage: header.usage === 'P' ? 'P' : 'T',
    delimiters: mirrorDelimiters(options.delimiters ?? header.delimiters, version),
    ...(sendTa1 ? { ta1 } : {}),
    groups: [...groups.values()],
  };
}

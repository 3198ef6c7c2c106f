import { z } from 'zod';
import { encode810 } from '../../../connectors/x12/encode-810.ts';
import { encode855 } from '../../../connectors/x12/encode-855.ts';
import { encode856 } from '../../../connectors/x12/encode-856.ts';
import { encode865 } from '../../../connectors/x12/encode-865.ts';
import { Acknowledgment, ChangeAcknowledgment, Invoice, Shipment } from '../../core/documents.ts';
import { permanent } from '../../core/errors.ts';
import type { Order } from '../../core/order.ts';
import type { PartnerSettings, ResolvedPartnerSettings } from '../../core/partner.ts';
import type { OutboundAgreement } from '../../partners/outbound-agreement.ts';
import { mirrorDelimiters } from '../../x12/ack-plan.ts';
import { cleanFreeText, type FreeTextChange } from '../../x12/free-text.ts';
import type { Delimiters } from '../../x12/types.ts';
import { type GroupInput, type SegmentData, writeInterchange } from '../../x12/writer.ts';

/** The GS08 version our documents follow unless the partner's agreement names another. */
export type OutboundVersion = '004010' | '005010';

export interface OutboundBody {
  /** GS01 of the group the set goes into. */
  functionalId: string;
  /** ST01. */
  type: string;
  body: SegmentData[];
}

/**
 * The X12 transaction set body for a requested outbound document, from its canonical content (validated here:
 * it was stored as JSON) and the order it answers. One entry per document type. An 865 answers a change order
 * applied to the order it names (`orderId`, the original, as the change left it), like the 855 of that order.
 */
export function outboundBody(
  document: { type: string; content: unknown },
  orders: Order[],
  context: {
    version: OutboundVersion;
    today: string;
    time: string;
    /** The partner's outbound mappings (its choices of qualifiers, segments, hierarchy code …). */
    mappings: OutboundAgreement['outbound'];
  },
): OutboundBody {
  const order = orders[0]!;
  switch (document.type) {
    case '855':
      return {
        functionalId: 'PR',
        type: '855',
        body: encode855({
          acknowledgment: Acknowledgment.parse(document.content),
          order,
          ackDate: context.today,
          version: context.version,
          mapping: context.mappings['855'],
        }),
      };
    case '865':
      return {
        // GS01 CA: Purchase Order Change Acknowledgment/Request - Seller Initiated
        functionalId: 'CA',
        type: '865',
        body: encode865({
          acknowledgment: ChangeAcknowledgment.parse(document.content),
          order,
          ackDate: context.today,
          version: context.version,
          mapping: context.mappings['865'],
        }),
      };
    case '810':
      return {
        functionalId: 'IN',
        type: '810',
        body: encode810({
          invoice: Invoice.parse(document.content),
          order,
          version: context.version,
          mapping: context.mappings['810'],
        }),
      };
    case '856': {
      const request = ShipmentRequest.parse(document.content);
      return {
        functionalId: 'SH',
        type: '856',
        body: encode856({
          shipment: request.shipment,
          orders,
          shape: request.shape,
          version: context.version,
          shipmentId: request.shipmentId,
          noticeTime: context.time,
          mapping: context.mappings['856'],
        }),
      };
    }
    default:
      throw permanent('outbound.type_unsupported', `no X12 encoder for ${document.type} documents`);
  }
}

/** What an 856 document holds: the shipment, the hierarchy shape the partner wants, and BSN02. */
export const ShipmentRequest = z.object({
  shipment: Shipment,
  shape: z.enum(['SOI', 'SOPI', 'SOTPI']),
  shipmentId: z.string().min(2).max(30),
});
export type ShipmentRequest = z.infer<typeof ShipmentRequest>;

/** The orders a document is about: an 856 may ship several, the others answer one. */
export function documentOrderIds(document: {
  type: string;
  content: unknown;
  orderId: string | null;
}): string[] {
  if (document.type === '856') return ShipmentRequest.parse(document.content).shipment.orderIds;
  return document.orderId ? [document.orderId] : [];
}

/** An X12 party "qualifier:id" as orders record their interchange's sender and receiver. */
export function parseParty(value: string | undefined): { qualifier: string; id: string } | undefined {
  const match = value === undefined ? null : /^([^:]{1,2}):(.+)$/.exec(value);
  return match ? { qualifier: match[1]!, id: match[2]!.trim() } : undefined;
}

/**
 * The delimiters of the interchanges we send a partner: its `x12Delimiters`, else `*` `~` `>`; in 005010 a
 * repetition separator too (its own, else the first of `^` `|` `{` … it does not already use), as the
 * acknowledgments complete theirs.
 */
export function outboundDelimiters(settings: PartnerSettings, version: OutboundVersion): Delimiters {
  const chosen = settings.x12Delimiters ?? { element: '*', segment: '~', component: '>' };
  return mirrorDelimiters(chosen, version === '005010' ? '00501' : '00401');
}

/** How the documents we send a partner are written: the release (GS08) and the delimiters. */
export interface OutboundSyntax {
  version: OutboundVersion;
  delimiters: Delimiters;
}

/** The partner's {@link OutboundSyntax}; for a partner unknown here, 004010 with the default delimiters. */
export function outboundSyntax(
  settings: Pick<ResolvedPartnerSettings, 'x12Version' | 'x12Delimiters'> | undefined,
): OutboundSyntax {
  const version = settings?.x12Version ?? '004010';
  return { version, delimiters: outboundDelimiters(settings ?? {}, version) };
}

export interface OutboundInterchangeInput {
  sender: { qualifier: string; id: string };
  receiver: { qualifier: string; id: string };
  /** ISA13, reserved from the partner's counter. */
  controlNumber: number;
  date: string;
  time: string;
  version: OutboundVersion;
  usage: 'P' | 'T';
  delimiters: Delimiters;
  groups: GroupInput[];
}

/**
 * The X12 text of an interchange we send: free-text elements (names, addresses, descriptions) holding one of
 * the partner's delimiters or a control character are cleaned first (a ship-to called "Smith * Sons" must
 * not stop an 856); identifiers are not, and the writer refuses them rather than send a changed PO number.
 * Returns the changes made, for the audit trail.
 */
export function outboundInterchange(input: OutboundInterchangeInput): {
  text: string;
  /** Per changed value, with the ST02 of its set. */
  cleaned: (FreeTextChange & { transaction: string })[];
} {
  const cleaned: (FreeTextChange & { transaction: string })[] = [];
  const groups = input.groups.map((group) => ({
    ...group,
    transactions: group.transactions.map((transaction) => {
      const result = cleanFreeText(transaction.body, input.delimiters);
      const transactionNumber = String(transaction.controlNumber);
      for (const change of result.cleaned) cleaned.push({ ...change, transaction: transactionNumber });
      return result.body === transaction.body ? transaction : { ...transaction, body: result.body };
    }),
  }));
  const text = writeInterchange({
    sender: input.sender,
    receiver: input.receiver,
    controlNumber: input.controlNumber,
    date: input.date,
    time: input.time,
    version: input.version === '005010' ? '00501' : '00401',
    usage: input.usage,
    ackRequested: false,
    delimiters: input.delimiters,
    newline: true,
    groups,
  });
  return { text, cleaned };
}

/**
 * Throws the writer's own permanent error when no interchange can be addressed from `sender` to `receiver` in
 * this syntax: an ID the partner sent us holding one of its delimiters for what we send, a control character,
 * more than 15 characters. Found before control numbers are reserved, so the document is set aside alone
 * instead of failing the job of every document it was to be sent with.
 */
export function checkEnvelope(
  sender: { qualifier: string; id: string },
  receiver: { qualifier: string; id: string },
  syntax: OutboundSyntax,
): void {
  outboundInterchange({
    sender,
    receiver,
    controlNumber: 1,
    date: '20260101',
    time: '0000',
    version: syntax.version,
    usage: 'P',
    delimiters: syntax.delimiters,
    groups: [
      {
        functionalId: 'PR',
        senderId: sender.id,
        receiverId: receiver.id,
        controlNumber: 1,
        version: syntax.version,
        transactions: [],
      },
    ],
  });
}

import { append } from '../../src/core/append.ts';
import type { Diagnostic } from '../../src/core/diagnostic.ts';
import type { Order } from '../../src/core/order.ts';
import { defaultOrderMapping } from '../../src/mapping/default-order-mapping.ts';
import type { MappedDocument, ResolvedOrderMapping } from '../../src/mapping/order-mapping.schema.ts';
import { readFunctionalAck } from '../../src/x12/ack-read.ts';
import type { FunctionalAck } from '../../src/x12/ack-types.ts';
import { transactionErrorCode } from '../../src/x12/codes.ts';
import { readX12 } from '../../src/x12/reader.ts';
import { type TransactionResult, X12Collector, type X12Results } from '../../src/x12/results.ts';
import type { InterchangeHeader } from '../../src/x12/types.ts';
import { mapPurchaseOrder } from './map-850.ts';
import { mapPurchaseOrderChange } from './map-860.ts';

/** The partner an interchange belongs to and its active mappings (a missing type uses the default). */
export interface X12Partner {
  id: string;
  mappings: Partial<Record<MappedDocument, ResolvedOrderMapping>>;
}

export interface X12DecodeOptions {
  messageId: string;
  newId(): string;
  /**
   * Who sent this interchange; undefined for an unknown sender (its sets are mapped with the defaults).
   * Asked once per interchange, when its ISA has been read.
   */
  partnerFor(header: InterchangeHeader): X12Partner | undefined | Promise<X12Partner | undefined>;
  /**
   * Asked once per interchange after `partnerFor`: true leaves its sets unmapped (a duplicate interchange, an
   * unknown sender held for an operator); they are still read and collected, so the caller can answer them.
   */
  skipInterchange?(header: InterchangeHeader, partner: X12Partner | undefined): boolean | Promise<boolean>;
  /**
   * Receives each order as soon as its set is mapped, instead of collecting them in `orders`: with it, memory
   * stays bounded by the largest transaction set however many orders the input holds.
   */
  onOrder?(order: Order, result: TransactionResult): void | Promise<void>;
  /** Receives each 997/999 a partner sent about our documents, read and checked, for reconciliation. */
  onFunctionalAck?(ack: FunctionalAck, interchange: InterchangeHeader): void | Promise<void>;
}

export interface X12Decoded {
  /** Every order mapped, unless `onOrder` took them. */
  orders: Order[];
  /** Per interchange/group/set results with every finding, ready for `planAcknowledgments`. */
  results: X12Results;
  counts: { interchanges: number; groups: number; transactions: number; orders: number };
}

const MAPPERS = { '850': mapPurchaseOrder, '860': mapPurchaseOrderChange } as const;

const isMapped = (type: string): type is MappedDocument => type === '850' || type === '860';

/**
 * The one X12 decode path (HTTP door, file drop, `ordergate translate`, benchmark): streams the input
 * through the reader, maps each 850/860 as soon as its SE arrives, appends mapping findings to the set's
 * result so the 997/999 reports them, and drops the set's segments once mapped, so memory stays bounded
 * by the largest transaction set rather than the file.
 */
export async function decodeX12(
  input: Uint8Array | string | AsyncIterable<Uint8Array | string>,
  options: X12DecodeOptions,
): Promise<X12Decoded> {
  const collector = new X12Collector();
  const orders: Order[] = [];
  let transactions = 0;
  let mappedOrders = 0;
  let partner: X12Partner | undefined;
  let skip = false;
  // The default mappings are read-only to the mappers (as partner mappings already are), so one copy per
  // call serves every set: defaultOrderMapping deep-clones, which cost as much as mapping a small set.
  const defaults: Partial<Record<MappedDocument, ResolvedOrderMapping>> = {};
  const defaultMapping = (type: MappedDocument) => {
    defaults[type] ??= defaultOrderMapping(type);
    return defaults[type];
  };
  for await (const event of readX12(input)) {
    const result = collector.add(event);
    if (event.kind === 'interchange-start') {
      partner = await options.partnerFor(event.header);
      skip = (await options.skipInterchange?.(event.header, partner)) ?? false;
    }
    if (event.kind !== 'transaction' || result === undefined) continue;
    transactions++;
    const { set } = event;
    if (skip) {
      // left unmapped on purpose: the caller answers the whole interchange
    } else if (set.type === '997' || set.type === '999') {
      // a partner acknowledging what we sent: read and checked here, reconciled by the caller
      if (!result.diagnostics.some((d) => d.severity === 'error')) {
        const read = readFunctionalAck(set);
        append(result.diagnostics, read.diagnostics);
        await options.onFunctionalAck?.(read.ack, set.interchange);
      }
    } else if (!isMapped(set.type)) {
      result.diagnostics.push(unsupported(set.type, set.controlNumber));
    } else if (!result.diagnostics.some((d) => d.severity === 'error')) {
      // A set whose envelope is already in error is rejected as a whole; mapping it would add noise.
      const mapping = partner?.mappings[set.type] ?? defaultMapping(set.type);
      const mapped = MAPPERS[set.type](set, mapping, {
        partnerId: partner?.id ?? senderKey(set.interchange),
        messageId: options.messageId,
        newId: options.newId,
      });
      append(result.diagnostics, mapped.diagnostics);
      if (mapped.order) {
        mappedOrders++;
        if (options.onOrder) await options.onOrder(mapped.order, result);
        else orders.push(mapped.order);
      }
    }
    set.segments = [];
  }
  const { results } = collector;
  return {
    orders,
    results,
    counts: {
      interchanges: results.interchanges.length,
      groups: results.interchanges.reduce((n, i) => n + i.groups.length, 0),
      transactions,
      orders: mappedOrders,
    },
  };
}

/** How an unknown sender is named until an operator assigns it to a partner. */
export function senderKey(header: InterchangeHeader): string {
  return `${header.senderQualifier}:${header.senderId}`;
}

function unsupported(type: string, controlNumber: string): Diagnostic {
  return {
    severity: 'error',
    code: transactionErrorCode('1'),
    message: `transaction set ${type} is not accepted on this door (orders are 850 and 860; acknowledgments 997 and 999)`,
    transaction: controlNumber,
  };
}

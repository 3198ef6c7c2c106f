import { spreadsheetConnector } from '../../../connectors/spreadsheet/index.ts';
import { type X12AckContent, x12Connector } from '../../../connectors/x12/index.ts';
import type { ConnectorContext, ResolvedPartner } from '../../core/connector.ts';
import type { Diagnostic } from '../../core/diagnostic.ts';
import { permanent } from '../../core/errors.ts';
import type { Order } from '../../core/order.ts';
import type { Database } from '../../db/client.ts';
import {
  isOrderDocument,
  type MappingDocument,
  type ResolvedMapping,
  resolveMapping,
} from '../../mapping/mapping-file.ts';
import type { StoredMappingContent } from '../../mapping/stored-mapping.ts';
import { activeMappings, outboundMapping } from '../../partners/active-mappings.ts';
import type { PartnerAgreement } from '../../partners/partner-lookup.ts';
import { type Bench855, preview855 } from './bench-855.ts';

/** A sample to decode: its bytes and, for a spreadsheet, its file name. */
export interface Sample {
  bytes: Uint8Array;
  filename?: string;
}

/** What one mapping version makes of a sample: orders, findings, and the answers that would go back. */
export interface VersionOutput {
  /** The version that read it, or `default` when the partner has none of this document. */
  version: number | 'default';
  orders: Order[];
  problems: Diagnostic[];
  /** The 997/999/TA1 planned for an X12 sample, as X12 text. */
  ack?: string;
  /** The 855 the orders would be answered with (accepted as ordered). */
  ack855: Bench855;
}

/** The documents whose versions read orders, so a bench or a replay has something to show. */
export type OrderReadingDocument = '850' | '860' | 'spreadsheet';

/** `mapping.bench_unsupported` unless `document` reads orders (850, 860, spreadsheet). */
export function orderReading(document: MappingDocument): OrderReadingDocument {
  if (isOrderDocument(document) || document === 'spreadsheet') return document;
  throw permanent(
    'mapping.bench_unsupported',
    `a ${document} mapping writes documents, it reads no orders: bench and replay take 850, 860 and spreadsheet versions`,
  );
}

/**
 * Decodes `sample` as the pipeline's connector would for the partner, with `version` (a stored version;
 * undefined: the built-in default) in place of its active mapping of `document`, the partner's other active
 * mappings and settings as they are. Pure apart from reading those: nothing is stored, no control number of
 * the partner is used (the answers are numbered from 1), ids are counted from `runId`, so two versions' outputs
 * of one sample differ only where the mappings do.
 */
export async function decodeWithVersion(
  db: Database,
  partner: PartnerAgreement,
  document: OrderReadingDocument,
  version: { version: number; content: StoredMappingContent } | undefined,
  sample: Sample,
  run: { id: string; now: Date },
): Promise<VersionOutput> {
  const active = await activeMappings(db, partner.id);
  const mappings: Record<string, unknown> = {};
  for (const [type, entry] of Object.entries(active)) if (entry) mappings[type] = entry.mapping;
  delete mappings[document];
  if (version) mappings[document] = resolvedVersion(version.content);
  const resolved: ResolvedPartner = {
    id: partner.id,
    name: partner.name,
    settings: partner.settings,
    mappings,
  };
  const result = await (document === 'spreadsheet' ? spreadsheetConnector : x12Connector).decode(
    {
      channel: document === 'spreadsheet' ? 'csv' : 'x12',
      bytes: sample.bytes,
      receivedAt: run.now,
      partnerId: partner.id,
      ...(sample.filename ? { filename: sample.filename } : {}),
    },
    benchContext(run, resolved),
  );
  const acks = (result.ack?.documents ?? [])
    .filter((d) => d.type === '997' || d.type === '999' || d.type === 'TA1')
    .map((d) => (d.content as X12AckContent).text);
  return {
    version: version?.version ?? 'default',
    orders: result.orders,
    problems: result.diagnostics,
    ...(acks.length > 0 ? { ack: acks.join('') } : {}),
    ack855: preview855(result.orders, partner.settings, outboundMapping(active, '855'), partner.id, run.now),
  };
}

/** A stored version resolved as the pipeline resolves it: with the partner currency frozen in the row. */
export function resolvedVersion(content: StoredMappingContent): ResolvedMapping {
  const { file, defaultCurrency } = content;
  return resolveMapping(file, defaultCurrency ? { defaultCurrency } : {});
}

/** A decode context of fixed clock and counted ids, with the partner known and numbers counted from 1. */
function benchContext(run: { id: string; now: Date }, partner: ResolvedPartner): ConnectorContext {
  let ids = 0;
  const numbers = new Map<string, number>();
  return {
    now: () => run.now,
    newId: () => `${run.id}-${++ids}`,
    messageId: run.id,
    partner,
    resolvePartner: async () => partner,
    controlNumbers: {
      async next(partnerId, kind) {
        const key = `${partnerId}/${kind}`;
        numbers.set(key, (numbers.get(key) ?? 0) + 1);
        return numbers.get(key)!;
      },
    },
  };
}

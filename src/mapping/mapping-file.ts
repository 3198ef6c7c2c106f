import { z } from 'zod';
import { resolveOutboundMapping } from './default-outbound-mapping.ts';
import { MappedDocument, OrderMappingFile, type ResolvedOrderMapping } from './order-mapping.schema.ts';
import {
  OutboundDocument,
  OutboundMappingFile,
  type ResolvedOutboundMapping,
} from './outbound-mapping.schema.ts';
import { type ResolveOptions, resolveOrderMapping } from './resolve-order-mapping.ts';
import {
  type ResolvedSpreadsheetMapping,
  resolveSpreadsheetMapping,
  SpreadsheetMappingFile,
} from './spreadsheet-mapping.schema.ts';

/**
 * Every document type a partner mapping file may describe: the orders we read (850, 860, and spreadsheet
 * order forms) and the documents we send (855, 856, 810, 865). All are versioned, stored and activated alike by
 * the mapping store.
 */
export const MappingDocument = z.enum([
  ...MappedDocument.options,
  ...OutboundDocument.options,
  'spreadsheet',
]);
export type MappingDocument = z.infer<typeof MappingDocument>;

export type MappingFile = OrderMappingFile | OutboundMappingFile | SpreadsheetMappingFile;
export type ResolvedMapping = ResolvedOrderMapping | ResolvedOutboundMapping | ResolvedSpreadsheetMapping;

/** The resolved mapping of one document type: an X12 order mapping for 850/860, a spreadsheet or an outbound one. */
export type ResolvedMappingOf<D extends MappingDocument> = D extends MappedDocument
  ? ResolvedOrderMapping
  : D extends 'spreadsheet'
    ? ResolvedSpreadsheetMapping
    : Extract<ResolvedOutboundMapping, { document: D }>;

/** Per document type, something that holds that type's resolved mapping (a version, an active row). */
export type ByDocument<T extends { [D in MappingDocument]: unknown }> = { [D in MappingDocument]?: T[D] };

/** A mapping file of any document type, as a stored row holds it: the schema is chosen by `document`. */
export const AnyMappingFile = z.union([OrderMappingFile, OutboundMappingFile, SpreadsheetMappingFile]);

/** Whether a document type is an inbound X12 order (850/860), read with an order mapping. */
export function isOrderDocument(document: string): document is MappedDocument {
  return (MappedDocument.options as readonly string[]).includes(document);
}

/** Whether a document type is one we send (855, 856, 810, 865), written with an outbound mapping. */
export function isOutboundDocument(document: string): document is OutboundDocument {
  return (OutboundDocument.options as readonly string[]).includes(document);
}

/** The schema of a mapping file for `document`, so problems are reported against the right one. */
export function mappingFileSchema(document: MappingDocument): z.ZodType<MappingFile> {
  if (document === 'spreadsheet') return SpreadsheetMappingFile;
  return isOrderDocument(document) ? OrderMappingFile : OutboundMappingFile;
}

/** A file merged onto its document type's built-in default (a spreadsheet mapping: see its resolver). */
export function resolveMapping(file: MappingFile, options: ResolveOptions = {}): ResolvedMapping {
  if (file.document === 'spreadsheet') return resolveSpreadsheetMapping(file, options);
  return isOrderDocument(file.document)
    ? resolveOrderMapping(file as OrderMappingFile, options)
    : resolveOutboundMapping(file as OutboundMappingFile);
}

/**
 * The order mappings (850, 860) among a partner's mappings by document (loaded versions or active rows), in
 * the shape the X12 decoder takes; a type without one is absent, and the decoder uses the default for it.
 */
export function orderMappings(
  byDocument: { [D in MappedDocument]?: { mapping: ResolvedOrderMapping } },
): Partial<Record<MappedDocument, ResolvedOrderMapping>> {
  const result: Partial<Record<MappedDocument, ResolvedOrderMapping>> = {};
  for (const document of MappedDocument.options) {
    const entry = byDocument[document];
    if (entry) result[document] = entry.mapping;
  }
  return result;
}

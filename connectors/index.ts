import type { InboundConnector, OutboundConnector } from '../src/core/connector.ts';
import { as2Transport } from './as2/index.ts';
import { emailConnector } from './email/decode.ts';
import { fileDropConnector } from './file-drop/index.ts';
import { folderOutTransport } from './folder-out/index.ts';
import { httpPostTransport } from './http-post/index.ts';
import { imapConnector } from './imap/index.ts';
import { portalConnector } from './portal/index.ts';
import { sftpTransport } from './sftp/index.ts';
import { smtpTransport } from './smtp/index.ts';
import { spreadsheetConnector } from './spreadsheet/index.ts';
import { x12Connector } from './x12/index.ts';

/**
 * Every inbound connector, one line each (house rule 1). A connector folder missing here fails
 * test/connector-registry.test.ts; every connector listed runs test/connector-conformance.test.ts.
 */
export const INBOUND_CONNECTORS = [
  x12Connector,
  fileDropConnector,
  imapConnector,
  spreadsheetConnector,
  emailConnector,
  portalConnector,
] as const satisfies readonly InboundConnector<unknown>[];

export type InboundConnectorId = (typeof INBOUND_CONNECTORS)[number]['id'];

/** The registered inbound connector with this id, or undefined. */
export function inboundConnector(id: string): (typeof INBOUND_CONNECTORS)[number] | undefined {
  return INBOUND_CONNECTORS.find((c) => c.id === id);
}

/**
 * Every outbound connector (a delivery transport: the "send" half), one line each (house rule 1). A transport
 * folder missing here fails test/connector-registry.test.ts.
 */
export const OUTBOUND_CONNECTORS = [
  httpPostTransport,
  folderOutTransport,
  smtpTransport,
  sftpTransport,
  as2Transport,
] as const satisfies readonly OutboundConnector<unknown>[];

/** The registered outbound connector (delivery transport) with this id, or undefined. */
export function outboundConnector(id: string): (typeof OUTBOUND_CONNECTORS)[number] | undefined {
  return OUTBOUND_CONNECTORS.find((t) => t.id === id);
}

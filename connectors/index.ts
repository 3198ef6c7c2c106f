import type { InboundConnector } from '../src/core/connector.ts';
import { fileDropConnector } from './file-drop/index.ts';
import { folderOutTransport } from './folder-out/index.ts';
import { httpPostTransport } from './http-post/index.ts';
import { sftpTransport } from './sftp/index.ts';
import { smtpTransport } from './smtp/index.ts';
import type { DeliveryTransport } from './transport.ts';
import { x12Connector } from './x12/index.ts';

/**
 * Every inbound connector, one line each (house rule 1). A connector folder missing here fails
 * test/connector-registry.test.ts; every connector listed runs test/connector-conformance.test.ts.
 */
export const INBOUND_CONNECTORS = [
  x12Connector,
  fileDropConnector,
] as const satisfies readonly InboundConnector<unknown>[];

export type InboundConnectorId = (typeof INBOUND_CONNECTORS)[number]['id'];

/** The registered inbound connector with this id, or undefined. */
export function inboundConnector(id: string): (typeof INBOUND_CONNECTORS)[number] | undefined {
  return INBOUND_CONNECTORS.find((c) => c.id === id);
}

/**
 * Every outbound delivery transport (the "send" half), one line each (house rule 1). A transport folder missing
 * here fails test/connector-registry.test.ts.
 */
export const DELIVERY_TRANSPORTS = [
  httpPostTransport,
  folderOutTransport,
  smtpTransport,
  sftpTransport,
] as const satisfies readonly DeliveryTransport<unknown>[];

/** The registered delivery transport with this id, or undefined. */
export function deliveryTransport(id: string): (typeof DELIVERY_TRANSPORTS)[number] | undefined {
  return DELIVERY_TRANSPORTS.find((t) => t.id === id);
}

import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  INBOUND_CONNECTORS,
  inboundConnector,
  OUTBOUND_CONNECTORS,
  outboundConnector,
} from '../connectors/index.ts';

const CONNECTORS_DIR = fileURLToPath(new URL('../connectors', import.meta.url));

/** Connector folders: every directory directly under connectors/ (house rule 1: one connector, one folder). */
const folders = readdirSync(CONNECTORS_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
  .map((e) => e.name);

function looksLikeInboundConnector(value: unknown): value is { id: string } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.decode === 'function' && typeof v.configSchema === 'object';
}

/** A delivery transport (connectors/transport.ts): sends, never decodes. */
function looksLikeDeliveryTransport(value: unknown): value is { id: string } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    typeof v.send === 'function' &&
    typeof v.decode !== 'function' &&
    typeof v.configSchema === 'object'
  );
}

describe('connector registry (connectors/index.ts)', () => {
  it.each(folders)('connectors/%s has an index.ts exporting a registered connector', async (folder) => {
    const index = path.join(CONNECTORS_DIR, folder, 'index.ts');
    expect(existsSync(index), `connectors/${folder}/index.ts is missing`).toBe(true);
    const exported = Object.values((await import(index)) as Record<string, unknown>);
    const connectors = exported.filter(looksLikeInboundConnector);
    const transports = exported.filter(looksLikeDeliveryTransport);
    expect(
      [...connectors, ...transports],
      `connectors/${folder}/index.ts exports no inbound connector nor delivery transport`,
    ).not.toHaveLength(0);
    for (const connector of connectors) {
      expect(
        (INBOUND_CONNECTORS as readonly unknown[]).includes(connector),
        `connector "${connector.id}" (connectors/${folder}) is not in INBOUND_CONNECTORS: add one line there`,
      ).toBe(true);
    }
    for (const transport of transports) {
      expect(
        (OUTBOUND_CONNECTORS as readonly unknown[]).includes(transport),
        `transport "${transport.id}" (connectors/${folder}) is not in OUTBOUND_CONNECTORS: add one line there`,
      ).toBe(true);
    }
  });

  it('registers each connector from its own folder, so a folder is not registered by proxy', () => {
    // Same-named folder and id keep "one connector, one folder" checkable at a glance.
    for (const connector of [...INBOUND_CONNECTORS, ...OUTBOUND_CONNECTORS])
      expect(folders).toContain(connector.id);
  });

  it('has no duplicate ids', () => {
    const ids = [...INBOUND_CONNECTORS, ...OUTBOUND_CONNECTORS].map((c) => c.id);
    const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(duplicates, `duplicate connector ids: ${duplicates.join(', ')}`).toEqual([]);
  });

  it('looks connectors up by id', () => {
    for (const connector of INBOUND_CONNECTORS) expect(inboundConnector(connector.id)).toBe(connector);
    expect(inboundConnector('no-such-connector')).toBeUndefined();
    for (const transport of OUTBOUND_CONNECTORS) expect(outboundConnector(transport.id)).toBe(transport);
    expect(outboundConnector('no-such-transport')).toBeUndefined();
  });
});

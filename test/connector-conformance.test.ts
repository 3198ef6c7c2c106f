import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fileDropConnector } from '../connectors/file-drop/index.ts';
import { imapConnector } from '../connectors/imap/index.ts';
import { INBOUND_CONNECTORS } from '../connectors/index.ts';
import type {
  ConnectorContext,
  DecodeResult,
  InboundConnector,
  RawMessage,
  SourceContext,
} from '../src/core/connector.ts';
import { Diagnostic } from '../src/core/diagnostic.ts';
import { type Channel, Order } from '../src/core/order.ts';
import { messages } from '../src/db/schema.ts';
import { startIntake } from '../src/pipeline/intake/intake.ts';
import { receiveMessage } from '../src/pipeline/intake/receive.ts';
import { createLogger } from '../src/runtime/logger.ts';
import { appendMail, type RunningDovecot, startDovecot } from './support/dovecot.ts';
import { databaseKinds, type TestDatabase, tempDir } from './support/services.ts';

/**
 * One suite for every registered inbound connector (DESIGN §3). A new connector needs a valid sample for its
 * channel and a valid configuration below; the suite fails until it has them.
 */

/** Valid documents per channel, copied from the shared corpus (sources and licences: test/fixtures/x12/SOURCES.md). */
const SAMPLES: Partial<Record<Channel, string[]>> = {
  x12: [
    'test/fixtures/x12/x12-850/nodex12_850_004010VICS_tilde_lf.edi',
    'test/fixtures/x12/x12-850/stedi_850_005010_dropship_gs01_OW.edi',
  ],
  // written for ordergate (test/fixtures/spreadsheets/README.md), read with the built-in default mapping
  csv: [
    'test/fixtures/spreadsheets/en_order_form_comma_utf8.csv',
    'test/fixtures/spreadsheets/de_bestellung_dates_and_decimal_text.xlsx',
  ],
  // a mail with a CSV attachment (test/fixtures/eml/README.md)
  email: ['test/fixtures/eml/orderintake_csv_attachment_crlf_jde_export.eml'],
  // a change a partner user asks for in the portal (connectors/portal)
  portal: ['test/fixtures/portal/change-quantity.json'],
};

/** A configuration each connector must accept. */
const VALID_CONFIGS: Record<string, unknown> = {
  x12: {},
  spreadsheet: {},
  email: {},
  portal: {},
  'file-drop': { dir: '/var/spool/ordergate/drop', partnerId: 'harbor-pine' },
  imap: { host: 'imap.example.com', user: 'orders@example.com', password: 'secret' },
};

const GARBAGE_CONFIGS: unknown[] = [null, undefined, 42, 'config', [], { nonsense: true }];

const FIXED_NOW = new Date('2024-03-01T12:00:00.000Z');

/** A context with a fixed clock, counter ids and in-memory control numbers: no database, no network. */
function fakeContext(): ConnectorContext {
  let ids = 0;
  const counters = new Map<string, number>();
  return {
    now: () => new Date(FIXED_NOW),
    newId: () => `id-${++ids}`,
    messageId: 'msg-conformance',
    // every sender is a partner here (an unknown one is held, and answered with a TA1 006 only)
    resolvePartner: async () => ({ id: 'conformance', name: 'Conformance', settings: {}, mappings: {} }),
    // and the door knows it, as an upload names it (a spreadsheet carries no sender of its own)
    partner: { id: 'conformance', name: 'Conformance', settings: {}, mappings: {} },
    controlNumbers: {
      async next(partnerId, kind) {
        const key = `${partnerId}/${kind}`;
        const value = (counters.get(key) ?? 0) + 1;
        counters.set(key, value);
        return value;
      },
    },
  };
}

function rawOf(channel: Channel, bytes: Uint8Array): RawMessage {
  return { channel, bytes, receivedAt: new Date(FIXED_NOW), filename: 'sample', sender: 'conformance' };
}

function expectWellFormed(result: DecodeResult): void {
  for (const d of result.diagnostics) expect(Diagnostic.safeParse(d).error).toBeUndefined();
  for (const order of result.orders) expect(Order.safeParse(order).error).toBeUndefined();
  for (const doc of result.ack?.documents ?? []) expect(doc.type).toMatch(/\S/);
  // Results are stored as JSON (messages.diagnostics, job data): they must survive a round trip unchanged.
  expect(JSON.parse(JSON.stringify(result))).toEqual(result);
}

const hasError = (result: DecodeResult) => result.diagnostics.some((d) => d.severity === 'error');

afterEach(() => {
  vi.useRealTimers();
});

describe.each(INBOUND_CONNECTORS.map((c) => ({ id: c.id, connector: c })))(
  'connector $id',
  ({ connector }) => {
    const samples = SAMPLES[connector.channel] ?? [];

    it('has a kebab-case id', () => {
      expect(connector.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    });

    it('has a sample and a valid configuration in this suite', () => {
      expect(samples, `add a valid ${connector.channel} sample to SAMPLES`).not.toHaveLength(0);
      expect(VALID_CONFIGS, `add a valid configuration for ${connector.id}`).toHaveProperty([connector.id]);
    });

    it('accepts a valid configuration and rejects garbage with issues', () => {
      expect(connector.configSchema.safeParse(VALID_CONFIGS[connector.id]).error).toBeUndefined();
      for (const garbage of GARBAGE_CONFIGS) {
        const parsed = connector.configSchema.safeParse(garbage);
        expect(parsed.success, `accepted ${JSON.stringify(garbage)}`).toBe(false);
        expect(parsed.error?.issues.length).toBeGreaterThan(0);
      }
    });

    it.each(samples)('decodes %s to at least one well-formed order', async (file) => {
      const result = await connector.decode(rawOf(connector.channel, readFileSync(file)), fakeContext());
      expect(result.orders.length).toBeGreaterThanOrEqual(1);
      expect(hasError(result), JSON.stringify(result.diagnostics)).toBe(false);
      for (const order of result.orders) expect(order.source.messageId).toBe('msg-conformance');
      expectWellFormed(result);
    });

    it.each(samples)('decodes %s purely: same input and context, same result', async (file) => {
      const bytes = new Uint8Array(readFileSync(file));
      const before = Buffer.from(bytes);
      // Different wall clocks for the two runs: only ctx.now() may show in the result.
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2031-01-01T00:00:00Z'));
      const first = await connector.decode(rawOf(connector.channel, bytes), fakeContext());
      vi.setSystemTime(new Date('2032-06-15T08:30:00Z'));
      const second = await connector.decode(rawOf(connector.channel, bytes), fakeContext());
      expect(second).toEqual(first);
      expect(Buffer.from(bytes).equals(before), 'decode changed its input').toBe(true);
    });

    it('answers empty input with an error diagnostic, not a throw', async () => {
      const result = await connector.decode(rawOf(connector.channel, new Uint8Array(0)), fakeContext());
      expect(result.orders).toEqual([]);
      expect(hasError(result)).toBe(true);
      expectWellFormed(result);
    });

    it('answers truncated and random bytes with error diagnostics, never a throw', async () => {
      const sample = samples[0] ? new Uint8Array(readFileSync(samples[0])) : new Uint8Array(0);
      const inputs = [
        sample.subarray(0, 50),
        sample.subarray(0, Math.floor(sample.length / 2)),
        new Uint8Array(1024),
      ];
      for (const bytes of inputs) {
        const result = await connector.decode(rawOf(connector.channel, bytes), fakeContext());
        expect(hasError(result)).toBe(true);
      }
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
          const result = await connector.decode(rawOf(connector.channel, bytes), fakeContext());
          expect(result.orders).toEqual([]);
          expect(hasError(result)).toBe(true);
        }),
        { numRuns: 100, seed: 20240301 },
      );
    });
  },
);

/** The mail server the imap connector's places are folders of: started by the first, stopped after the suite. */
let dovecot: Promise<RunningDovecot> | undefined;
afterAll(async () => (await dovecot)?.stop());

/**
 * How each receiving connector's source is fed in this suite: a configuration over a fresh place (a temporary
 * folder, a mailbox), and a way to put one message there. A receiving connector missing here fails the suite.
 */
const SOURCES: Record<
  string,
  () => Promise<{
    config: unknown;
    put(name: string, bytes: Uint8Array): void | Promise<void>;
    remove(): void;
  }>
> = {
  'file-drop': async () => {
    const folder = tempDir('ordergate-conformance-');
    return {
      config: fileDropConnector.configSchema.parse({ dir: folder.dir, settleMs: 0, pollMs: 3_600_000 }),
      put: (name, bytes) => writeFileSync(path.join(folder.dir, name), bytes),
      remove: folder.remove,
    };
  },
  imap: async () => {
    dovecot ??= startDovecot();
    const server = await dovecot;
    const folder = `conformance-${crypto.randomUUID()}`;
    return {
      config: imapConnector.configSchema.parse({
        host: server.host,
        port: server.port,
        secure: false,
        starttls: false,
        user: server.user,
        password: server.password,
        folder,
        pollMs: 3_600_000,
      }),
      // the message as a mail's body, its name as the Message-ID the connector names it by
      put: (name, bytes) => appendMail(server, folder, `<${name}>`, bytes),
      remove: () => {},
    };
  },
};

const receiving = INBOUND_CONNECTORS.filter((c) => 'open' in c && c.open !== undefined);

describe.each(receiving.map((c) => ({ id: c.id, connector: c as InboundConnector<unknown> })))(
  'receiving connector $id',
  ({ id, connector }) => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await databaseKinds()[0]!.create();
    });
    afterAll(async () => db?.dispose());
    const deps = () => ({ db: db.handle.db, log: createLogger('silent'), notify: () => {} });
    const storedCount = async (filename: string) =>
      (await db.handle.db.select().from(messages).where(eq(messages.filename, filename))).length;
    let saved: unknown;
    const silent: SourceContext = {
      now: () => new Date(),
      warn: () => {},
      wake: () => {},
      state: {
        load: async () => saved,
        save: async (value) => {
          saved = value;
        },
      },
    };

    it('has a way to be fed in this suite', () => {
      expect(SOURCES, `add ${id} to SOURCES`).toHaveProperty([id]);
    });

    it('loses nothing and stores nothing twice across crashes before and after the store', async () => {
      const place = await SOURCES[id]!();
      try {
        await place.put('crash-1.edi', readFileSync(SAMPLES.x12![0]!));
        // a runner that crashed after receiving, before storing: nothing confirmed, the source keeps it
        const first = await connector.open!(place.config, silent);
        for await (const raw of first.receive()) expect(raw.filename).toBe('crash-1.edi');
        await first.close();
        expect(await storedCount('crash-1.edi')).toBe(0);
        // a runner that stored it and crashed before confirming: the next one finds the stored copy
        const second = await connector.open!(place.config, silent);
        for await (const raw of second.receive())
          await receiveMessage(db.handle.db, {
            channel: raw.channel,
            bytes: raw.bytes,
            sender: raw.sender,
            filename: raw.filename,
            actor: 'test',
          });
        await second.close();
        expect(await storedCount('crash-1.edi')).toBe(1);
        const intake = await startIntake(connector, place.config, deps());
        await intake.pollNow();
        await intake.close();
        expect(await storedCount('crash-1.edi')).toBe(1);
        // and then it is gone from the source: a new runner receives nothing
        const after = await connector.open!(place.config, silent);
        const left: string[] = [];
        for await (const raw of after.receive()) left.push(raw.filename ?? '');
        await after.close();
        expect(left).toEqual([]);
      } finally {
        place.remove();
      }
    });
  },
);

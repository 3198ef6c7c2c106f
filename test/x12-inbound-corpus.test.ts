import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../src/db/client.ts';
import { type Gateway, startGateway } from '../src/gateway.ts';
import { createPartner } from '../src/partners/partner-store.ts';
import { receiveMessage } from '../src/pipeline/intake/receive.ts';
import { loadConfig } from '../src/runtime/config.ts';
import { createLogger } from '../src/runtime/logger.ts';
import { readX12Sync } from '../src/x12/reader.ts';
import {
  DATABASE_URL,
  eventually,
  freshPostgresUrl,
  freshQueuePrefix,
  haveServers,
  REDIS_URL,
  tempDir,
} from './support/services.ts';

const ROOT = fileURLToPath(new URL('./fixtures/x12/', import.meta.url));
const FILES = readdirSync(ROOT, { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.(edi|txt|x12)$/.test(f))
  .sort();

const modes = [{ name: 'embedded', url: undefined as string | undefined }];
if (haveServers()) modes.push({ name: 'postgres + redis', url: DATABASE_URL });

/**
 * Every corpus file through the real decode stage (the door a file drop or an HTTP post leads to): none may
 * leave its message unfinished or its job failing, whatever the file holds.
 */
describe.each(modes)('the X12 corpus through the decode stage ($name)', (mode) => {
  let gateway: Gateway;
  let cleanup: () => Promise<void>;
  const ids = new Map<string, string>();
  const query = async <T>(text: string) => rowsOf<T>(await gateway.database.db.execute(sql.raw(text)));

  beforeAll(async () => {
    const tmp = tempDir();
    const fresh = mode.url ? await freshPostgresUrl() : undefined;
    cleanup = async () => {
      await fresh?.drop();
      tmp.remove();
    };
    const env = fresh
      ? { DATABASE_URL: fresh.url, REDIS_URL: REDIS_URL!, ORDERGATE_QUEUE_PREFIX: freshQueuePrefix() }
      : {};
    const config = loadConfig({
      ...env,
      ORDERGATE_DATA_DIR: tmp.dir,
      // no partner.yaml: the repository's partners hold identifiers of corpus senders this test gives its own
      ORDERGATE_MAPPINGS_DIR: path.join(tmp.dir, 'no-mappings'),
      LOG_LEVEL: 'silent',
      ORDERGATE_ADMIN_TOKEN: 'test-admin-token-0123456789',
    });
    gateway = await startGateway(config, createLogger('silent'), {
      http: false,
      workers: true,
    });
    // One partner per distinct interchange sender, so the sets are mapped rather than held. Several corpus
    // files are copies of one interchange (same sender and ISA13): duplicate detection is off here so each
    // file is decoded (x12-inbound.test.ts covers duplicates).
    const senders = new Map<string, { qualifier: string; value: string }>();
    for (const file of FILES) {
      for (const event of readX12Sync(readFileSync(`${ROOT}${file}`))) {
        if (event.kind !== 'interchange-start') continue;
        const { senderQualifier: qualifier, senderId: value } = event.header;
        if (/^[A-Z0-9]{1,4}$/i.test(qualifier) && value.trim() !== '')
          senders.set(`${qualifier}:${value.toUpperCase()}`, { qualifier, value });
      }
    }
    let n = 0;
    for (const sender of senders.values()) {
      await createPartner(
        gateway.database.db,
        {
          id: `corpus-${++n}`,
          name: `Corpus ${n}`,
          identifiers: [{ type: 'x12', ...sender }],
          settings: { duplicateWindowDays: 0 },
        },
        'test',
      );
    }
    for (const file of FILES) {
      const { messageId } = await receiveMessage(gateway.database.db, {
        channel: 'x12',
        bytes: readFileSync(`${ROOT}${file}`),
        filename: file,
        actor: 'test',
      });
      ids.set(file, messageId);
    }
    gateway.dispatcher.notify();
  }, 120_000);
  afterAll(async () => {
    await gateway?.close();
    await cleanup?.();
  });

  it('finishes every message and every decode job', async () => {
    await eventually(
      async () => {
        const [open] = await query<{ n: string }>(
          "select count(*) as n from messages where direction = 'inbound' and status in ('received', 'processing')",
        );
        return Number(open!.n) === 0 ? true : undefined;
      },
      90_000,
      'every corpus message decoded',
    );
    const jobs = await query<{ id: string; status: string; last_error: unknown }>(
      "select id, status, last_error from jobs where stage = 'decode'",
    );
    expect(jobs.filter((j) => j.status !== 'done')).toEqual([]);
    expect(jobs).toHaveLength(FILES.length);
  }, 120_000);

  it('turns each 850 file into orders and answers it', async () => {
    for (const file of FILES.filter((f) => f.startsWith('x12-850/'))) {
      const id = ids.get(file)!;
      const [orders] = await query<{ n: string }>(
        `select count(*) as n from orders where message_id = '${id}'`,
      );
      const [answers] = await query<{ n: string }>(
        `select count(*) as n from outbound_documents where source_message_id = '${id}'`,
      );
      expect(Number(orders!.n), file).toBeGreaterThan(0);
      expect(Number(answers!.n), file).toBeGreaterThan(0);
    }
  });

  it('answers input that is not X12 by rejecting the message with its reason', async () => {
    const id = ids.get('x12-invalid/badx12_not_edi_at_all.edi')!;
    const [message] = await query<{ status: string; diagnostics: { severity: string }[] }>(
      `select status, diagnostics from messages where id = '${id}'`,
    );
    expect(message!.status).toBe('rejected');
    expect(message!.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });
});

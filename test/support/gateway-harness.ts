import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { rowsOf } from '../../src/db/client.ts';
import { type Gateway, startGateway } from '../../src/gateway.ts';
import { loadConfig } from '../../src/runtime/config.ts';
import { createLogger, type Logger } from '../../src/runtime/logger.ts';
import {
  eventually,
  freshPostgresUrl,
  freshQueuePrefix,
  haveServers,
  REDIS_URL,
  seedEmbeddedDatabase,
  tempDir,
} from './services.ts';

export const ADMIN = 'test-admin-token-0123456789';

/** node-x12's 850: sender 12/4405197800, ISA13 000003438, PO 08292233294, 6 lines. */
export const VALID_850 = readFileSync(
  'test/fixtures/translate/nodex12_850_004010VICS_tilde_lf.edi',
  'latin1',
);
export const VALID_850_SENDER = { type: 'x12', qualifier: '12', value: '4405197800' } as const;

/** The same order as a partner's next transmission: another ISA13/IEA02, and PO number PO-<n> (BEG03). */
export const withControl = (text: string, n: number) =>
  text.replaceAll('000003438', String(n).padStart(9, '0')).replace('*08292233294*', `*PO-${n}*`);

export interface Mode {
  name: string;
  env(): Promise<{ env: Record<string, string>; dispose(): Promise<void> }>;
}

/**
 * A data directory of the test's own (the embedded database, copied from the run's migrated template; the
 * generated secrets key) and a mappings directory that does not exist: the repository's mappings/ would create
 * its partners (and their identifiers) at start, and tests create the partners they need themselves. A test
 * that wants files passes its own.
 */
function isolatedDirs(): { env: Record<string, string>; remove(): void } {
  const tmp = tempDir();
  seedEmbeddedDatabase(tmp.dir);
  return {
    env: { ORDERGATE_DATA_DIR: tmp.dir, ORDERGATE_MAPPINGS_DIR: path.join(tmp.dir, 'no-mappings') },
    remove: tmp.remove,
  };
}

/** The embedded default always; PostgreSQL + Redis (fresh database and key prefix) when both are set. */
export function gatewayModes(): Mode[] {
  const modes: Mode[] = [
    {
      name: 'embedded',
      async env() {
        const dirs = isolatedDirs();
        return { env: dirs.env, dispose: async () => dirs.remove() };
      },
    },
  ];
  if (haveServers()) {
    modes.push({
      name: 'postgres + redis',
      async env() {
        const db = await freshPostgresUrl('ordergate_test_', { migrated: true });
        const dirs = isolatedDirs();
        return {
          env: {
            ...dirs.env,
            DATABASE_URL: db.url,
            REDIS_URL: REDIS_URL!,
            ORDERGATE_QUEUE_PREFIX: freshQueuePrefix(),
          },
          dispose: async () => {
            await db.drop();
            dirs.remove();
          },
        };
      },
    });
  }
  return modes;
}

export interface MessageBody {
  status: string;
  type: string | null;
  partnerId: string | null;
  replayOf: string | null;
  replays: string[];
  orders: { id: string; poNumber: string; status: string }[];
  outbound: { id: string; type: string }[];
  diagnostics: { code: string; message: string }[];
  timeline: { action: string }[];
}

/** A gateway serving HTTP with every pipeline stage, and the calls tests make against it. */
export async function startTestGateway(
  mode: Mode,
  env: Record<string, string> = {},
  log: Logger = createLogger('silent'),
) {
  const setup = await mode.env();
  const config = loadConfig({
    ...setup.env,
    PORT: '0',
    HOST: '127.0.0.1',
    ORDERGATE_ADMIN_TOKEN: ADMIN,
    LOG_LEVEL: 'silent',
    ...env,
  });
  let gateway: Gateway;
  try {
    gateway = await startGateway(config, log, {
      http: true,
      workers: true,
    });
  } catch (error) {
    await setup.dispose();
    throw error;
  }
  const call = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${gateway.url}${path}`, {
      ...init,
      headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...init.headers },
    });
  const json = async <T>(path: string, init: RequestInit & { token?: string } = {}) =>
    (await (await call(path, { token: ADMIN, ...init })).json()) as T;
  const post = (body: string | Uint8Array, token: string, type = 'application/edi-x12') =>
    call('/v1/inbound/x12', { method: 'POST', body, token, headers: { 'content-type': type } });
  const query = async <T>(text: string) => rowsOf<T>(await gateway.database.db.execute(sql.raw(text)));
  const message = (id: string) => json<MessageBody>(`/v1/messages/${id}`);

  /** Waits until the pipeline has finished with a message. */
  const settled = (id: string) =>
    eventually(
      async () => {
        const view = await message(id);
        return view.status === 'received' || view.status === 'processing' ? undefined : view;
      },
      30_000,
      `message ${id} processed`,
    );

  return {
    gateway,
    call,
    json,
    post,
    query,
    message,
    settled,
    /** Creates a partner over HTTP and returns its API key. */
    async createPartner(body: object): Promise<string> {
      const res = await call('/v1/partners', {
        method: 'POST',
        token: ADMIN,
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { apiKey: string }).apiKey;
    },
    /** Posts an interchange and waits until the pipeline has finished with it. */
    async deliver(body: string, token: string): Promise<{ id: string; message: MessageBody }> {
      const res = await post(body, token);
      expect(res.status).toBe(202);
      const { messageId } = (await res.json()) as { messageId: string };
      return { id: messageId, message: await settled(messageId) };
    },
    /** The message's answers once `count` of them exist (the 855 is requested by a stage after routing). */
    answers: (id: string, count: number) =>
      eventually(
        async () => {
          const view = await message(id);
          return view.outbound.length >= count ? view.outbound.map((o) => o.type) : undefined;
        },
        20_000,
        `${count} answers to message ${id}`,
      ),
    raw: async (id: string) => (await call(`/v1/messages/${id}/raw`, { token: ADMIN })).text(),
    async close() {
      await gateway.close();
      await setup.dispose();
    },
  };
}

export type TestGateway = Awaited<ReturnType<typeof startTestGateway>>;

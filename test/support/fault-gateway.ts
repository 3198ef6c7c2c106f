import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.ts';
import { type Gateway, startGateway } from '../../src/gateway.ts';
import { loadConfig } from '../../src/runtime/config.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { eventually } from './services.ts';
import { FAULT_SENDER } from './x12-orders.ts';

export const ADMIN_TOKEN = 'fault-test-admin-token-0123456789';
export const FAULT_PARTNER = 'fault-buyer';

/** A gateway started in the test process (as `serve` would, or API only), with HTTP helpers. */
export interface TestGateway {
  gateway: Gateway;
  call(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  postX12(body: string, token: string): Promise<Response>;
  query<T>(text: string): Promise<T[]>;
}

export async function startTestGateway(
  env: Record<string, string>,
  options: { http?: boolean; workers: boolean },
): Promise<TestGateway> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    ORDERGATE_ADMIN_TOKEN: ADMIN_TOKEN,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const gateway = await startGateway(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), {
    http: options.http ?? true,
    workers: options.workers,
  });
  const call = (path: string, init: RequestInit & { token?: string } = {}) =>
    fetch(`${gateway.url}${path}`, {
      ...init,
      headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...init.headers },
    });
  return {
    gateway,
    call,
    postX12: (body, token) =>
      call('/v1/inbound/x12', {
        method: 'POST',
        body,
        token,
        headers: { 'content-type': 'application/edi-x12' },
      }),
    query: async <T>(text: string) => rowsOf<T>(await gateway.database.db.execute(sql.raw(text))),
  };
}

/** Creates the X12 partner the generated interchanges come from (997s and 855s by default); its API key. */
export async function createFaultPartner(t: TestGateway): Promise<string> {
  const res = await t.call('/v1/partners', {
    method: 'POST',
    token: ADMIN_TOKEN,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id: FAULT_PARTNER,
      name: 'Fault Buyer',
      identifiers: [{ type: 'x12', qualifier: FAULT_SENDER.qualifier, value: FAULT_SENDER.id }],
    }),
  });
  if (res.status !== 201) throw new Error(`creating the partner answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { apiKey: string }).apiKey;
}

/** Waits until `expected` inbound messages are finished and no job is pending. */
export async function waitForQuiet(t: TestGateway, expected: number, timeoutMs: number): Promise<void> {
  let last = '';
  await eventually(
    async () => {
      const [row] = await t.query<{ finished: string; pending: string; inbound: string }>(
        `select (select count(*) from messages where direction = 'inbound' and status <> 'received'
                   and status <> 'processing') as finished,
                (select count(*) from messages where direction = 'inbound') as inbound,
                (select count(*) from jobs where status = 'pending') as pending`,
      );
      last = JSON.stringify(row);
      return Number(row?.finished) === expected && Number(row?.pending) === 0 ? true : undefined;
    },
    timeoutMs,
    `${expected} messages finished and no job pending`,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last seen ${last}`);
  });
}

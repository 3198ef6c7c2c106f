import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, tempDir } from './support/services.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `npm start` is `node bin/ordergate.js serve`; started here with no database or Redis in the environment. */
function startEmbedded(dataDir: string, port: number): { child: ChildProcess; output: () => string } {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ORDERGATE_DATA_DIR: dataDir,
    PORT: String(port),
    LOG_LEVEL: 'info',
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.ORDERGATE_ADMIN_TOKEN;
  const child = spawn(process.execPath, ['bin/ordergate.js', 'serve'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return { child, output: () => out };
}

const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });

describe('start-up on a fresh machine', () => {
  const dirs: { remove(): void }[] = [];
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    for (const d of dirs) d.remove();
  });

  it('becomes healthy on an empty data dir with no servers, prints the admin token once, stops cleanly', async () => {
    const tmp = tempDir();
    dirs.push(tmp);
    const port = await freePort();
    const began = Date.now();
    const first = startEmbedded(tmp.dir, port);
    children.push(first.child);
    await eventually(
      async () => ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200 ? true : undefined),
      60_000,
      `the gateway to be ready (output so far: ${first.output()})`,
    );
    console.log(`embedded cold start to ready: ${Date.now() - began} ms`);
    const token = /og_admin_[\w-]+/.exec(first.output())?.[0];
    expect(token).toBeDefined();
    const authed = await fetch(`http://127.0.0.1:${port}/v1/partners`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(authed.status).toBe(200);

    // A second process on the same data dir is refused clearly instead of corrupting it.
    const second = startEmbedded(tmp.dir, await freePort());
    children.push(second.child);
    const code = await new Promise<number | null>((resolve) => second.child.once('exit', resolve));
    expect(code).toBe(2);
    expect(second.output()).toMatch(/data directory .* is in use by process/);

    expect(await stop(first.child)).toBe(0);

    const again = startEmbedded(tmp.dir, port);
    children.push(again.child);
    await eventually(
      async () => ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok ? true : undefined),
      60_000,
    );
    expect(again.output()).not.toContain('og_admin_');
    expect(await stop(again.child)).toBe(0);
  }, 120_000);
});

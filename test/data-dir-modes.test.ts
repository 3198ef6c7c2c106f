import { chmodSync, existsSync, lstatSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startGateway } from '../src/gateway.ts';
import { loadConfig } from '../src/runtime/config.ts';
import { createLogger } from '../src/runtime/logger.ts';
import { ADMIN } from './support/gateway-harness.ts';
import { seedEmbeddedDatabase, tempDir } from './support/services.ts';

const modeOf = (file: string) => lstatSync(file).mode & 0o777;

/** Every entry under `root` that group or others may use, as "path mode". */
function openToOthers(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .map((entry) => path.join(root, entry))
    .filter((file) => modeOf(file) & 0o077)
    .map((file) => `${path.relative(root, file)} ${modeOf(file).toString(8)}`);
}

/** The embedded gateway on `dataDir`, logging JSON lines into `lines`. */
async function start(dataDir: string, lines: { level: number; msg: string; [k: string]: unknown }[]) {
  const config = loadConfig({
    ORDERGATE_DATA_DIR: dataDir,
    ORDERGATE_MAPPINGS_DIR: path.join(dataDir, '..', 'no-mappings'),
    PORT: '0',
    HOST: '127.0.0.1',
    ORDERGATE_ADMIN_TOKEN: ADMIN,
  });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return startGateway(config, createLogger('warn', sink), { http: true, workers: true });
}

// Partners' orders, delivery credentials sealed with secrets.key, all of it readable by the gateway's user only.
describe('files of the embedded gateway on disk', () => {
  const dirs: { remove(): void }[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) d.remove();
  });

  it('creates the data directory 0700, secrets.key, the lock and every database file 0600', async () => {
    const tmp = tempDir();
    dirs.push(tmp);
    const dataDir = path.join(tmp.dir, 'data');
    const lines: { level: number; msg: string }[] = [];
    const gateway = await start(dataDir, lines);
    try {
      // something written after start, so files the database creates while running are looked at too
      const res = await fetch(`${gateway.url}/v1/partners`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'on-disk', name: 'On Disk' }),
      });
      expect(res.status).toBe(201);
      expect(modeOf(dataDir)).toBe(0o700);
      expect(modeOf(path.join(dataDir, 'secrets.key'))).toBe(0o600);
      expect(modeOf(path.join(dataDir, 'ordergate.lock'))).toBe(0o600);
      expect(statSync(path.join(dataDir, 'pgdata')).isDirectory()).toBe(true);
      expect(openToOthers(dataDir)).toEqual([]);
    } finally {
      await gateway.close();
    }
    expect(openToOthers(dataDir)).toEqual([]);
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
  });

  it('closes a data directory left open to others at the next start, and says so', async () => {
    const tmp = tempDir();
    dirs.push(tmp);
    const dataDir = path.join(tmp.dir, 'data');
    // a data directory a gateway has run on (its database copied from the run's template: the first test
    // creates one from nothing)
    seedEmbeddedDatabase(dataDir);
    await (await start(dataDir, [])).close();
    // as a copy or a restore with a loose umask leaves it
    chmodSync(dataDir, 0o755);
    chmodSync(path.join(dataDir, 'secrets.key'), 0o644);
    chmodSync(path.join(dataDir, 'pgdata', 'base'), 0o755);
    chmodSync(path.join(dataDir, 'pgdata', 'PG_VERSION'), 0o644);
    expect(existsSync(path.join(dataDir, 'ordergate.lock'))).toBe(false);

    const lines: { level: number; msg: string; path?: string }[] = [];
    const gateway = await start(dataDir, lines);
    try {
      expect(modeOf(dataDir)).toBe(0o700);
      expect(openToOthers(dataDir)).toEqual([]);
    } finally {
      await gateway.close();
    }
    const warnings = lines.filter((l) => l.level === 40);
    expect(warnings.map((w) => w.path)).toEqual([dataDir, path.join(dataDir, 'secrets.key')]);
    expect(warnings.map((w) => w.msg)).toEqual([
      expect.stringMatching(/group or others/),
      expect.stringMatching(/group or others/),
    ]);
  });
});

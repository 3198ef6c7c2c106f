import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/services.ts';
import { loadConfig } from './config.ts';
import { parseSecretsKey } from './secret-box.ts';
import { SECRETS_KEY_FILE, setUpSecretBox } from './secrets-key.ts';

/** A logger that keeps what it was told, to check what is (and is not) logged. */
function recorder() {
  const lines: { level: string; message: string; args: unknown[] }[] = [];
  const at =
    (level: string) =>
    (...args: unknown[]) => {
      lines.push({ level, message: String(args[1] ?? args[0]), args });
    };
  return { lines, log: { info: at('info'), warn: at('warn') } };
}

describe('secrets key', () => {
  const dirs: { remove(): void }[] = [];
  const dataDir = () => {
    const tmp = tempDir();
    dirs.push(tmp);
    return path.join(tmp.dir, 'data');
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) d.remove();
  });

  it('is generated once into the data directory (mode 0600), then read back, and never logged', async () => {
    const dir = dataDir();
    const first = recorder();
    const box = await setUpSecretBox({ dataDir: dir }, first.log);
    const file = path.join(dir, SECRETS_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // on a shared database nothing else creates the data directory
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const key = readFileSync(file, 'utf8');
    expect(parseSecretsKey(key)).toHaveLength(32);
    expect(first.lines.map((l) => l.level)).toEqual(['info']);
    expect(JSON.stringify(first.lines)).not.toContain(key.trim());

    const again = recorder();
    const reopened = await setUpSecretBox({ dataDir: dir }, again.log);
    expect(reopened.keyId).toBe(box.keyId);
    expect(reopened.open(box.seal('pw'))).toBe('pw');
    expect(again.lines).toEqual([]);
  });

  it('gives processes starting together on one directory the same key', async () => {
    const dir = dataDir();
    const boxes = await Promise.all(
      Array.from({ length: 8 }, () => setUpSecretBox({ dataDir: dir }, recorder().log)),
    );
    expect(new Set(boxes.map((b) => b.keyId)).size).toBe(1);
  });

  it('takes ORDERGATE_SECRETS_KEY over the file, and warns on a shared database without it', async () => {
    const dir = dataDir();
    const key = randomBytes(32);
    const fromEnv = await setUpSecretBox({ dataDir: dir, secretsKey: key }, recorder().log);
    expect(() => statSync(path.join(dir, SECRETS_KEY_FILE))).toThrow();
    const shared = recorder();
    const generated = await setUpSecretBox({ dataDir: dir, databaseUrl: 'postgres://db/og' }, shared.log);
    expect(generated.keyId).not.toBe(fromEnv.keyId);
    expect(shared.lines.find((l) => l.level === 'warn')?.message).toMatch(/set ORDERGATE_SECRETS_KEY/);
  });

  it('reads ORDERGATE_SECRETS_KEY from the environment, refusing one that is not 32 bytes without echoing it', () => {
    const key = randomBytes(32);
    expect(loadConfig({ ORDERGATE_SECRETS_KEY: key.toString('base64') }).secretsKey).toEqual(key);
    expect(loadConfig({}).secretsKey).toBeUndefined();
    expect(() => loadConfig({ ORDERGATE_SECRETS_KEY: 'hunter2-is-no-key' })).toThrow(
      /ORDERGATE_SECRETS_KEY: must be 32 bytes, base64 or hex/,
    );
    expect(() => loadConfig({ ORDERGATE_SECRETS_KEY: 'hunter2-is-no-key' })).not.toThrow(/hunter2/);
  });

  it('refuses a key file that holds no key', async () => {
    const dir = dataDir();
    await setUpSecretBox({ dataDir: dir }, recorder().log);
    writeFileSync(path.join(dir, SECRETS_KEY_FILE), 'not a key\n');
    await expect(setUpSecretBox({ dataDir: dir }, recorder().log)).rejects.toThrow(
      /does not hold a secrets key/,
    );
  });
});

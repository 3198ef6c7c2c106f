import { randomBytes } from 'node:crypto';
import { link, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Config, ConfigError } from './config.ts';
import type { Logger } from './logger.ts';
import { closeToOthers, ensurePrivateDir, PRIVATE_FILE_MODE } from './private-files.ts';
import { createSecretBox, parseSecretsKey, type SecretBox } from './secret-box.ts';

/** Where a generated key is kept, inside ORDERGATE_DATA_DIR. */
export const SECRETS_KEY_FILE = 'secrets.key';

/**
 * The box delivery credentials are sealed with: ORDERGATE_SECRETS_KEY when set; otherwise the key in
 * `<data dir>/secrets.key`, generated (mode 0600, in a data directory 0700) on the very first start; a key file
 * or data directory found open to group or others is closed to them, with a warning. The key itself is never
 * logged.
 */
export async function setUpSecretBox(
  config: Pick<Config, 'secretsKey' | 'dataDir' | 'databaseUrl'>,
  log: Pick<Logger, 'info' | 'warn'>,
): Promise<SecretBox> {
  return createSecretBox(await loadSecretsKey(config, log));
}

/** The key of {@link setUpSecretBox}, for a thread that makes its own box with it (the pipeline's). */
export async function loadSecretsKey(
  config: Pick<Config, 'secretsKey' | 'dataDir' | 'databaseUrl'>,
  log: Pick<Logger, 'info' | 'warn'>,
): Promise<Buffer> {
  if (config.secretsKey) return config.secretsKey;
  const file = path.join(config.dataDir, SECRETS_KEY_FILE);
  ensurePrivateDir(config.dataDir, log);
  const key = (await readKeyFile(file, log)) ?? (await createKeyFile(file, log));
  if (config.databaseUrl) {
    // a shared database is usually shared by processes on other machines, which cannot read this file
    log.warn(
      { file },
      'ORDERGATE_SECRETS_KEY is unset: delivery credentials are sealed with the key generated in this file; every process on this database needs the same key, so set ORDERGATE_SECRETS_KEY (to the content of this file) everywhere',
    );
  }
  return key;
}

async function readKeyFile(file: string, log: Pick<Logger, 'warn'>): Promise<Buffer | undefined> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  closeToOthers(file, PRIVATE_FILE_MODE, log);
  const key = parseSecretsKey(text);
  if (key === undefined)
    throw new ConfigError(`${file} does not hold a secrets key (32 bytes, base64 or hex)`);
  return key;
}

async function createKeyFile(file: string, log: Pick<Logger, 'info' | 'warn'>): Promise<Buffer> {
  // written whole under a private name, then linked into place: processes starting together on one data
  // directory all end up reading the one key that was linked first, never a half-written file
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(draft, `${randomBytes(32).toString('base64')}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  try {
    await link(draft, file);
    log.info(
      { file },
      'generated the secrets key delivery credentials are sealed with; back it up apart from the database',
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(draft, { force: true });
  }
  const key = await readKeyFile(file, log);
  if (key === undefined) throw new ConfigError(`${file} vanished while it was being created`);
  return key;
}

import { createHash, timingSafeEqual } from 'node:crypto';
import { connect as connectSocket, type Socket } from 'node:net';
import path from 'node:path';
import type SftpClient from 'ssh2-sftp-client';
import { z } from 'zod';
import type { DeliveryPayload, OutboundConnector } from '../../src/core/connector.ts';
import { type GatewayError, permanent, retryable } from '../../src/core/errors.ts';
import { deliveryAddresses, literalHostProblem, pinnedLookup } from '../delivery-address.ts';

export const SftpConfig = z
  .strictObject({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535).default(22),
    username: z.string().min(1),
    /** OpenSSH or PEM private key text; never logged nor put in an error. */
    privateKey: z.string().min(1).optional(),
    /** Passphrase of an encrypted `privateKey`. */
    passphrase: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    /** Absolute or login-relative directory the partner picks files up from; it must already exist. */
    remoteDir: z.string().min(1),
    /**
     * The server's host key fingerprint as `ssh-keygen -lf` prints it (`SHA256:base64…`, the prefix optional).
     * When set, any other host key is refused (permanent): we never hand a document to an impostor.
     */
    hostKeySha256: z
      .string()
      .regex(
        /^(SHA256:)?[A-Za-z0-9+/]{43}=?$/,
        'must be a SHA256 fingerprint like SHA256:abc… (43 base64 chars)',
      )
      .optional(),
    timeoutMs: z.number().int().min(1).max(600_000).default(30_000),
  })
  .refine((c) => c.privateKey !== undefined || c.password !== undefined, {
    error: 'set privateKey or password',
    path: ['privateKey'],
  });
export type SftpConfig = z.infer<typeof SftpConfig>;
export type SftpConfigInput = z.input<typeof SftpConfig>;

/** The fingerprint OpenSSH shows for a raw public key blob: `SHA256:` + unpadded base64 of its SHA-256. */
export function hostKeyFingerprint(keyBlob: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** Where a payload lands: uploaded under `partPath`, then renamed to `finalPath` for the partner's pickup. */
export function remotePaths(
  payload: DeliveryPayload,
  remoteDir: string,
): { partPath: string; finalPath: string } {
  for (const [field, value] of [
    ['filename', payload.filename],
    ['documentType', payload.documentType],
    ['idempotencyKey', payload.idempotencyKey],
  ] as const) {
    // Each becomes one path segment: refuse anything that could climb out of remoteDir.
    if (!value || value === '.' || value === '..' || /[/\\\0]/.test(value))
      throw permanent(
        'sftp.bad_name',
        `${field} ${JSON.stringify(value)} cannot be used in a remote file name`,
      );
  }
  return {
    partPath: path.posix.join(remoteDir, `${payload.filename}.part`),
    finalPath: path.posix.join(remoteDir, `${payload.documentType}-${payload.idempotencyKey}.edi`),
  };
}

/** What the SSH layer said while connecting, kept to classify the failure (the client library drops `level`). */
interface Observed {
  hostKeyMismatch: boolean;
  sshLevel?: string;
}

/**
 * SFTP delivery: the document is written to `<remoteDir>/<filename>.part` and then renamed to
 * `<remoteDir>/<documentType>-<idempotencyKey>.edi`, so a partner polling the directory never picks up half a
 * file. A final file already there with the same size is the same document delivered before (a retry after a
 * lost answer): it counts as delivered and is not written again. One attempt per call; never retries itself.
 * The host must resolve to public addresses only, unless the context allows private ones (see
 * `deliveryAddresses`); the connection goes to the addresses that were checked.
 */
export const sftpTransport: OutboundConnector<SftpConfig> = {
  id: 'sftp',
  configSchema: SftpConfig,
  check(config, context) {
    const problem = literalHostProblem(config.host, context);
    return problem === undefined ? [] : [{ path: 'host', message: problem }];
  },
  async send(payload, config, context) {
    const { partPath, finalPath } = remotePaths(payload, config.remoteDir);
    const where = `sftp://${config.username}@${config.host}:${config.port}`;
    const details = { server: where, remoteDir: config.remoteDir, idempotencyKey: payload.idempotencyKey };
    const observed: Observed = { hostKeyMismatch: false };
    const addresses = await deliveryAddresses(config.host, context).catch((error: unknown) => {
      throw classify(error, observed, where, details);
    });
    // loaded by the first delivery (with ssh2), not by every process that imports the connectors
    const { default: SftpClient } = await import('ssh2-sftp-client');
    // Quiet global listeners: the library's defaults print to the console; failures reach us as rejections.
    const client = new SftpClient('ordergate', { error: () => {}, end: () => {}, close: () => {} });
    client.on('error', (err: { level?: unknown }) => {
      observed.sshLevel ??= typeof err?.level === 'string' ? err.level : undefined;
    });
    // Our own socket, so a timeout can always tear the connection down, even mid-handshake.
    const socket: Socket = connectSocket({
      host: config.host,
      port: config.port,
      lookup: pinnedLookup(addresses),
    });
    socket.on('error', () => {}); // reported through ssh2's 'error' (level client-socket)
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            retryable('sftp.timeout', `${where} did not finish within ${config.timeoutMs} ms`, { details }),
          ),
        config.timeoutMs,
      );
    });
    try {
      return await Promise.race([
        deliver(client, socket, payload, config, observed, partPath, finalPath),
        deadline,
      ]);
    } catch (error) {
      throw classify(error, observed, where, details);
    } finally {
      clearTimeout(timer);
      await Promise.race([client.end().catch(() => {}), new Promise((r) => setTimeout(r, 1_000).unref())]);
      socket.destroy();
    }
  },
};

async function deliver(
  client: SftpClient,
  socket: Socket,
  payload: DeliveryPayload,
  config: SftpConfig,
  observed: Observed,
  partPath: string,
  finalPath: string,
): Promise<{ deliveredAt: Date; remoteId: string }> {
  const pinned = config.hostKeySha256?.replace(/^SHA256:/, '').replace(/=$/, '');
  await client.connect({
    sock: socket,
    host: config.host,
    port: config.port,
    username: config.username,
    ...(config.privateKey === undefined ? {} : { privateKey: config.privateKey }),
    ...(config.passphrase === undefined ? {} : { passphrase: config.passphrase }),
    ...(config.password === undefined ? {} : { password: config.password }),
    readyTimeout: config.timeoutMs,
    // Never fall back to keyboard-interactive prompts or an agent: only the configured credentials.
    tryKeyboard: false,
    ...(pinned === undefined
      ? {}
      : {
          hostVerifier: (key: Buffer) => {
            const seen = Buffer.from(hostKeyFingerprint(key).slice('SHA256:'.length));
            const wanted = Buffer.from(pinned);
            const ok = seen.length === wanted.length && timingSafeEqual(seen, wanted);
            if (!ok) observed.hostKeyMismatch = true;
            return ok;
          },
        }),
  });

  const dir = await client.exists(config.remoteDir);
  if (dir !== 'd')
    throw permanent('sftp.remote_dir_missing', `remote directory ${config.remoteDir} does not exist`);

  const size = payload.bytes.byteLength;
  if (await alreadyDelivered(client, finalPath, size))
    return { deliveredAt: new Date(), remoteId: finalPath };

  // A stale .part from an interrupted attempt is simply overwritten (put opens with "w", truncating).
  await client.put(Buffer.from(payload.bytes.buffer, payload.bytes.byteOffset, size), partPath);
  try {
    // SFTP v3 rename (OpenSSH: link + unlink) refuses to replace an existing file, which is what we want.
    await client.rename(partPath, finalPath);
  } catch (error) {
    // Another worker may have delivered the same document meanwhile: then ours is a duplicate.
    if (await alreadyDelivered(client, finalPath, size)) {
      await client.delete(partPath, true).catch(() => {});
      return { deliveredAt: new Date(), remoteId: finalPath };
    }
    throw error;
  }
  return { deliveredAt: new Date(), remoteId: finalPath };
}

/** True when `finalPath` holds a file of this size; a file of another size under the same key is a conflict. */
async function alreadyDelivered(client: SftpClient, finalPath: string, size: number): Promise<boolean> {
  if ((await client.exists(finalPath)) === false) return false;
  const stat = await client.stat(finalPath);
  if (stat.isFile && stat.size === size) return true;
  throw permanent(
    'sftp.conflict',
    `${finalPath} already exists with ${stat.size} bytes, not ${size}: a different document under the same idempotency key`,
  );
}

/** SFTP status codes (draft-ietf-secsh-filexfer-02 §7), kept by the client library as `code`. */
const SSH_FX_NO_SUCH_FILE = 2;
const SSH_FX_PERMISSION_DENIED = 3;

function classify(
  error: unknown,
  observed: Observed,
  where: string,
  details: Record<string, unknown>,
): GatewayError {
  if (typeof error === 'object' && error !== null && 'kind' in error && 'code' in error) {
    return error as GatewayError; // already ours (timeout, conflict, missing directory)
  }
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (observed.hostKeyMismatch)
    return permanent(
      'sftp.host_key_mismatch',
      `${where} presented a host key that does not match hostKeySha256; refusing to deliver (check with the partner before changing it)`,
      { details },
    );
  if (observed.sshLevel === 'client-authentication')
    return permanent('sftp.unauthorized', `${where} refused our credentials`, { details });
  if (/cannot parse privateKey|encrypted private ?key/i.test(message))
    return permanent(
      'sftp.bad_key',
      'the configured privateKey cannot be used (not a key, or wrong passphrase)',
      {
        details,
      },
    );
  if (observed.sshLevel === 'client-timeout')
    return retryable('sftp.timeout', `${where} did not complete the SSH handshake in time`, { details });
  if (observed.sshLevel === 'client-socket' || observed.sshLevel === 'client-dns' || isNetworkCode(code))
    return retryable(
      'sftp.network',
      `could not reach ${where} (${typeof code === 'string' ? code : message})`,
      {
        details,
      },
    );
  if (code === SSH_FX_PERMISSION_DENIED || code === 'EACCES')
    return permanent('sftp.permission_denied', `${where} denied access: ${message}`, { details });
  if (code === SSH_FX_NO_SUCH_FILE || code === 'ENOENT')
    return permanent('sftp.remote_dir_missing', `${where}: ${message}`, { details });
  // Anything else (connection dropped mid-transfer, server-side failure) may well pass on the next attempt.
  return retryable('sftp.failed', `${where}: ${message}`, { details: { ...details, errno: code } });
}

function isNetworkCode(code: unknown): boolean {
  return (
    typeof code === 'string' &&
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EHOSTUNREACH',
      'ENETUNREACH',
      'ENOTFOUND',
      'EAI_AGAIN',
      'EPIPE',
    ].includes(code)
  );
}

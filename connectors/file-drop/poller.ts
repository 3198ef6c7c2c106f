import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { and, eq, gte } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { messages } from '../../src/db/schema.ts';
import { receiveMessage } from '../../src/pipeline/receive.ts';
import type { Config } from '../../src/runtime/config.ts';
import type { Logger } from '../../src/runtime/logger.ts';
import { channelOf, FileDropConfig, type FileDropConfigInput } from './config.ts';
import { type ClaimedFile, FileDropSource } from './source.ts';

/**
 * How far the database clock (received_at) may lag the poller's clock (claim time) when a recovered claim
 * is matched against what is already stored; generous, since a miss means storing a file twice.
 */
const CLOCK_SKEW_MS = 10 * 60_000;

export interface StartFileDropOptions {
  db: Database;
  config: Pick<Config, 'dropDir' | 'maxInboundBytes'>;
  log: Logger;
  /** The dispatcher's wake-up, called after each file is committed so its decode starts at once. */
  notify(): void;
  /** Settings beyond the environment's (pollMs, partnerId, settleMs, staleMs …); `dir` defaults to dropDir. */
  drop?: Partial<FileDropConfigInput>;
}

export interface FileDrop {
  /** Runs a pass now (after the one in progress); resolves when it is done. */
  pollNow(): Promise<void>;
  /** Stops polling, waits for the pass in progress, and hands unfinished claims over to the next poller. */
  close(): Promise<void>;
}

/**
 * Polls the drop folder (`config.dropDir`) every `pollMs` (default 1 s; fs.watch is unreliable on network
 * and container filesystems, so it is not used). Each ready file is claimed, stored with `receiveMessage`
 * (raw bytes and the decode job in one transaction), announced with `notify()`, and only then archived. When
 * storing fails (database down) the file stays claimed and is retried next pass. Safe to run in several
 * processes over one folder (claims are atomic renames), though one per folder is the simple deployment.
 * Resolves once the folder exists and the first pass is scheduled; without `dropDir` it does nothing.
 */
export async function startFileDrop(options: StartFileDropOptions): Promise<FileDrop> {
  const { db, log } = options;
  const dir = options.drop?.dir ?? options.config.dropDir;
  if (dir === undefined) return { pollNow: async () => {}, close: async () => {} };
  const config = FileDropConfig.parse({ maxBytes: options.config.maxInboundBytes, ...options.drop, dir });
  await mkdir(config.dir, { recursive: true });
  const source = new FileDropSource(config, {
    refused: (file, refusal, movedTo) =>
      log.warn({ file, reason: refusal.reason, movedTo }, `file-drop: refused: ${refusal.message}`),
    readFailed: (file, error) =>
      log.warn({ err: error, file }, 'file-drop: could not read; retried next poll'),
  });

  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let beating: Promise<void> = source.heartbeat();
  await beating;

  const storeOne = async (item: ClaimedFile): Promise<boolean> => {
    const sha256 = createHash('sha256').update(item.raw.bytes).digest('hex');
    const file = item.name;
    try {
      if (item.recovered) {
        const since = new Date(item.claimedAt.getTime() - CLOCK_SKEW_MS);
        const existing = await findStoredCopy(db, { filename: file, sha256, since });
        if (existing !== undefined) {
          log.info({ file, messageId: existing }, 'file-drop: already stored before a restart; archiving');
          await archive(item);
          return true;
        }
      }
      const { messageId } = await receiveMessage(db, {
        channel: channelOf(config),
        bytes: item.raw.bytes,
        ...(config.partnerId ? { partnerId: config.partnerId } : {}),
        sender: item.raw.sender,
        filename: file,
        actor: 'file-drop',
      });
      log.info({ file, messageId, size: item.raw.bytes.byteLength }, 'file-drop: stored');
    } catch (error) {
      // The commit may or may not have happened; the claim is marked recovered next pass and checked first.
      log.warn({ err: error, file }, 'file-drop: could not store; the file stays claimed and is retried');
      return false;
    }
    try {
      options.notify();
    } catch (error) {
      log.warn(
        { err: error },
        'file-drop: dispatcher wake-up failed; the relay picks the job up on its poll',
      );
    }
    await archive(item);
    return true;
  };

  const archive = async (item: ClaimedFile) => {
    try {
      await source.confirm(item.raw.ref!);
    } catch (error) {
      // Stored already: the claim stays and the next pass finds the stored copy and archives it then.
      log.error({ err: error, file: item.name }, 'file-drop: stored but could not archive');
    }
  };

  const pass = async () => {
    for await (const item of source.poll(() => new Date())) {
      if (stopped || !(await storeOne(item))) break; // a failed store: the database is likely down
    }
  };

  const pollNow = () => {
    running = running
      .then(pass)
      .catch((error: unknown) => log.error({ err: error }, 'file-drop: poll failed'));
    return running;
  };

  let timer: NodeJS.Timeout | undefined;
  const schedule = (delay: number) => {
    timer = setTimeout(() => {
      void pollNow().then(() => {
        if (!stopped) schedule(config.pollMs);
      });
    }, delay);
  };
  // Others may adopt our claims when this goes quiet for staleMs; beat well within that, apart from passes.
  const heartbeat = setInterval(
    () => {
      beating = source
        .heartbeat()
        .catch((error: unknown) => log.warn({ err: error }, 'file-drop: heartbeat'));
    },
    Math.min(config.staleMs / 3, 10_000),
  );
  heartbeat.unref();
  schedule(0); // the first pass at once: it retries what a previous run left claimed
  log.info({ dir: config.dir, pollMs: config.pollMs }, 'file-drop: watching folder');

  return {
    pollNow,
    async close() {
      stopped = true;
      clearTimeout(timer);
      clearInterval(heartbeat);
      await running;
      await beating;
      await source.close();
    },
  };
}

/** The id of an inbound message already stored from this file (same name and bytes), if any. */
export async function findStoredCopy(
  db: Database,
  file: { filename: string; sha256: string; since: Date },
): Promise<string | undefined> {
  const rows = await db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.direction, 'inbound'),
        eq(messages.sha256, file.sha256),
        eq(messages.filename, file.filename),
        eq(messages.sender, `file:${file.filename}`),
        gte(messages.receivedAt, file.since),
      ),
    )
    .limit(1);
  return rows[0]?.id;
}

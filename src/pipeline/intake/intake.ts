import { and, eq, gte, isNull } from 'drizzle-orm';
import type { InboundConnector, RawMessage, SourceState } from '../../core/connector.ts';
import type { Database } from '../../db/client.ts';
import { connectorInstances, messages } from '../../db/schema.ts';
import { messageDigest } from '../../db/store-message.ts';
import type { Logger } from '../../runtime/logger.ts';
import { receiveMessage } from './receive.ts';

/**
 * How far the database clock (received_at) may lag the source's clock (`recoveredAt`) when a recovered
 * message is matched against what is already stored; generous, since a miss means storing a message twice.
 */
const CLOCK_SKEW_MS = 10 * 60_000;

export interface IntakeDeps {
  db: Database;
  log: Logger;
  /** The dispatcher's wake-up, called after each message is committed so its decode starts at once. */
  notify(): void;
  /**
   * The stored connector instance this intake runs (connector_instances.id): its messages are stored as
   * received by it, and its source's state is kept in its row. Without one the state lives in memory.
   */
  instanceId?: string;
}

/** A receiving connector at work. */
export interface Intake {
  /** Runs a pass now (after the one in progress); resolves when it is done. */
  pollNow(): Promise<void>;
  /** Stops polling, waits for the pass in progress, and closes the source (unconfirmed messages stay there). */
  close(): Promise<void>;
}

/**
 * The one intake path for every receiving connector (issue 12): opens the connector's source for `config`
 * and, every `pollMs` (and at once), takes what it has: each message is stored raw with its decode job
 * (`receiveMessage`, one transaction), the dispatcher is woken, and only then is the source told to let go
 * (`confirm`). A message the source hands out again after a failure (`recoveredAt`) is first looked for among
 * the stored ones, so it is never stored twice. A failed store ends the pass (the database is likely down):
 * the message stays with the source and is retried next pass, which is the back-pressure every door gets.
 */
export async function startIntake<C>(
  connector: InboundConnector<C>,
  config: C,
  deps: IntakeDeps,
): Promise<Intake> {
  if (connector.open === undefined) throw new Error(`connector ${connector.id} receives nothing`);
  const { db, log } = deps;
  let pollNow: () => Promise<void> = async () => {};
  const source = await connector.open(config, {
    now: () => new Date(),
    warn: (details, message) => log.warn(details, message),
    wake: () => void pollNow(),
    state: deps.instanceId === undefined ? memoryState() : instanceState(db, deps.instanceId),
  });

  const storeOne = async (raw: RawMessage): Promise<boolean> => {
    try {
      if (raw.recoveredAt) {
        const sha256 = messageDigest(raw.bytes);
        const since = new Date(raw.recoveredAt.getTime() - CLOCK_SKEW_MS);
        const existing = await findStoredCopy(db, { ...raw, sha256, since });
        if (existing !== undefined) {
          log.info(
            { connector: connector.id, ref: raw.ref, messageId: existing },
            'intake: stored before; confirming',
          );
          return confirm(raw);
        }
      }
      const { messageId } = await storeInbound(
        deps,
        deps.instanceId === undefined ? raw : { ...raw, connectorInstance: deps.instanceId },
        connector.id,
      );
      log.info(
        { connector: connector.id, filename: raw.filename, messageId, size: raw.bytes.byteLength },
        'intake: stored',
      );
    } catch (error) {
      // The commit may or may not have happened: the source hands it out again, marked recovered.
      log.warn(
        { err: error, connector: connector.id, ref: raw.ref },
        'intake: could not store; retried next pass',
      );
      return false;
    }
    return confirm(raw);
  };

  const confirm = async (raw: RawMessage): Promise<boolean> => {
    try {
      if (raw.ref !== undefined) await source.confirm(raw.ref);
    } catch (error) {
      // Stored already: the source hands it out again next pass, recovered, and the stored copy is found then.
      log.error(
        { err: error, connector: connector.id, ref: raw.ref },
        'intake: stored but could not confirm',
      );
    }
    return true;
  };

  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const pass = async () => {
    for await (const raw of source.receive()) {
      if (stopped || !(await storeOne(raw))) break;
    }
  };
  pollNow = () => {
    running = running
      .then(pass)
      .catch((error: unknown) => log.error({ err: error, connector: connector.id }, 'intake: pass failed'));
    return running;
  };
  let timer: NodeJS.Timeout | undefined;
  const schedule = (delay: number) => {
    timer = setTimeout(() => {
      void pollNow().then(() => {
        if (!stopped) schedule(source.pollMs);
      });
    }, delay);
  };
  schedule(0); // the first pass at once: it retries what a previous run left unconfirmed
  return {
    pollNow,
    async close() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await source.close();
    },
  };
}

/**
 * Stores one received message raw with its decode job (one transaction) and wakes the dispatcher: the step
 * every door shares, pulled (the runner above) or pushed (the HTTP doors, which answer 202 after it). Throws
 * when nothing was stored; the door then tells its sender to retry (503) or keeps the message (a source).
 */
export async function storeInbound(
  deps: Pick<IntakeDeps, 'db' | 'log' | 'notify'>,
  raw: Omit<RawMessage, 'receivedAt'> & { connectorInstance?: string },
  actor: string,
): Promise<{ messageId: string }> {
  const stored = await receiveMessage(deps.db, {
    channel: raw.channel,
    bytes: raw.bytes,
    ...(raw.connectorInstance ? { connectorInstance: raw.connectorInstance } : {}),
    ...(raw.partnerId ? { partnerId: raw.partnerId } : {}),
    ...(raw.sender ? { sender: raw.sender } : {}),
    ...(raw.filename ? { filename: raw.filename } : {}),
    ...(raw.contentType ? { contentType: raw.contentType } : {}),
    actor,
  });
  wakeDispatcher(deps);
  return stored;
}

/**
 * Wakes the dispatcher after a commit that queued a job, so the job starts at once. A failed wake-up is only
 * logged: the relay's poll picks the job up from the outbox anyway, and what was committed stands.
 */
export function wakeDispatcher(deps: Pick<IntakeDeps, 'log' | 'notify'>): void {
  try {
    deps.notify();
  } catch (error) {
    deps.log.warn({ err: error }, 'dispatcher wake-up failed; the relay picks the job up on its poll');
  }
}

/** The id of an inbound message already stored from this source (same sender, name and bytes), if any. */
export async function findStoredCopy(
  db: Database,
  raw: Pick<RawMessage, 'sender' | 'filename'> & { sha256: string; since: Date },
): Promise<string | undefined> {
  const rows = await db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        eq(messages.direction, 'inbound'),
        eq(messages.sha256, raw.sha256),
        raw.filename === undefined ? isNull(messages.filename) : eq(messages.filename, raw.filename),
        raw.sender === undefined ? isNull(messages.sender) : eq(messages.sender, raw.sender),
        gte(messages.receivedAt, raw.since),
      ),
    )
    .limit(1);
  return rows[0]?.id;
}

/** A source's state kept in memory only: an intake without a stored instance (tests, the env drop folder). */
function memoryState(): SourceState {
  let value: unknown;
  return {
    load: async () => value,
    save: async (next) => {
      value = next;
    },
  };
}

/** A source's state in its instance's row, shared by every process that runs the instance. */
function instanceState(db: Database, instanceId: string): SourceState {
  return {
    async load() {
      const [row] = await db
        .select({ state: connectorInstances.state })
        .from(connectorInstances)
        .where(eq(connectorInstances.id, instanceId));
      return row?.state ?? undefined;
    },
    async save(value) {
      await db.update(connectorInstances).set({ state: value }).where(eq(connectorInstances.id, instanceId));
    },
  };
}

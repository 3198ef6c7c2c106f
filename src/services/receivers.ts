import { inboundConnector } from '../../connectors/index.ts';
import type { Database } from '../db/client.ts';
import { type Intake, startIntake } from '../pipeline/intake/intake.ts';
import type { Logger } from '../runtime/logger.ts';
import type { SecretBox } from '../runtime/secret-box.ts';
import { enabledReceivers } from './connector-instances.ts';

export interface ReceiversDeps {
  db: Database;
  secrets: SecretBox;
  log: Logger;
  notify(): void;
  /** How often the stored instances are read again, for changes made through another process. */
  refreshMs?: number;
}

/** The receiving connector instances a `serve` process runs. */
export interface Receivers {
  /** Reads the stored instances now: starts new and changed ones, stops removed and disabled ones. */
  refresh(): Promise<void>;
  /** The running instances' intakes, by instance id (tests poll them on demand). */
  running(): ReadonlyMap<string, Intake>;
  close(): Promise<void>;
}

/**
 * Runs every enabled receiving connector instance (connector_instances) on the intake runner, and keeps the
 * running set as stored: `refresh` after a change through the API, and every `refreshMs` for changes made
 * elsewhere. An instance that cannot start (a folder gone) is logged and tried again at the next refresh.
 */
export async function startReceivers(deps: ReceiversDeps): Promise<Receivers> {
  const running = new Map<string, { updatedAt: number; intake: Intake }>();
  let queue: Promise<void> = Promise.resolve();
  let closed = false;

  const reconcile = async () => {
    if (closed) return;
    const wanted = await enabledReceivers(deps.db, deps.secrets);
    const byId = new Map(wanted.map((w) => [w.id, w]));
    for (const [id, current] of running) {
      const want = byId.get(id);
      if (want && want.updatedAt.getTime() === current.updatedAt) continue;
      running.delete(id);
      await current.intake.close();
      deps.log.info(
        { instance: id },
        want ? 'connector instance changed; restarting' : 'connector instance stopped',
      );
    }
    for (const instance of wanted) {
      if (running.has(instance.id)) continue;
      const connector = inboundConnector(instance.connector)!;
      try {
        const intake = await startIntake(connector, instance.config, { ...deps, instanceId: instance.id });
        running.set(instance.id, { updatedAt: instance.updatedAt.getTime(), intake });
        deps.log.info({ instance: instance.id, connector: connector.id }, 'connector instance started');
      } catch (error) {
        deps.log.error(
          { err: error, instance: instance.id },
          'connector instance could not start; retried later',
        );
      }
    }
  };
  const refresh = () => {
    queue = queue
      .then(reconcile)
      .catch((error: unknown) =>
        deps.log.error({ err: error }, 'connector instances could not be read; retried later'),
      );
    return queue;
  };
  await refresh();
  const timer = setInterval(() => void refresh(), deps.refreshMs ?? 30_000);
  timer.unref();
  return {
    refresh,
    running: () => new Map([...running].map(([id, r]) => [id, r.intake])),
    async close() {
      closed = true;
      clearInterval(timer);
      await queue;
      for (const { intake } of running.values()) await intake.close();
      running.clear();
    },
  };
}

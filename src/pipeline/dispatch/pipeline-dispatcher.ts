import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from '../../db/client.ts';
import type { Config } from '../../runtime/config.ts';
import type { Logger } from '../../runtime/logger.ts';
import { BullmqDispatcher } from './bullmq-dispatcher.ts';
import type { Dispatcher, DispatcherOptions } from './dispatcher.ts';
import { InProcessDispatcher } from './in-process-dispatcher.ts';
import { type Stage, stageRegistry } from './stage.ts';

/** The dispatcher the configuration asks for: BullMQ when REDIS_URL is set, else the in-process pool. */
export function pipelineDispatcher(
  config: Pick<Config, 'redisUrl' | 'queuePrefix' | 'workerConcurrency' | 'jobLeaseMs'>,
  db: Database,
  stages: readonly Stage[],
  log: Logger,
  onFinished?: DispatcherOptions['onFinished'],
): Dispatcher {
  const options: DispatcherOptions = {
    db,
    stages: stageRegistry(stages),
    log,
    workerId: `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`,
    concurrency: config.workerConcurrency,
    leaseMs: config.jobLeaseMs,
    ...(onFinished ? { onFinished } : {}),
  };
  return config.redisUrl
    ? new BullmqDispatcher({ ...options, redisUrl: config.redisUrl, prefix: config.queuePrefix })
    : new InProcessDispatcher(options);
}

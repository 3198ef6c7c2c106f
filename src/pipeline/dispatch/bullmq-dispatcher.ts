import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { groupBy } from '../../core/group-by.ts';
import type { Dispatcher, DispatcherOptions } from './dispatcher.ts';
import { runJobChain } from './job-chain.ts';
import { type DueJob, Relay } from './relay.ts';

/** Job data is validated at dequeue (house rule 4): it carries the job's id and nothing else. */
const JobData = z.object({ jobId: z.string().min(1) });

export interface BullmqDispatcherOptions extends DispatcherOptions {
  redisUrl: string;
  prefix: string;
}

/**
 * BullMQ on Redis: one queue per stage, job ids equal to outbox ids so re-dispatches collapse. BullMQ is only
 * the delivery mechanism: the outbox row decides whether a job is due, leased or done, so retries and
 * crash recovery behave the same as in-process, and Redis losing its data loses no work.
 */
export class BullmqDispatcher implements Dispatcher {
  readonly kind = 'bullmq' as const;
  private readonly producer: Redis;
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private readonly workerConnections: Redis[] = [];
  private readonly relay: Relay;

  constructor(private readonly options: BullmqDispatcherOptions) {
    // Producers fail fast while Redis is down (the relay retries); workers wait for it forever.
    this.producer = new Redis(options.redisUrl, { maxRetriesPerRequest: 3 });
    this.producer.on('error', (error) =>
      options.log.debug({ err: error }, 'redis producer connection error'),
    );
    for (const stage of options.stages.keys()) {
      const queue = new Queue(stage, { connection: this.producer, prefix: options.prefix });
      // without a listener BullMQ writes every connection error to stderr with console.error, unstructured
      queue.on('error', (error) => options.log.debug({ err: error, stage }, 'bullmq queue error'));
      this.queues.set(stage, queue);
    }
    this.relay = new Relay({
      db: options.db,
      log: options.log,
      pollMs: options.pollMs ?? 2000,
      redispatchAfterMs: Math.max(options.leaseMs * 2, 10_000),
      dispatch: async (batch) => this.enqueue(batch),
    });
    // A reconnect may be to a Redis that lost its data (restarted without persistence): dispatch every pending
    // job again now rather than after the redispatch window (a minute with the default lease).
    let connected = false;
    this.producer.on('ready', () => {
      if (connected)
        this.relay
          .redispatchAll()
          .catch((error: unknown) => options.log.warn({ err: error }, 'redispatch after reconnect failed'));
      connected = true;
    });
  }

  private async enqueue(batch: DueJob[]): Promise<void> {
    for (const [stage, list] of groupBy(batch, (job) => job.stage)) {
      const queue = this.queues.get(stage);
      if (!queue) {
        this.options.log.error(
          { stage },
          'job for a stage this process does not know; leaving it for another',
        );
        continue;
      }
      await queue.addBulk(
        list.map((job) => ({
          name: stage,
          data: { jobId: job.id },
          opts: { jobId: job.id, removeOnComplete: true, removeOnFail: true, attempts: 1 },
        })),
      );
    }
  }

  async start({ workers }: { workers: boolean }): Promise<void> {
    await this.ping().catch((error: unknown) => {
      throw new Error(`cannot reach Redis at REDIS_URL: ${(error as Error).message}`);
    });
    if (workers) {
      for (const stage of this.options.stages.keys()) {
        const connection = new Redis(this.options.redisUrl, { maxRetriesPerRequest: null });
        this.workerConnections.push(connection);
        const worker = new Worker(
          stage,
          async (job) => runJobChain(this.options, JobData.parse(job.data).jobId, () => this.relay.notify()),
          {
            connection,
            prefix: this.options.prefix,
            concurrency: this.options.concurrency,
            // BullMQ's default finds a killed worker's job only after 30–60 s; the outbox lease (heartbeat-renewed)
            // is what guards a job, so BullMQ's own lock can be short.
            lockDuration: 10_000,
            stalledInterval: 5_000,
            maxStalledCount: 100,
          },
        );
        worker.on('error', (error) => this.options.log.warn({ err: error, stage }, 'bullmq worker error'));
        this.workers.push(worker);
      }
    }
    this.relay.start();
  }

  notify(): void {
    this.relay.notify();
  }

  async ping(): Promise<void> {
    const answer = await this.producer.ping();
    if (answer !== 'PONG') throw new Error(`redis answered ${answer}`);
  }

  async close(): Promise<void> {
    await this.relay.stop();
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    for (const connection of this.workerConnections) await connection.quit().catch(() => {});
    await this.producer.quit().catch(() => {});
  }
}

import type { Worker } from 'node:worker_threads';
import type { DatabaseHandle } from '../../db/client.ts';
import { startWorkerThread } from '../../db/worker-thread.ts';
import type { Logger } from '../../runtime/logger.ts';
import type { Dispatcher, DispatcherOptions } from './dispatcher.ts';
import {
  type FromPipeline,
  type PipelineConfig,
  pipelineConfig,
  type ToPipeline,
} from './pipeline-protocol.ts';

/** How long to wait before starting a pipeline thread again after it died. */
const RESTART_DELAY_MS = 1000;

export interface ThreadedDispatcherOptions {
  /** The thread's module (src/pipeline/pipeline-thread.ts): it composes the stages, which sit above dispatch. */
  entry: URL;
  config: PipelineConfig;
  database: DatabaseHandle;
  secretsKey: Uint8Array;
  /** The thread's V8 old-generation limit (ORDERGATE_PIPELINE_HEAP_MB). */
  heapMb: number;
  log: Logger;
  onFinished?: DispatcherOptions['onFinished'];
}

/**
 * The pipeline (every stage and its dispatcher) in a worker thread of its own, seen from the main thread as a
 * Dispatcher: `notify` wakes it, `ping` asks its queue. A thread that dies (an uncaught error, out of memory)
 * is started again: its open transactions rolled back with it, and the outbox hands its jobs out again once
 * their leases run out, so no work is lost.
 */
export class ThreadedDispatcher implements Dispatcher {
  readonly kind: Dispatcher['kind'];
  private thread: Worker | undefined;
  private closing = false;
  private pings = 0;
  private readonly pending = new Map<number, (error?: string) => void>();

  constructor(private readonly options: ThreadedDispatcherOptions) {
    this.kind = options.config.redisUrl ? 'bullmq' : 'in-process';
  }

  async start(): Promise<void> {
    const { database, secretsKey } = this.options;
    const config = pipelineConfig(this.options.config);
    const shared = database.share();
    const thread = await startWorkerThread(
      this.options.entry,
      { config, database: shared, secretsKey },
      'port' in shared ? [shared.port] : [],
      // A bounded old generation makes V8 collect as it goes: unbounded, the garbage of decoding a 66,000-set
      // interchange piled up to 450 MB before the first full collection. A job that truly needs more ends the
      // thread (restarted); the job counts the attempt and is dead-lettered after its last.
      { maxOldGenerationSizeMb: this.options.heapMb },
    );
    thread.on('message', (message: FromPipeline) => this.receive(message));
    thread.once('exit', (code) => this.exited(thread, code));
    this.thread = thread;
  }

  notify(): void {
    this.post({ notify: true });
  }

  ping(): Promise<void> {
    if (this.thread === undefined) return Promise.reject(new Error('the pipeline thread is not running'));
    const id = ++this.pings;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, (error) => (error === undefined ? resolve() : reject(new Error(error))));
      this.post({ ping: id });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    const thread = this.thread;
    if (thread === undefined) return;
    const gone = new Promise<void>((resolve) => {
      thread.on('message', (message: FromPipeline) => {
        if ('closed' in message) resolve();
      });
      thread.once('exit', () => resolve());
    });
    this.post({ close: true });
    await gone;
    await thread.terminate();
    this.thread = undefined;
  }

  private post(message: ToPipeline): void {
    this.thread?.postMessage(message);
  }

  private receive(message: FromPipeline): void {
    if ('finished' in message) {
      const { stage, outcome, seconds } = message.finished;
      this.options.onFinished?.(stage, outcome, seconds);
    } else if ('pong' in message) {
      this.pending.get(message.pong)?.(message.error);
      this.pending.delete(message.pong);
    }
  }

  private exited(thread: Worker, code: number): void {
    if (this.thread !== thread) return;
    this.thread = undefined;
    for (const answer of this.pending.values()) answer('the pipeline thread stopped');
    this.pending.clear();
    if (this.closing) return;
    this.options.log.error({ code }, 'the pipeline thread stopped unexpectedly; starting it again');
    this.restartLater();
  }

  private restartLater(): void {
    setTimeout(() => {
      if (this.closing) return;
      this.start().catch((error: unknown) => {
        this.options.log.error({ err: error }, 'the pipeline thread could not be started again');
        this.restartLater();
      });
    }, RESTART_DELAY_MS).unref();
  }
}

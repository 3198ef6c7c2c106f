import { type MessagePort, type ResourceLimits, Worker } from 'node:worker_threads';

/** Where a thread running a TypeScript module starts: it registers tsx, which a thread does not inherit. */
const TS_ENTRY = new URL('./worker-entry.js', import.meta.url);

/**
 * Starts a worker thread running the module `module` (a file URL: TypeScript when running the sources, through
 * tsx; JavaScript when running the build, directly), with `data` as its
 * `workerData.data`, `transfer` (MessagePorts) moved to it and V8 heap `limits` of its own. Resolves once the module posted `{ ready: true }`,
 * rejects when it posted `{ failed }` or exited first, so a thread that cannot start fails the caller's start.
 */
export async function startWorkerThread(
  module: URL,
  data: unknown,
  transfer: readonly MessagePort[] = [],
  limits?: ResourceLimits,
): Promise<Worker> {
  const worker = new Worker(module.pathname.endsWith('.ts') ? TS_ENTRY : module, {
    workerData: { module: module.href, data },
    transferList: [...transfer] as never,
    ...(limits ? { resourceLimits: limits } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    const onMessage = (message: { ready?: boolean; failed?: { message: string; stack?: string } }) => {
      if (message?.ready) done(resolve);
      else if (message?.failed)
        done(() => reject(Object.assign(new Error(message.failed!.message), message.failed)));
    };
    const onError = (error: Error) => done(() => reject(error));
    const onExit = (code: number) =>
      done(() => reject(new Error(`worker thread exited with code ${code} while starting`)));
    function done(settle: () => void) {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      settle();
    }
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
  });
  return worker;
}

/** Posts `{ failed }` to the thread's parent: the start failed with `error`. */
export function startFailed(error: unknown): { failed: { message: string; stack?: string } } {
  const e = error instanceof Error ? error : new Error(String(error));
  return { failed: { message: e.message, ...(e.stack ? { stack: e.stack } : {}) } };
}

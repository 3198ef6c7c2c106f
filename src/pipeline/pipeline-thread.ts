// The pipeline's own thread. Decoding a 60,000-set interchange, encoding its 855s and building the statements
// that store them is seconds of CPU: run on the HTTP server's thread it would hold every request (even
// /healthz) for that long. Here the stages and their dispatcher (in-process pool or BullMQ workers) run beside
// the server; the main thread only wakes them (`notify`) and asks whether the queue answers (`ping`).
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/client.ts';
import { startFailed } from '../db/worker-thread.ts';
import { deliveryContext, mailContext } from '../runtime/config.ts';
import { createLogger } from '../runtime/logger.ts';
import { createSecretBox } from '../runtime/secret-box.ts';
import { pipelineDispatcher } from './dispatch/pipeline-dispatcher.ts';
import type { FromPipeline, PipelineThreadData, ToPipeline } from './dispatch/pipeline-protocol.ts';
import { pipelineStages } from './stages/stages.ts';

const parent = parentPort!;
const post = (message: FromPipeline) => parent.postMessage(message);
const { config, database, secretsKey } = (workerData as { data: PipelineThreadData }).data;
const log = createLogger(config.logLevel);

try {
  const handle = await openDatabase(database);
  const stages = pipelineStages({
    secrets: createSecretBox(secretsKey),
    delivery: deliveryContext(config),
    mail: mailContext(config),
  });
  const dispatcher = pipelineDispatcher(config, handle.db, stages, log, (stage, outcome, seconds) =>
    post({ finished: { stage, outcome, seconds } }),
  );
  try {
    await dispatcher.start({ workers: true });
  } catch (error) {
    await handle.close();
    throw error;
  }
  parent.on('message', (message: ToPipeline) => {
    if ('notify' in message) dispatcher.notify();
    else if ('ping' in message) {
      dispatcher.ping().then(
        () => post({ pong: message.ping }),
        (error: unknown) => post({ pong: message.ping, error: (error as Error).message }),
      );
    } else if ('close' in message) {
      dispatcher
        .close()
        .then(() => handle.close())
        .catch((error: unknown) => log.warn({ err: error }, 'closing the pipeline failed'))
        .finally(() => post({ closed: true }));
    }
  });
  parent.postMessage({ ready: true });
} catch (error) {
  parent.postMessage(startFailed(error));
}

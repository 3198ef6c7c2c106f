import type { SharedDatabase } from '../../db/client.ts';
import type { Config } from '../../runtime/config.ts';
import type { JobOutcome } from './job-runner.ts';

/** What the pipeline thread is started with (its `workerData.data`). */
export interface PipelineThreadData {
  config: PipelineConfig;
  /** A PostgreSQL URL, or a port of the embedded database's thread (transferred). */
  database: SharedDatabase;
  /** The key delivery credentials are sealed with (the deliver stage opens them). */
  secretsKey: Uint8Array;
}

/** The settings the pipeline thread uses: only they cross over, not the admin token or the rest. */
const PIPELINE_SETTINGS = [
  'redisUrl',
  'queuePrefix',
  'workerConcurrency',
  'jobLeaseMs',
  'logLevel',
  'allowPrivateDelivery',
  'outboxDir',
  'dnsServers',
  'mailRepliesPerHour',
] as const satisfies readonly (keyof Config)[];

/** The part of the configuration the pipeline thread uses. */
export type PipelineConfig = Pick<Config, (typeof PIPELINE_SETTINGS)[number]>;

export function pipelineConfig(config: PipelineConfig): PipelineConfig {
  return Object.fromEntries(PIPELINE_SETTINGS.map((key) => [key, config[key]])) as PipelineConfig;
}

/** From the gateway's main thread to the pipeline thread. */
export type ToPipeline = { notify: true } | { ping: number } | { close: true };

/** From the pipeline thread to the main thread. */
export type FromPipeline =
  | { finished: { stage: string; outcome: JobOutcome; seconds: number } }
  | { pong: number; error?: string }
  | { closed: true };

import type { Database } from '../../db/client.ts';

/** A job row as a stage sees it. */
export interface JobRecord {
  id: string;
  stage: string;
  entityId: string;
  attempts: number;
}

/** What a stage may do: read and write through `tx` and ask for follow-up jobs in the same transaction. */
export interface StageContext {
  tx: Database;
  job: JobRecord;
  /** Asks for `stage` to run on `entityId` once this transaction commits (outbox). */
  enqueue(stage: string, entityId: string, options?: { runAfter?: Date }): Promise<void>;
}

/**
 * One pipeline stage. `run` must be idempotent: it reads its input by id, writes its result and its next jobs
 * through `ctx`, and running it twice on the same input changes nothing and emits nothing twice.
 */
export interface Stage {
  name: string;
  /** Attempts before a job that keeps failing with retryable errors is dead-lettered. */
  maxAttempts?: number;
  run(ctx: StageContext): Promise<void>;
}

export type StageRegistry = ReadonlyMap<string, Stage>;

export function stageRegistry(stages: readonly Stage[]): StageRegistry {
  const registry = new Map<string, Stage>();
  for (const stage of stages) {
    if (!/^[a-z][a-z0-9-]*$/.test(stage.name))
      throw new Error(`stage name "${stage.name}" must be kebab-case`);
    if (registry.has(stage.name)) throw new Error(`stage "${stage.name}" registered twice`);
    registry.set(stage.name, stage);
  }
  return registry;
}

import type { Database } from '../../db/client.ts';

/** A job row as a stage sees it. */
export interface JobRecord {
  id: string;
  stage: string;
  entityId: string;
  attempts: number;
}

/** What a stage reads with: the job and a transaction. */
export interface StageRead {
  tx: Database;
  job: JobRecord;
}

/** What a stage writes with: its transaction, and follow-up jobs committed in it. */
export interface StageContext<Next extends string = string> extends StageRead {
  /** Asks for `stage` (one of the stage's declared `next`) to run on `entityId` once this transaction commits. */
  enqueue(stage: Next, entityId: string, options?: { runAfter?: Date }): Promise<void>;
}

/** What every stage declares about itself: its name, what its job's entity id names, where it hands work on. */
interface StageIdentity<Name extends string, Next extends string> {
  name: Name;
  /** What the job's entity id names (an inbound message, an outbound message …): read by people and docs. */
  input: string;
  /** The stages this one may enqueue; the registry checks each is registered. */
  next: readonly Next[];
  /** Attempts before a job that keeps failing with retryable errors is dead-lettered. */
  maxAttempts?: number;
}

/**
 * A stage whose work is all in the database: `run` reads its input by id, writes its result and asks for its
 * next jobs in one transaction, together with marking its job done. It must be idempotent: running it twice on
 * the same input changes nothing and emits nothing twice.
 */
export interface TransactionalStage<Name extends string = string, Next extends string = string>
  extends StageIdentity<Name, Next> {
  run(ctx: StageContext<Next>): Promise<void>;
}

/**
 * A stage that acts outside the database (sends to a partner), in three steps so that no transaction is open
 * while it waits on the network: `plan` reads what is to be done in a short transaction (`undefined`: nothing
 * is, the job is done); `act` does the I/O with no transaction, under the job's lease; `record` writes the
 * outcome in the transaction that marks the job done. A crash between `act` and `record` repeats `act` on the
 * next attempt, so `act` must be safe to repeat toward the other side (an idempotency key).
 */
export interface ExternalStage<Plan, Result, Name extends string = string, Next extends string = string>
  extends StageIdentity<Name, Next> {
  plan(ctx: StageRead): Promise<Plan | undefined>;
  act(plan: Plan, job: JobRecord): Promise<Result>;
  record(ctx: StageContext<Next>, plan: Plan, result: Result): Promise<void>;
}

/** Any stage the job runner can run. */
export type Stage<Name extends string = string, Next extends string = string> =
  | TransactionalStage<Name, Next>
  | ExternalStage<unknown, unknown, Name, Next>;

/** The stages a worker runs, by name. */
export type StageRegistry = ReadonlyMap<string, Stage>;

/** True for a stage that acts outside the database. */
export const isExternalStage = (stage: Stage): stage is ExternalStage<unknown, unknown> => 'act' in stage;

/** The stages by name; refuses a name twice, a name not in kebab-case, and a `next` that is not registered. */
export function stageRegistry(stages: readonly Stage[]): StageRegistry {
  const registry = new Map<string, Stage>();
  for (const stage of stages) {
    if (!/^[a-z][a-z0-9-]*$/.test(stage.name))
      throw new Error(`stage name "${stage.name}" must be kebab-case`);
    if (registry.has(stage.name)) throw new Error(`stage "${stage.name}" registered twice`);
    registry.set(stage.name, stage);
  }
  for (const stage of stages)
    for (const next of stage.next)
      if (!registry.has(next))
        throw new Error(`stage "${stage.name}" hands work to "${next}", not registered`);
  return registry;
}

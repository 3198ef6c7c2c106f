import type { Database } from '../db/client.ts';
import { enqueueJob, enqueueJobs } from './dispatch/outbox.ts';

/** Every stage of the pipeline, in the order work flows through them. */
export type StageName =
  | 'decode'
  | 'validate'
  | 'route'
  | 'acknowledge'
  | 'encode'
  | 'deliver'
  | 'as2-mdn-wait'
  | 'notify';

/**
 * Asks for a pipeline stage from outside the stages (a door storing a message, a service replaying one or
 * requesting a document), in the caller's transaction; a stage asks for its own next through its context.
 */
export function enqueueStage(
  tx: Database,
  stage: StageName,
  entityId: string,
  options?: { runAfter?: Date; again?: boolean },
): Promise<string> {
  return enqueueJob(tx, stage, entityId, options);
}

/** {@link enqueueStage} for many entities at once (a group commit of received messages). */
export function enqueueStages(tx: Database, stage: StageName, entityIds: readonly string[]): Promise<void> {
  return enqueueJobs(tx, stage, entityIds);
}

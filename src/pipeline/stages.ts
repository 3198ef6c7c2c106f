import type { Stage } from './stage.ts';

/** Every pipeline stage, in the order work flows through them. */
export const PIPELINE_STAGES: readonly Stage[] = [];

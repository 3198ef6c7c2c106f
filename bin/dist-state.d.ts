// Types of bin/dist-state.js (plain JavaScript: the launcher runs before anything is compiled) for the
// TypeScript that asks whether dist/ is current (bench/cli-start.ts).

/** The package root, ending in a slash. */
export const ROOT: string;
/** The build's output directory. */
export const DIST: string;
/** The build stamp: the time (ms since the epoch) the build started reading the sources. */
export const STAMP: string;
/** The newest modification time (ms) among the sources, or undefined when there are none. */
export function newestSourceTime(): number | undefined;
/** When dist/ was built (its stamp), or undefined when it is absent or half-written. */
export function builtAt(): number | undefined;
/** dist/ exists, and no source changed since its build started. */
export function distIsCurrent(): boolean;

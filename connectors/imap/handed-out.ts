import { z } from 'zod';

/**
 * What a mailbox source keeps in its instance's state (SourceContext.state): the folder's UIDVALIDITY and the
 * highest UID handed out under it. Every process running the instance shares it, so a message one of them
 * handed out is "maybe stored" for all.
 */
export const HandedOut = z.object({
  uidValidity: z.string().regex(/^\d+$/),
  lastUid: z.number().int().nonnegative(),
});
export type HandedOut = z.infer<typeof HandedOut>;

/** The saved state, or undefined when there is none or it is not ours (then every message counts as seen). */
export function parseHandedOut(value: unknown): HandedOut | undefined {
  return HandedOut.safeParse(value).data;
}

/**
 * Whether the message with `uid` may have been handed out before, so the runner looks for a stored copy
 * before storing it (RFC 3501 §2.3.1.1: UIDs mean something only under one UIDVALIDITY). Every message is,
 * on the source's first pass (its state may lag a crash), and after the folder's UIDVALIDITY changed
 * (its UIDs say nothing any more); otherwise those up to the last UID handed out.
 */
export function maybeHandedOut(
  uid: number,
  uidValidity: string,
  known: HandedOut | undefined,
  firstPass: boolean,
): boolean {
  if (firstPass || known === undefined || known.uidValidity !== uidValidity) return true;
  return uid <= known.lastUid;
}

/** The state once the messages with `uids` are handed out under `uidValidity`. */
export function afterHandingOut(
  known: HandedOut | undefined,
  uidValidity: string,
  uids: readonly number[],
): HandedOut {
  const before = known?.uidValidity === uidValidity ? known.lastUid : 0;
  return { uidValidity, lastUid: Math.max(before, ...uids) };
}

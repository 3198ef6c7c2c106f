import type { Database } from '../../db/client.ts';
import type { Logger } from '../../runtime/logger.ts';
import type { SecretBox } from '../../runtime/secret-box.ts';

/** What the AS2 doors (messages and asynchronous MDNs) need from the process. */
export interface As2DoorDeps {
  db: Database;
  secrets: SecretBox;
  log: Logger;
  /** The dispatcher's wake-up: the payload's decode (and an asynchronous MDN's delivery) start at once. */
  notify(): void;
}

/** The MDN type of the messages that hold MDNs (ours and the partners'). */
export const MDN = 'MDN';

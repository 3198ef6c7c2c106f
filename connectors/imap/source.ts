import type { ImapFlow } from 'imapflow';
import type { InboundSource, RawMessage, SourceContext } from '../../src/core/connector.ts';
import { imapClient } from './client.ts';
import type { ImapConfig } from './config.ts';
import { afterHandingOut, maybeHandedOut, parseHandedOut } from './handed-out.ts';
import { mailDigest, mailFilename, mailSender } from './mail-identity.ts';

/** The first wait before reconnecting after a failure; it doubles with each further failure, up to the cap. */
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 5 * 60_000;

/** What the source remembers of a message it handed out, to find it again when its UID says nothing any more. */
interface Handed {
  messageId: string | undefined;
  digest: string;
  /** The digest of its first {@link HEAD_BYTES} bytes. */
  headDigest: string;
}

/** How much of a mail `confirm` reads back to make sure its UID still names it. */
const HEAD_BYTES = 4096;

/** `<uidvalidity>:<uid>`, the ref a mail is confirmed by. */
function parseRef(ref: string): { uidValidity: string; uid: number } {
  const match = /^(\d+):(\d+)$/.exec(ref);
  if (!match) throw new Error(`imap: ${ref} is not a mail ref (uidvalidity:uid)`);
  return { uidValidity: match[1]!, uid: Number(match[2]) };
}

/**
 * One mailbox folder as the intake runner's source: one IMAP connection, opened at the first pass and again
 * (after a backoff) whenever it is lost, idling between passes so a new mail wakes the runner at once.
 * Reading marks nothing (BODY.PEEK); a mail leaves the folder only by `confirm`, which moves it to the
 * processed folder once the runner has committed it.
 */
export class ImapSource implements InboundSource {
  readonly pollMs: number;
  private client: ImapFlow | undefined;
  private failures = 0;
  private retryAt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private firstPass = true;
  private closed = false;
  /** The mails handed out and not yet confirmed, by ref. */
  private readonly handed = new Map<string, Handed>();

  constructor(
    private readonly config: ImapConfig,
    private readonly ctx: SourceContext,
  ) {
    this.pollMs = config.pollMs;
  }

  /** Every mail in the folder, oldest UID first; the ones that may have been handed out before are marked. */
  async *receive(): AsyncGenerator<RawMessage> {
    const client = await this.connection();
    if (client === undefined) return; // backing off: the retry timer wakes the runner when it is time
    const { folder } = this.config;
    let uidValidity: string;
    let uids: number[];
    let lock = await client.getMailboxLock(folder);
    try {
      // IMAP reports new mail only at command boundaries: a NOOP brings the session's view up to date
      await client.noop();
      if (!client.mailbox) throw new Error(`imap: ${folder} is not open`);
      uidValidity = String(client.mailbox.uidValidity);
      const found =
        client.mailbox && client.mailbox.exists > 0 ? await client.search({ all: true }, { uid: true }) : [];
      uids = (found || []).sort((a, b) => a - b);
    } finally {
      lock.release();
    }
    const known = parseHandedOut(await this.ctx.state.load());
    const recovered = new Set(uids.filter((uid) => maybeHandedOut(uid, uidValidity, known, this.firstPass)));
    // Saved before any is handed out: a crash after the hand-out must find them marked next time.
    if (uids.length > 0) await this.ctx.state.save(afterHandingOut(known, uidValidity, uids));
    this.firstPass = false;
    this.handed.clear();
    for (const uid of uids) {
      lock = await client.getMailboxLock(folder);
      let raw: RawMessage | undefined;
      try {
        raw = await this.read(client, uidValidity, uid, recovered.has(uid));
      } finally {
        lock.release(); // not held while the runner stores the mail: its confirm needs the mailbox
      }
      if (raw !== undefined) yield raw;
    }
  }

  /**
   * Moves a committed mail to the processed folder. The mail at its UID is checked first to be the one handed
   * out (same Message-ID, or same bytes without one): a UID means something only under its UIDVALIDITY, and a
   * session may not hear of a new one (Dovecot answers a folder deleted and created again with the old value,
   * and the new folder's mails under the old UIDs). After a UIDVALIDITY change it is found by Message-ID and
   * bytes. A mail with the same Message-ID is the same order mail to the pipeline, which recognises it by that.
   */
  async confirm(ref: string): Promise<void> {
    const { uidValidity, uid } = parseRef(ref);
    const handed = this.handed.get(ref);
    const client = await this.connection();
    if (client === undefined) throw new Error('imap: not connected (waiting to reconnect)');
    const lock = await client.getMailboxLock(this.config.folder);
    try {
      const current = client.mailbox ? String(client.mailbox.uidValidity) : '';
      let uids: number[];
      if (current !== uidValidity) uids = handed ? await this.findAgain(client, handed) : [];
      else {
        const same = handed === undefined || (await this.isHanded(client, uid, handed));
        if (same === false) {
          // the session's view of the folder is out of date: a new one sees the new UIDVALIDITY
          client.close();
          throw new Error(`imap: UID ${uid} holds another mail now (a new UIDVALIDITY?); reconnecting`);
        }
        uids = same === undefined ? [] : [uid];
      }
      if (uids.length > 0) await this.moveToProcessed(client, uids);
      else this.ctx.warn({ ref }, 'imap: the confirmed mail is no longer in the folder; nothing moved');
    } finally {
      lock.release();
    }
    this.handed.delete(ref);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    if (client?.usable) await client.logout().catch(() => client.close());
    else client?.close();
  }

  /** The connection, opened now if needed; undefined while backing off after a failure. */
  private async connection(): Promise<ImapFlow | undefined> {
    if (this.closed) throw new Error('imap: the source is closed');
    if (this.client?.usable) return this.client;
    if (Date.now() < this.retryAt) return undefined;
    const client = await imapClient(this.config);
    // without a listener an 'error' event would throw out of the socket handler
    client.on('error', (error) => this.ctx.warn({ err: error }, 'imap: connection error'));
    client.on('close', () => this.lost(client));
    client.on('exists', (event) => {
      if (event.count > event.prevCount) this.ctx.wake();
    });
    try {
      await client.connect();
      await client.mailboxCreate(this.config.processedFolder); // answers "exists" quietly when it does
      await client.mailboxOpen(this.config.folder);
    } catch (error) {
      client.close();
      this.backOff(error);
      throw error;
    }
    this.failures = 0;
    this.retryAt = 0;
    this.client = client;
    return client;
  }

  /** A connection that closed under us: the next pass reconnects, and one is asked for now to resume IDLE. */
  private lost(client: ImapFlow): void {
    if (this.client !== client || this.closed) return;
    this.client = undefined;
    this.ctx.warn({ host: this.config.host }, 'imap: connection lost; reconnecting');
    this.ctx.wake();
  }

  private backOff(error: unknown): void {
    this.failures += 1;
    const delay = Math.min(FIRST_RETRY_MS * 2 ** (this.failures - 1), MAX_RETRY_MS);
    this.retryAt = Date.now() + delay;
    this.ctx.warn(
      { err: error, host: this.config.host, failures: this.failures, retryInMs: delay },
      'imap: cannot connect; retrying later',
    );
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.ctx.wake(), delay);
    this.retryTimer.unref();
  }

  private async read(
    client: ImapFlow,
    uidValidity: string,
    uid: number,
    recovered: boolean,
  ): Promise<RawMessage | undefined> {
    // the size first: a mail too large to take is not read into memory, but set aside for a person
    const sized = await client.fetchOne(
      String(uid),
      { uid: true, size: true, envelope: true },
      { uid: true },
    );
    if (sized && sized.size !== undefined && sized.size > this.config.maxMessageBytes) {
      await this.moveTo(client, [uid], this.config.failedFolder);
      this.ctx.warn(
        {
          uid,
          size: sized.size,
          maxMessageBytes: this.config.maxMessageBytes,
          messageId: sized.envelope?.messageId,
        },
        `imap: a mail larger than maxMessageBytes was moved to ${this.config.failedFolder}, not stored`,
      );
      return undefined;
    }
    const message = await client.fetchOne(
      String(uid),
      { uid: true, source: true, envelope: true, internalDate: true },
      { uid: true },
    );
    // nothing when it was expunged meanwhile (another client took it)
    if (message === false || message === undefined || message.source === undefined) return undefined;
    const bytes = new Uint8Array(message.source);
    const digest = mailDigest(bytes);
    const messageId = message.envelope?.messageId;
    const ref = `${uidValidity}:${uid}`;
    this.handed.set(ref, { messageId, digest, headDigest: mailDigest(bytes.subarray(0, HEAD_BYTES)) });
    const now = this.ctx.now();
    const arrived = message.internalDate instanceof Date ? message.internalDate : undefined;
    const sender = mailSender(message.envelope?.from);
    return {
      channel: 'email',
      bytes,
      ...(sender ? { sender } : {}),
      receivedAt: arrived ?? now,
      ref,
      filename: mailFilename(messageId, digest),
      contentType: 'message/rfc822',
      ...(this.config.partnerId ? { partnerId: this.config.partnerId } : {}),
      // No hand-out can predate the mail's arrival in the folder: the runner looks for a stored copy since then.
      ...(recovered ? { recoveredAt: arrived && arrived < now ? arrived : now } : {}),
    };
  }

  /**
   * Whether the mail at `uid` is the one handed out, by its first bytes (its header: Received lines, Message-ID,
   * Date), or all of them (`whole`, for mails found by Message-ID). Read from the mail itself, never from what
   * the server keeps about it: a Dovecot session that missed a new UIDVALIDITY answers the old mail's envelope
   * for a UID that names a new one, but reading the new one's bytes makes it drop the session.
   * Undefined when no mail has that UID.
   */
  private async isHanded(
    client: ImapFlow,
    uid: number,
    handed: Handed,
    whole = false,
  ): Promise<boolean | undefined> {
    const source = whole ? true : { start: 0, maxLength: HEAD_BYTES };
    const message = await client.fetchOne(String(uid), { uid: true, source }, { uid: true });
    if (message === false || message === undefined) return undefined;
    if (message.source === undefined) return false;
    return mailDigest(message.source) === (whole ? handed.digest : handed.headDigest);
  }

  /** The UIDs, under the folder's new UIDVALIDITY, of a mail handed out under an old one: same Message-ID and bytes. */
  private async findAgain(client: ImapFlow, handed: Handed): Promise<number[]> {
    if (handed.messageId === undefined) return [];
    const candidates =
      (await client.search({ header: { 'message-id': handed.messageId } }, { uid: true })) || [];
    const same: number[] = [];
    for (const uid of candidates) if (await this.isHanded(client, uid, handed, true)) same.push(uid);
    return same;
  }

  private moveToProcessed(client: ImapFlow, uids: number[]): Promise<void> {
    return this.moveTo(client, uids, this.config.processedFolder);
  }

  private async moveTo(client: ImapFlow, uids: number[], folder: string): Promise<void> {
    const range = uids.join(',');
    if (await client.messageMove(range, folder, { uid: true })) return;
    // the folder may have been deleted since the connection made sure of it
    await client.mailboxCreate(folder);
    if (!(await client.messageMove(range, folder, { uid: true })))
      throw new Error(`imap: could not move the mail to ${folder}`);
  }
}

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { MAIL_PASS, MAIL_USER } from './mail-server.ts';
import { freePort } from './sshd.ts';

/** Debian's Dovecot (package dovecot-imapd), which the IMAP tests start on loopback, no systemd. */
export const DOVECOT = '/usr/sbin/dovecot';

/** The one account of a test Dovecot: cleartext login over loopback, no TLS. */
export const IMAP_USER = 'orders';
export const IMAP_PASSWORD = 'imap-secret-4f2a';

/** A running (or stopped, see `kill`) Dovecot on a loopback port of its own, with a maildir per user. */
export interface RunningDovecot {
  host: '127.0.0.1';
  port: number;
  user: string;
  password: string;
  /** Its working folder: config, passwd file, log, mail. */
  dir: string;
  /** What Dovecot has logged so far. */
  log(): string;
  /** Stops the server, keeping its mail and port: `start` brings the same mailbox back. */
  kill(): Promise<void>;
  /** Starts it again after `kill`, on the same port; resolves once the port accepts connections. */
  start(): Promise<void>;
  /** Stops it for good and removes its folder. */
  stop(): Promise<void>;
}

/**
 * Who the mail processes run as. Dovecot refuses to serve mail as root (and to run login processes as root),
 * so as root the package's own users serve it: `dovecot` owns the mail, `dovenull` runs the login processes.
 * As anyone else every process runs as that user.
 */
function accounts(): { uid: number; gid: number; loginUser: string; internalUser: string } {
  const me = os.userInfo();
  if (me.uid !== 0) return { uid: me.uid, gid: me.gid, loginUser: me.username, internalUser: me.username };
  const id = (flag: string) => Number(execFileSync('id', [flag, 'dovecot'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g'), loginUser: 'dovenull', internalUser: 'dovecot' };
}

/** Dovecot 2.3's configuration (2.4 renamed several settings; Debian 12 ships 2.3). */
function config(dir: string, port: number, account: ReturnType<typeof accounts>): string {
  const passwd = path.join(dir, 'passwd');
  return [
    'protocols = imap',
    'listen = 127.0.0.1',
    `base_dir = ${path.join(dir, 'run')}`,
    `state_dir = ${path.join(dir, 'state')}`,
    `log_path = ${path.join(dir, 'dovecot.log')}`,
    `info_log_path = ${path.join(dir, 'dovecot.log')}`,
    'ssl = no',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    // a refused login is answered at once (the default waits 2 s, against guessing over the network)
    'auth_failure_delay = 0',
    `default_login_user = ${account.loginUser}`,
    `default_internal_user = ${account.internalUser}`,
    `first_valid_uid = ${account.uid}`,
    `last_valid_uid = ${account.uid}`,
    `first_valid_gid = ${account.gid}`,
    `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${passwd}\n}`,
    `userdb {\n  driver = passwd-file\n  args = username_format=%u ${passwd}\n}`,
    `mail_location = maildir:${path.join(dir, 'mail')}/%u`,
    // how soon a mailbox change reaches an IDLE client when inotify misses it (the default is 30 s)
    'mailbox_idle_check_interval = 1 secs',
    // IMAP folders with '/' between levels, like most servers
    'namespace inbox {\n  inbox = yes\n  separator = /\n}',
    `service imap-login {\n  inet_listener imap {\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
    '',
  ].join('\n');
}

/** Signals a child's whole process group; one already gone is no error. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Resolves once something accepts connections on the port, or rejects at the deadline. */
async function waitForPort(port: number, deadline: number, exited: () => string | undefined): Promise<void> {
  for (;;) {
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (accepted) return;
    const exit = exited();
    if (exit !== undefined) throw new Error(exit);
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Starts Dovecot in the foreground (`dovecot -F`) with a configuration of its own in a temporary folder: IMAP
 * only on a free loopback port, one passwd-file user ({@link IMAP_USER}) with a plain password, maildirs.
 * Throws with Dovecot's log when it does not come up within 15 s; there is no skipping without it.
 */
export async function startDovecot(): Promise<RunningDovecot> {
  if (!existsSync(DOVECOT))
    throw new Error(`${DOVECOT} is missing: install dovecot-imapd (apt-get install -y dovecot-imapd)`);
  const account = accounts();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ordergate-imap-'));
  // the login and mail processes run as other users and must reach the sockets and the mail under it
  chmodSync(dir, 0o755);
  const mail = path.join(dir, 'mail');
  mkdirSync(mail);
  chownSync(mail, account.uid, account.gid);
  writeFileSync(
    path.join(dir, 'passwd'),
    `${IMAP_USER}:{PLAIN}${IMAP_PASSWORD}:${account.uid}:${account.gid}::${path.join(mail, IMAP_USER)}::\n`,
  );
  const port = await freePort();
  const conf = path.join(dir, 'dovecot.conf');
  writeFileSync(conf, config(dir, port, account));
  const logFile = path.join(dir, 'dovecot.log');
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');

  let child: ChildProcess | undefined;
  let output = '';
  const start = async () => {
    const began = Date.now();
    output = '';
    // a process group of its own, so `kill` ends the mail processes of open sessions with the master
    const started = spawn(DOVECOT, ['-F', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child = started;
    started.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    started.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = () =>
      started.exitCode !== null || started.signalCode !== null
        ? `dovecot exited with ${started.exitCode ?? started.signalCode}`
        : undefined;
    try {
      await waitForPort(port, began + 15_000, exited);
    } catch (error) {
      signalGroup(started, 'SIGKILL');
      throw new Error(`dovecot did not start (${(error as Error).message}):\n${output}\n${log()}`);
    }
  };
  const kill = async () => {
    const running = child;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    // The whole group: on SIGTERM the master alone leaves the sessions' imap processes serving for a while,
    // and a server that goes down drops its connections.
    signalGroup(running, 'SIGTERM');
    await exited;
  };
  try {
    await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    host: '127.0.0.1',
    port,
    user: IMAP_USER,
    password: IMAP_PASSWORD,
    dir,
    log,
    kill,
    start,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A client of the test account, connected, as a sender's server or an operator would use the mailbox; the caller
 * logs it out. Failures are thrown by the awaited calls (an 'error' event without a listener would crash).
 */
export async function mailboxClient(
  server: Pick<RunningDovecot, 'host' | 'port' | 'user' | 'password'>,
): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: server.user, pass: server.password },
    logger: false,
  });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Puts whole mails into `folder` (created when missing) as a sender's server delivers them. */
export async function deliverMail(
  server: Pick<RunningDovecot, 'host' | 'port' | 'user' | 'password'>,
  folder: string,
  ...mails: Uint8Array[]
): Promise<void> {
  const client = await mailboxClient(server);
  try {
    await client.mailboxCreate(folder).catch(() => undefined); // "already exists" is fine
    for (const mail of mails) await client.append(folder, Buffer.from(mail));
  } finally {
    await client.logout();
  }
}

/**
 * Puts a mail into `folder` (created when missing): `body` under a minimal header with the given Message-ID
 * (`<…>`), from `orders@harbor-pine.example`.
 */
export function appendMail(
  server: Pick<RunningDovecot, 'host' | 'port' | 'user' | 'password'>,
  folder: string,
  messageId: string,
  body: Uint8Array,
): Promise<void> {
  const header = [
    'From: orders@harbor-pine.example',
    'To: orders@ordergate.example',
    'Subject: order',
    'Date: Fri, 01 Mar 2024 12:00:00 +0000',
    `Message-ID: ${messageId}`,
    '',
    '',
  ].join('\r\n');
  return deliverMail(server, folder, Buffer.concat([Buffer.from(header), body]));
}

/**
 * An imap connector instance's config for a folder of the test account, answering through the test SMTP
 * server (test/support/mail-server.ts) on `smtpPort` from `from`: plain loopback, a poll each second.
 */
export function testMailboxConfig(
  server: Pick<RunningDovecot, 'host' | 'port' | 'user' | 'password'>,
  options: { folder: string; processedFolder: string; smtpPort: number; from: string },
): Record<string, unknown> {
  return {
    host: server.host,
    port: server.port,
    secure: false,
    starttls: false,
    user: server.user,
    password: server.password,
    folder: options.folder,
    processedFolder: options.processedFolder,
    failedFolder: `${options.folder}-failed`,
    pollMs: 1000,
    smtp: { host: '127.0.0.1', port: options.smtpPort, secure: false, user: MAIL_USER, from: options.from },
    smtpPassword: MAIL_PASS,
  };
}

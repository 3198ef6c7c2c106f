import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { noteRanWithout } from './embedded-only.ts';

/** Debian's OpenSSH server, which the SFTP tests start on loopback with throwaway keys. */
export const SSHD = '/usr/sbin/sshd';
const PRIVSEP_DIR = '/run/sshd';

/** Whether this machine has sshd; with ORDERGATE_REQUIRE_SERVICES=1 its absence must fail the run. */
export const haveSshd = existsSync(SSHD);

/**
 * Whether a suite's SFTP half runs: with sshd, or when CI requires it (then a missing sshd fails the suite);
 * otherwise the suite is noted as run without it, for the end of `npm test`.
 */
export function sshdRuns(): boolean {
  if (haveSshd || process.env.ORDERGATE_REQUIRE_SERVICES === '1') return true;
  noteRanWithout('sshd (apt-get install openssh-server)');
  return false;
}

/** A running sshd: the folder it serves, the keys a client needs, the host key's fingerprint. */
export interface RunningSshd {
  port: number;
  /** Its working folder (keys, config, log); `outbox` is inside, writable by the client. */
  dir: string;
  outbox: string;
  username: string;
  /** A private key sshd accepts, and one it does not know. */
  clientKey: string;
  strangerKey: string;
  /** The host key's SHA256 fingerprint as `ssh-keygen -l` prints it. */
  hostFingerprint: string;
  log(): string;
  stop(): Promise<void>;
}

function keygen(file: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ordergate-test', '-f', file]);
}

/** A port free now on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function ensurePrivsepDir(): void {
  if (existsSync(PRIVSEP_DIR)) return;
  try {
    mkdirSync(PRIVSEP_DIR, { recursive: true, mode: 0o755 });
  } catch (error) {
    throw new Error(
      `sshd needs its privilege separation directory ${PRIVSEP_DIR} and this test (user ${os.userInfo().username}) ` +
        `cannot create it: run once as root \`mkdir -p ${PRIVSEP_DIR}\` (${(error as Error).message})`,
    );
  }
}

/** Starts sshd on a free loopback port, key authentication only, SFTP by its internal server. */
export async function startSshd(): Promise<RunningSshd> {
  if (!haveSshd)
    throw new Error(`${SSHD} is missing: install openssh-server (apt-get install -y openssh-server)`);
  ensurePrivsepDir();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ordergate-sftp-'));
  const outbox = path.join(dir, 'outbox');
  mkdirSync(outbox);
  for (const key of ['host', 'client', 'stranger']) keygen(path.join(dir, `${key}_ed25519`));
  writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(path.join(dir, 'client_ed25519.pub')));
  // the fingerprint as an operator would read it off the server: `ssh-keygen -lf host_key.pub`
  const listed = execFileSync('ssh-keygen', ['-lf', path.join(dir, 'host_ed25519.pub')], {
    encoding: 'utf8',
  });
  const port = await freePort();
  const config = path.join(dir, 'sshd_config');
  const username = os.userInfo().username;
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${path.join(dir, 'host_ed25519')}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      `AllowUsers ${username}`,
      'StrictModes no',
      'UsePAM no',
      'Subsystem sftp internal-sftp',
      'LogLevel VERBOSE',
      '',
    ].join('\n'),
  );
  let log = '';
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', config], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sshd did not start listening:\n${log}`)), 15_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes(`Server listening on 127.0.0.1 port ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited with ${code}:\n${log}`));
    });
  });
  return {
    port,
    dir,
    outbox,
    username,
    clientKey: readFileSync(path.join(dir, 'client_ed25519'), 'utf8'),
    strangerKey: readFileSync(path.join(dir, 'stranger_ed25519'), 'utf8'),
    hostFingerprint: listed.split(' ')[1] ?? '',
    log: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

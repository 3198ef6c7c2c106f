import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';

/** A TCP port nobody listens on right now (the OS picks it; closed again before it is used). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A spawned child with its stderr kept (for failure messages) and a promise of its exit. */
export interface Child {
  process: ChildProcess;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILLs the process (if still running) and waits for it to be gone. */
  kill(): Promise<void>;
}

export function spawnChild(command: string, args: string[], env?: NodeJS.ProcessEnv): Child {
  const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    process: child,
    stderr: () => stderr,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** `ordergate worker` as a real process (bin/ordergate.js, as users run it). */
export function spawnWorker(env: Record<string, string>): Child {
  return spawnChild(process.execPath, ['bin/ordergate.js', 'worker'], {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'silent',
    ...env,
  });
}

/** Resolves once a TCP server on `port` answers a Redis PING. */
async function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * A private, empty, non-persistent redis-server on `port` (never the shared one other suites use), so a test
 * can kill it and start another in its place.
 */
export async function startRedisServer(port: number): Promise<Child> {
  const child = spawnChild('redis-server', [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  const deadline = Date.now() + 10_000;
  while (!(await redisAnswers(port))) {
    if (child.process.exitCode !== null || Date.now() > deadline)
      throw new Error(`redis-server on port ${port} did not start: ${child.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return child;
}

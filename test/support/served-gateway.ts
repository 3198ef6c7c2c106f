import { readFileSync } from 'node:fs';
import { type Child, freePort, spawnChild } from './processes.ts';
import { eventually } from './services.ts';

/** `ordergate serve` as a real process (bin/ordergate.js, as `npm start` runs it), and what tests ask of it. */
export interface ServedGateway {
  child: Child;
  url: string;
  /** The process's resident set size now, in MB (all its threads: HTTP, pipeline, embedded database). */
  rssMb(): number;
  /** SIGTERM, then waits for the process to end. */
  stop(): Promise<void>;
}

export async function serveGateway(env: Record<string, string>): Promise<ServedGateway> {
  const port = await freePort();
  const child = spawnChild(process.execPath, ['bin/ordergate.js', 'serve'], {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(port),
    ...env,
  });
  const url = `http://127.0.0.1:${port}`;
  await eventually(
    async () => {
      if (child.process.exitCode !== null) throw new Error(`serve exited: ${child.stderr()}`);
      return (await fetch(`${url}/healthz`)).ok ? true : undefined;
    },
    60_000,
    'ordergate serve to answer /healthz',
  );
  return {
    child,
    url,
    rssMb: () => {
      const status = readFileSync(`/proc/${child.process.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
    },
    async stop() {
      child.process.kill('SIGTERM');
      await child.exited;
    },
  };
}

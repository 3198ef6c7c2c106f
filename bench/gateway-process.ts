/**
 * What the benchmarks that measure a gateway as a process share: its CPU from /proc, waiting for it to exit,
 * and starting it (`ordergate serve`, or the HTTP-only gateway of ./api-only.ts) on a free port, ready once
 * `/healthz` answers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/support/processes.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TICKS = 100; // CLK_TCK on Linux

/** utime + stime of a process (every thread), in seconds, from /proc/<pid>/stat; 0 when it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS; // fields 14 and 15 of proc(5)
  } catch {
    return 0;
  }
}

/** Resolves once `child` has exited (at once if it has). */
export function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Which gateway process: `ordergate serve`, or HTTP only with no pipeline workers (./api-only.ts). */
export type GatewayProcess = 'serve' | 'api';

/**
 * Starts a gateway process on a free port of 127.0.0.1 and resolves once `/healthz` answers (60 s at most).
 * It never sees this process's DATABASE_URL/REDIS_URL (an embedded setup must not), only `env`'s. `nodeArgs`
 * go before the script (`--cpu-prof`, say).
 */
export async function startGatewayProcess(
  kind: GatewayProcess,
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const script =
    kind === 'serve'
      ? [fileURLToPath(new URL('../bin/ordergate.js', import.meta.url)), 'serve']
      : ['--import', 'tsx', fileURLToPath(new URL('api-only.ts', import.meta.url))];
  const { DATABASE_URL: _url, REDIS_URL: _redis, ...inherited } = process.env;
  const child = spawn(process.execPath, [...nodeArgs, ...script], {
    cwd: ROOT,
    env: { ...inherited, ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (const started = Date.now(); Date.now() - started < 60_000; ) {
    if (child.exitCode !== null) throw new Error(`the gateway exited (${child.exitCode})`);
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, url };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the gateway did not answer /healthz within 60 s');
}

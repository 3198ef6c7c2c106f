/**
 * CPU seconds per part of a PostgreSQL + Redis setup over a run (bench/pipeline.ts), read from /proc before and
 * after: the worker processes, this process (the API: HTTP intake and the relay to BullMQ), the PostgreSQL
 * backends serving the bench's database, PostgreSQL's own background processes (WAL writer, checkpointer…:
 * shared with anything else on the server), and redis-server (likewise shared). With the run's wall time this
 * says how many cores each part used, so a reader can predict a larger machine.
 */
import { execFileSync } from 'node:child_process';
import { cpuSeconds } from './gateway-process.ts';

function pgrep(pattern: string): { pid: number; command: string }[] {
  try {
    return execFileSync('pgrep', ['-af', pattern], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const space = line.indexOf(' ');
        return { pid: Number(line.slice(0, space)), command: line.slice(space + 1) };
      });
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/** The parts and their processes now: PostgreSQL backends are told apart by the database in their title. */
function parts(workerPids: readonly number[], database: string): Map<string, number[]> {
  const postgres = pgrep('^postgres: ');
  return new Map([
    ['workers', [...workerPids]],
    ['API process (HTTP intake, relay)', [process.pid]],
    [
      `PostgreSQL backends (${database})`,
      postgres.filter((p) => p.command.includes(` ${database} `)).map((p) => p.pid),
    ],
    [
      'PostgreSQL background (shared)',
      postgres
        .filter((p) => /(writer|checkpointer|autovacuum|launcher|archiver|stats)/.test(p.command))
        .map((p) => p.pid),
    ],
    ['redis-server (shared)', pgrep('redis-server').map((p) => p.pid)],
  ]);
}

/** A CPU sample taken at the start of a run; `finish` reads the same processes (and backends opened since). */
export function sampleCpu(workerPids: readonly number[], database: string) {
  const started = performance.now();
  const before = new Map<number, number>();
  for (const pids of parts(workerPids, database).values())
    for (const pid of pids) before.set(pid, cpuSeconds(pid));
  return {
    /** One line per part: CPU seconds and cores used over the run's wall time. */
    finish(): string {
      const wall = (performance.now() - started) / 1000;
      const lines: string[] = [];
      let total = 0;
      for (const [name, pids] of parts(workerPids, database)) {
        const used = pids.reduce((sum, pid) => sum + cpuSeconds(pid) - (before.get(pid) ?? 0), 0);
        total += used;
        lines.push(
          `    ${name.padEnd(44)} ${used.toFixed(1).padStart(6)} CPU s  ${(used / wall).toFixed(2)} cores`,
        );
      }
      lines.push(
        `    ${'total'.padEnd(44)} ${total.toFixed(1).padStart(6)} CPU s  ${(total / wall).toFixed(2)} cores over ${wall.toFixed(1)} s wall`,
      );
      return lines.join('\n');
    },
  };
}

import { sql } from 'drizzle-orm';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { type Database, rowsOf } from '../db/client.ts';
import { documentStatusSql } from '../db/document-status.ts';
import { acceptedCertificateExpiries } from './as2/certificate-expiry.ts';
import { EXPIRY_WARNING_DAYS } from './as2/certificate-view.ts';

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  jobs: Counter<'stage' | 'outcome'>;
  jobDuration: Histogram<'stage'>;
}

/**
 * One registry per gateway instance (tests run several in one process). Queue depth and dead letters are read
 * from the outbox at scrape time, so they are true across every worker process, not just this one.
 */
export function createMetrics(db: Database, databaseMemory?: () => Promise<number | undefined>): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ordergate_process_' });
  const httpRequests = new Counter({
    name: 'ordergate_http_requests_total',
    help: 'HTTP requests by method, matched route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const jobs = new Counter({
    name: 'ordergate_jobs_total',
    help: 'Pipeline jobs run by this process, by stage and outcome (done, retry, failed, dead, skipped)',
    labelNames: ['stage', 'outcome'] as const,
    registers: [registry],
  });
  const jobDuration = new Histogram({
    name: 'ordergate_job_duration_seconds',
    help: 'Pipeline job run time by stage',
    labelNames: ['stage'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  if (databaseMemory) {
    new Gauge({
      name: 'ordergate_embedded_database_bytes',
      help: "The embedded database's WebAssembly memory (grows to its largest statement's needs, never shrinks)",
      registers: [registry],
      async collect() {
        const bytes = await databaseMemory();
        if (bytes !== undefined) this.set(bytes);
      },
    });
  }
  new Gauge({
    name: 'ordergate_jobs',
    help: 'Outbox jobs by stage and status (pending = queue depth, dead = dead letters)',
    labelNames: ['stage', 'status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const result = await db.execute(
        sql`select stage, status, count(*)::int as n from jobs where status <> 'done' group by stage, status`,
      );
      for (const row of rowsOf<{ stage: string; status: string; n: number }>(result)) {
        this.set({ stage: row.stage, status: row.status }, Number(row.n));
      }
    },
  });
  new Gauge({
    name: 'ordergate_outbound_documents',
    help: 'Documents we send by type and status (accepted/rejected by the partner 997/999, overdue without one)',
    labelNames: ['type', 'status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const result = await db.execute(sql`
        select d.type, ${documentStatusSql('d', 'p')} as status, count(*)::int as n
          from outbound_documents d left join partners p on p.id = d.partner_id group by 1, 2`);
      for (const row of rowsOf<{ type: string; status: string; n: number }>(result)) {
        this.set({ type: row.type, status: row.status }, Number(row.n));
      }
    },
  });
  new Gauge({
    name: 'ordergate_exceptions_open',
    help: 'Open exceptions by type, and whether their deadline has passed (overdue)',
    labelNames: ['type', 'overdue'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const result = await db.execute(sql`
        select type, coalesce(due_at < now(), false) as overdue, count(*)::int as n
          from exceptions where status = 'open' group by 1, 2`);
      for (const row of rowsOf<{ type: string; overdue: boolean; n: number }>(result)) {
        this.set({ type: row.type, overdue: String(row.overdue) }, Number(row.n));
      }
    },
  });
  new Gauge({
    name: 'ordergate_as2_certificate_expiry_seconds',
    help: 'Seconds until each AS2 certificate still accepted expires (negative once expired), ours (owner "own") and partners\'',
    labelNames: ['owner', 'name', 'fingerprint'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const now = Date.now();
      for (const row of await acceptedCertificateExpiries(db)) {
        const owner = row.partnerId ?? 'own';
        this.set(
          { owner, name: row.name, fingerprint: row.fingerprint },
          (row.notAfter.getTime() - now) / 1000,
        );
      }
    },
  });
  new Gauge({
    name: 'ordergate_as2_certificates_expiring',
    help: `AS2 certificates still accepted that expire within ${EXPIRY_WARNING_DAYS} days (or have expired)`,
    registers: [registry],
    async collect() {
      const limit = Date.now() + EXPIRY_WARNING_DAYS * 86_400_000;
      this.set(
        (await acceptedCertificateExpiries(db)).filter((row) => row.notAfter.getTime() <= limit).length,
      );
    },
  });
  return { registry, httpRequests, jobs, jobDuration };
}

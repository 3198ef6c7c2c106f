import path from 'node:path';
import { z } from 'zod';
import type { DeliveryContext } from '../core/connector.ts';
import { parseSecretsKey } from './secret-box.ts';

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(
      z
        .string()
        .refine(
          (v) => protocols.some((p) => v.startsWith(`${p}://`)),
          `must start with ${protocols.join(':// or ')}://`,
        )
        .optional(),
    )
    .optional();

/** The environment contract (DESIGN §5), validated once at start so a typo fails loudly, not later. */
export const EnvSchema = z.object({
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('0.0.0.0'),
  ORDERGATE_DATA_DIR: z.string().default('./.ordergate'),
  ORDERGATE_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** The bearer token /metrics asks for; unset → /metrics is open. */
  ORDERGATE_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  ORDERGATE_MAPPINGS_DIR: z.string().default('./mappings'),
  /** The key delivery credentials are sealed with; unset → generated once into the data directory. */
  ORDERGATE_SECRETS_KEY: z
    .string()
    .transform((text, ctx) => {
      const key = parseSecretsKey(text);
      if (key === undefined)
        ctx.addIssue({
          code: 'custom',
          message: 'must be 32 bytes, base64 or hex (openssl rand -base64 32)',
        });
      return key ?? z.NEVER;
    })
    .optional(),
  /**
   * 1: partners' deliveries may go to loopback, link-local, private … addresses (a gateway delivering inside
   * its own network). Unset or 0: refused, so a partner setting cannot reach the gateway's own network (SSRF).
   */
  ORDERGATE_ALLOW_PRIVATE_DELIVERY: z.enum(['0', '1']).default('0'),
  /** The one folder folder-out delivery writes under; unset → `<ORDERGATE_DATA_DIR>/outbox`. */
  ORDERGATE_OUTBOX_DIR: z.string().trim().min(1).optional(),
  /** A folder watched for inbound files (file-drop connector); unset → no folder is watched. */
  ORDERGATE_DROP_DIR: z.string().trim().min(1).optional(),
  /** Largest inbound message accepted on any door, in bytes (HTTP answers 413 above it). */
  ORDERGATE_MAX_INBOUND_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(100 * 1024 * 1024),
  /** Refused credentials from one client address within a minute before it is answered 429. */
  ORDERGATE_AUTH_FAILURE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(20),
  /** How long a client may take to send a whole request (a large upload included). */
  ORDERGATE_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120_000),
  /** How long a client may take to send a request's headers. */
  ORDERGATE_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(500).default(15_000),
  /** The pipeline thread's heap limit (V8 old generation), in MB. */
  ORDERGATE_PIPELINE_HEAP_MB: z.coerce.number().int().min(128).max(65_536).default(512),
  /** Concurrent jobs per worker process. */
  ORDERGATE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** How long a claimed job stays locked without a heartbeat before another worker may take it over. */
  ORDERGATE_JOB_LEASE_MS: z.coerce.number().int().min(500).default(30_000),
  /** Redis key prefix, so several gateways (or test runs) can share one Redis. */
  ORDERGATE_QUEUE_PREFIX: z.string().min(1).default('ordergate'),
  /**
   * DNS servers (`host` or `host:port`, comma-separated) for checking order mails' DKIM signatures and DMARC
   * policies; unset → the system's resolvers. A closed network's own resolver, or a test's.
   */
  ORDERGATE_DNS_SERVERS: z
    .string()
    .trim()
    .min(1)
    .transform((list) => list.split(',').map((s) => s.trim()))
    .optional(),
  /**
   * The mail server the gateway's own mails go through (`smtp://user:pass@host:587`, `smtps://…:465`): the partner
   * portal's sign-in codes. Unset → the portal cannot mail codes (invite links still sign partner users in).
   */
  ORDERGATE_SMTP_URL: optionalUrl(['smtp', 'smtps']),
  /** The From address of the gateway's own mails. */
  ORDERGATE_MAIL_FROM: z.email().default('ordergate@localhost'),
  /** Most automatic replies one sender gets per hour (confirmations, rejections): a mail loop stops there. */
  ORDERGATE_MAIL_REPLIES_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(20),
  /**
   * Where people reach the gateway (`https://orders.example.com`): the base of the console's sign-in links, and
   * `https://` makes its session cookie `Secure`. Unset → `http://localhost:<PORT>`.
   */
  ORDERGATE_PUBLIC_URL: optionalUrl(['http', 'https']),
  /** Console sessions end after this many idle minutes, and after this many hours whatever the activity. */
  ORDERGATE_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(480),
  ORDERGATE_SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(90 * 24)
    .default(168),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  databaseUrl?: string;
  redisUrl?: string;
  port: number;
  host: string;
  dataDir: string;
  adminToken?: string;
  metricsToken?: string;
  mappingsDir: string;
  secretsKey?: Buffer;
  dropDir?: string;
  allowPrivateDelivery: boolean;
  outboxDir: string;
  maxInboundBytes: number;
  authFailureLimit: number;
  pipelineHeapMb: number;
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  workerConcurrency: number;
  jobLeaseMs: number;
  queuePrefix: string;
  dnsServers?: string[];
  mailRepliesPerHour: number;
  /** The gateway's own mail (ORDERGATE_SMTP_URL, ORDERGATE_MAIL_FROM); unset when no server is configured. */
  systemMail?: { url: string; from: string };
  /** ORDERGATE_PUBLIC_URL without a trailing slash; unset → the listening address (`http://localhost:<port>`). */
  publicUrl?: string;
  session: { idleMs: number; absoluteMs: number };
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ConfigError(`invalid environment:\n${problems}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.ORDERGATE_DATA_DIR);
  return {
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    adminToken: e.ORDERGATE_ADMIN_TOKEN,
    metricsToken: e.ORDERGATE_METRICS_TOKEN,
    publicUrl: e.ORDERGATE_PUBLIC_URL?.replace(/\/+$/, ''),
    session: {
      idleMs: e.ORDERGATE_SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: e.ORDERGATE_SESSION_MAX_HOURS * 3600_000,
    },
    mappingsDir: path.resolve(e.ORDERGATE_MAPPINGS_DIR),
    secretsKey: e.ORDERGATE_SECRETS_KEY,
    dropDir: e.ORDERGATE_DROP_DIR === undefined ? undefined : path.resolve(e.ORDERGATE_DROP_DIR),
    allowPrivateDelivery: e.ORDERGATE_ALLOW_PRIVATE_DELIVERY === '1',
    outboxDir:
      e.ORDERGATE_OUTBOX_DIR === undefined
        ? path.join(dataDir, 'outbox')
        : path.resolve(e.ORDERGATE_OUTBOX_DIR),
    maxInboundBytes: e.ORDERGATE_MAX_INBOUND_BYTES,
    authFailureLimit: e.ORDERGATE_AUTH_FAILURE_LIMIT,
    pipelineHeapMb: e.ORDERGATE_PIPELINE_HEAP_MB,
    requestTimeoutMs: e.ORDERGATE_REQUEST_TIMEOUT_MS,
    headersTimeoutMs: e.ORDERGATE_HEADERS_TIMEOUT_MS,
    workerConcurrency: e.ORDERGATE_WORKER_CONCURRENCY,
    jobLeaseMs: e.ORDERGATE_JOB_LEASE_MS,
    queuePrefix: e.ORDERGATE_QUEUE_PREFIX,
    ...(e.ORDERGATE_DNS_SERVERS ? { dnsServers: e.ORDERGATE_DNS_SERVERS } : {}),
    mailRepliesPerHour: e.ORDERGATE_MAIL_REPLIES_PER_HOUR,
    ...(e.ORDERGATE_SMTP_URL
      ? { systemMail: { url: e.ORDERGATE_SMTP_URL, from: e.ORDERGATE_MAIL_FROM } }
      : {}),
    logLevel: e.LOG_LEVEL,
  };
}

/** What the delivery transports may reach: the process's private-address policy and outbox root. */
export function deliveryContext(config: Pick<Config, 'allowPrivateDelivery' | 'outboxDir'>): DeliveryContext {
  return { allowPrivateAddresses: config.allowPrivateDelivery, outboxDir: config.outboxDir };
}

/** What the mail door needs from the process, as plain data (it crosses into the pipeline's thread). */
export interface MailContext {
  /** DNS servers for DKIM/DMARC lookups; undefined → the system's. */
  dnsServers?: string[];
  /** Most automatic replies per sender and hour. */
  repliesPerHour: number;
}

/** The mail door's part of the configuration. */
export function mailContext(config: Pick<Config, 'dnsServers' | 'mailRepliesPerHour'>): MailContext {
  return {
    ...(config.dnsServers ? { dnsServers: config.dnsServers } : {}),
    repliesPerHour: config.mailRepliesPerHour,
  };
}

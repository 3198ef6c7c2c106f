import type { ZodType } from 'zod';

/** One encoded outbound document, ready to hand to a partner (DESIGN §3: `encode` made it, a transport sends it). */
export interface DeliveryPayload {
  bytes: Uint8Array;
  contentType: string;
  /** A suggested file name (attachment name, remote file name); transports may derive their own from it. */
  filename: string;
  /** Stable across retries and replays of the same document: receivers dedupe on it. */
  idempotencyKey: string;
  /** '855', '856', '810', '997', … */
  documentType: string;
  partnerId: string;
}

export interface DeliveryReceipt {
  deliveredAt: Date;
  /** What the receiver calls it (file name, Message-ID, …), for reconciliation. */
  remoteId?: string;
}

/**
 * What every send and every settings check gets from the process, as plain data (it may cross a thread
 * boundary): the limits an operator sets on where documents may go.
 */
export interface DeliveryContext {
  /**
   * ORDERGATE_ALLOW_PRIVATE_DELIVERY: network transports may reach loopback, link-local, private … addresses.
   * Off by default, so a partner setting cannot point the gateway at its own network (SSRF).
   */
  allowPrivateAddresses: boolean;
  /** ORDERGATE_OUTBOX_DIR, absolute: the one folder folder-out writes under. */
  outboxDir: string;
}

/** A problem with a delivery config beyond its schema; `path` is inside the config (`url`, `dir` …). */
export interface DeliveryConfigProblem {
  path: string;
  message: string;
}

/**
 * The "send" half of a transport (house rule 2: only transports do I/O). `send` makes one attempt and throws a
 * GatewayError: `retryable` for network failures, timeouts, 5xx/429 (the pipeline backs off, retries, then
 * dead-letters); `permanent` for refusals a retry cannot fix (4xx, bad credentials, refused recipient). It
 * never retries by itself and never puts a secret in an error message.
 */
export interface DeliveryTransport<C> {
  id: string;
  configSchema: ZodType<C>;
  /**
   * What can be told wrong about a schema-valid config when a partner is saved, without any I/O (an address
   * literal on a private network, a folder outside the outbox); `send` checks again, names resolved.
   */
  check?(config: C, context: DeliveryContext): DeliveryConfigProblem[];
  send(payload: DeliveryPayload, config: C, context: DeliveryContext): Promise<DeliveryReceipt>;
}

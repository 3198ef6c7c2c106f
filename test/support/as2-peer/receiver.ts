/**
 * The reference peer's AS2 receiver: an HTTP server on loopback that takes what the gateway sends, decrypts and
 * verifies it with openssl (decompresses with asn1crypto), computes the MIC over the signed part, and answers
 * with an MDN it signs with openssl: synchronously in the response, or 200 and then posted (with curl) to
 * Receipt-Delivery-Option. Fault switches make it misbehave as real partners do; it records everything.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { curlPost } from './curl.ts';
import { buildMdn } from './mdn.ts';
import type { MdnResponse } from './mdn-check.ts';
import { type As2Error, As2Failure, chooseMicDigest, type Unwrapped, unwrap } from './message.ts';
import type { DigestName } from './openssl.ts';
import type { As2Peer } from './peer.ts';

/** A message the receiver took in, as far as it got. */
export interface ReceivedMessage {
  messageId: string;
  as2From: string;
  as2To: string;
  /** The request's headers, names lower-cased. */
  headers: Record<string, string>;
  /** What unwrapping found; undefined when it failed (see `error`). */
  unwrapped: Unwrapped | undefined;
  error: As2Error | undefined;
  errorDetail: string | undefined;
  /** The MIC the peer computed (and reported, unless the `wrongMic` fault changed it). */
  mic: { value: string; digest: DigestName } | undefined;
  mdn: 'sync' | 'async' | 'none';
  mdnSigned: boolean;
  /** The MDN's disposition as sent: `processed` or `processed/error: …`. */
  disposition: string | undefined;
  /** An asynchronous MDN's delivery: the status the gateway answered, curl's complaint, or lost by the fault. */
  asyncMdn: { status?: number; error?: string; lost?: true } | undefined;
}

/** Switches that make the receiver misbehave. */
export interface ReceiverFaults {
  /** The next `down` requests are refused: the connection dropped (`reset`) or a 503 (`unavailable`). */
  down: number;
  downMode: 'reset' | 'unavailable';
  /** Reports a MIC that is not the content's. */
  wrongMic: boolean;
  /** Answers processed/error: decryption-failed whatever came. */
  negative: boolean;
  /** Sends its MDNs unsigned even when a signed one was asked for. */
  unsigned: boolean;
  /** The next `lostAsyncMdns` asynchronous MDNs are never posted (the message is taken in and recorded). */
  lostAsyncMdns: number;
}

export interface As2Receiver {
  /** `http://127.0.0.1:<port>/as2`: AS2 messages. */
  url: string;
  /** `http://127.0.0.1:<port>/mdn`: asynchronous MDNs for what the peer sent (its Receipt-Delivery-Option). */
  mdnUrl: string;
  /** The certificate the sender signs with (the gateway's), the trust anchor of its signatures. */
  senderCertPem: string | undefined;
  faults: ReceiverFaults;
  /** Every message taken in, in order, once its MDN went out. */
  received: ReceivedMessage[];
  /** Asynchronous MDNs posted to `mdnUrl`, in order. */
  mdns: MdnResponse[];
  /** Requests refused by the `down` fault. */
  refused: number;
  /** Resolves with the first message received (already, or within `timeoutMs`) that `match` accepts. */
  waitFor(match: (message: ReceivedMessage) => boolean, timeoutMs?: number): Promise<ReceivedMessage>;
  /** Resolves with the first asynchronous MDN received (already, or within `timeoutMs`) that `match` accepts. */
  waitForMdn(match: (mdn: MdnResponse) => boolean, timeoutMs?: number): Promise<MdnResponse>;
  close(): Promise<void>;
}

/** `signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, sha-256` → its parameters. */
function notificationOptions(header: string | undefined): Record<string, string[]> {
  const options: Record<string, string[]> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const [, ...values] = part
      .slice(eq + 1)
      .split(',')
      .map((value) => value.trim().toLowerCase());
    options[part.slice(0, eq).trim().toLowerCase()] = values;
  }
  return options;
}

/** An AS2 name header without its quotes. */
function unquoted(value: string | undefined): string {
  const name = (value ?? '').trim();
  return name.startsWith('"') ? name.slice(1, -1).replace(/\\(.)/g, '$1') : name;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Starts the receiver of `peer` on 127.0.0.1 (a free port). */
export async function startReceiver(
  peer: As2Peer,
  options: { senderCertPem?: string } = {},
): Promise<As2Receiver> {
  const events = new EventEmitter();
  function waitFor<T>(event: string, seen: T[], match: (item: T) => boolean, timeoutMs: number): Promise<T> {
    const already = seen.find(match);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        events.off(event, listener);
        reject(new Error(`the reference peer received no matching ${event} within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (item: T) => {
        if (!match(item)) return;
        clearTimeout(timer);
        events.off(event, listener);
        resolve(item);
      };
      events.on(event, listener);
    });
  }
  const receiver: As2Receiver = {
    url: '',
    senderCertPem: options.senderCertPem,
    faults: {
      down: 0,
      downMode: 'reset',
      wrongMic: false,
      negative: false,
      unsigned: false,
      lostAsyncMdns: 0,
    },
    received: [],
    refused: 0,
    mdnUrl: '',
    mdns: [],
    waitFor: (match, timeoutMs = 30_000) => waitFor('message', receiver.received, match, timeoutMs),
    waitForMdn: (match, timeoutMs = 30_000) => waitFor('mdn', receiver.mdns, match, timeoutMs),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  async function handle(
    request: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string>; body: Buffer; after?: () => Promise<void> }> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) headers[name] = [value].flat().join(', ');
    const message: ReceivedMessage = {
      messageId: headers['message-id'] ?? '',
      as2From: unquoted(headers['as2-from']),
      as2To: unquoted(headers['as2-to']),
      headers,
      unwrapped: undefined,
      error: undefined,
      errorDetail: undefined,
      mic: undefined,
      mdn: headers['receipt-delivery-option']
        ? 'async'
        : headers['disposition-notification-to']
          ? 'sync'
          : 'none',
      mdnSigned: false,
      disposition: undefined,
      asyncMdn: undefined,
    };
    const requested = notificationOptions(headers['disposition-notification-options']);
    try {
      if (!receiver.senderCertPem)
        throw new As2Failure('authentication-failed', 'no certificate of the sender');
      message.unwrapped = await unwrap(peer.openssl, headers, body, {
        recipient: peer.identity,
        senderCertPem: receiver.senderCertPem,
      });
      const digest = chooseMicDigest(
        requested['signed-receipt-micalg'] ?? [],
        message.unwrapped.signatureMicAlg,
      );
      const content = receiver.faults.wrongMic
        ? Buffer.concat([message.unwrapped.micContent, Buffer.from('not what was sent')])
        : message.unwrapped.micContent;
      message.mic = { value: await peer.openssl.digest(content, digest), digest };
    } catch (error) {
      if (!(error instanceof As2Failure)) throw error;
      message.error = error.error;
      message.errorDetail = error.message;
    }
    if (receiver.faults.negative) message.error = 'decryption-failed';
    message.disposition = message.error ? `processed/error: ${message.error}` : 'processed';
    const record = () => {
      receiver.received.push(message);
      events.emit('message', message);
    };
    if (message.mdn === 'none') {
      record();
      return { status: 200, headers: {}, body: Buffer.alloc(0) };
    }
    message.mdnSigned =
      (requested['signed-receipt-protocol'] ?? []).includes('pkcs7-signature') && !receiver.faults.unsigned;
    const mdn = await buildMdn(
      peer.openssl,
      {
        as2From: message.as2To,
        as2To: message.as2From,
        originalMessageId: message.messageId,
        ...(message.mic ? { mic: message.mic } : {}),
        ...(message.error ? { error: message.error } : {}),
      },
      message.mdnSigned ? peer.identity : undefined,
    );
    if (message.mdn === 'sync') {
      record();
      return { status: 200, headers: mdn.headers, body: mdn.body };
    }
    if (receiver.faults.lostAsyncMdns > 0) {
      receiver.faults.lostAsyncMdns -= 1;
      message.asyncMdn = { lost: true };
      record();
      return { status: 200, headers: {}, body: Buffer.alloc(0) };
    }
    return {
      status: 200,
      headers: {},
      body: Buffer.alloc(0),
      // the MDN goes out once the HTTP exchange is over, as asynchronous MDNs do
      after: async () => {
        try {
          const answer = await curlPost(
            peer.openssl,
            headers['receipt-delivery-option']!,
            mdn.headers,
            mdn.body,
          );
          message.asyncMdn = { status: answer.status };
        } catch (error) {
          message.asyncMdn = { error: error instanceof Error ? error.message : String(error) };
        }
        record();
      },
    };
  }

  const server: Server = createServer((request, response) => {
    if (receiver.faults.down > 0) {
      receiver.faults.down -= 1;
      receiver.refused += 1;
      if (receiver.faults.downMode === 'reset') {
        request.socket.destroy();
        return;
      }
      response.writeHead(503, { 'retry-after': '1' }).end('down for maintenance');
      return;
    }
    if (request.url === '/mdn') {
      void readBody(request).then((body) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers))
          headers[name] = [value].flat().join(', ');
        response.writeHead(200).end();
        const mdn = { headers, body };
        receiver.mdns.push(mdn);
        events.emit('mdn', mdn);
      });
      return;
    }
    readBody(request)
      .then((body) => handle(request, body))
      .then(
        (answer) => {
          response.writeHead(answer.status, answer.headers).end(answer.body, () => {
            void answer.after?.();
          });
        },
        (error: unknown) => {
          response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
        },
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.url = `${origin}/as2`;
  receiver.mdnUrl = `${origin}/mdn`;
  return receiver;
}

import type { LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ErrorCode } from '../../src/core/error-codes.ts';
import { type GatewayError, retryable } from '../../src/core/errors.ts';
import { pinnedLookup } from '../delivery-address.ts';

/** What a receiver answered: its status, its headers and the start of its body (enough to explain a refusal). */
export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  bodyStart: string;
  /** The body's bytes as read (at most the `readBytes` asked for). */
  body: Uint8Array;
}

/** Bytes of an answer's body read by default: an explanation of a refusal, never a partner's whole reply. */
const READ_BYTES = 4096;

/**
 * One POST of `body` to `target` (no userinfo: send it as a header), connected to the checked `addresses` only:
 * the name stays for the Host header, TLS SNI and certificate check, but DNS is not asked again. node:http
 * never follows a redirect. Connecting, sending and reading the answer's head and first bytes must finish
 * within `timeoutMs`; the rest of the answer past `readBytes` is not read (an AS2 MDN is read whole, as
 * `body`). Rejects with the socket's or the abort's error.
 */
export function postOnce(
  target: URL,
  headers: Record<string, string>,
  body: Uint8Array,
  addresses: readonly LookupAddress[],
  timeoutMs: number,
  readBytes = READ_BYTES,
): Promise<Answer> {
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(body.byteLength) },
        // a connection of its own: a pooled one may have been opened to addresses checked for another send
        agent: false,
        lookup: pinnedLookup(addresses),
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let read = 0;
        const answered = () => {
          const body = Buffer.concat(chunks).subarray(0, readBytes);
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            bodyStart: body.toString('utf8'),
            body,
          });
          response.destroy();
        };
        response.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          read += chunk.length;
          if (read >= readBytes) answered();
        });
        response.on('end', answered);
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * Why a POST got no answer, as a retryable GatewayError of the transport's own codes: `timeout` when it did not
 * finish within `timeoutMs`, `network` for the socket's or the resolver's errno (ECONNREFUSED, ENOTFOUND,
 * ECONNRESET …). A GatewayError already (an address refused before connecting) is passed on as it is.
 */
export function unansweredPost(
  error: unknown,
  where: string,
  timeoutMs: number,
  codes: { timeout: ErrorCode; network: ErrorCode },
  details: Record<string, unknown>,
): GatewayError {
  if (typeof (error as GatewayError).kind === 'string') return error as GatewayError;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return retryable(codes.timeout, `${where} did not answer within ${timeoutMs} ms`, { details });
  const errno = (error as { code?: unknown } | null)?.code;
  const code = typeof errno === 'string' ? errno : undefined;
  const reason = code ?? (error instanceof Error ? error.message : String(error));
  return retryable(codes.network, `could not reach ${where} (${reason})`, {
    details: { ...details, ...(code ? { errno: code } : {}) },
  });
}

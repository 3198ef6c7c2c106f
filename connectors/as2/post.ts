import type { DeliveryContext } from '../../src/core/connector.ts';
import { type GatewayError, permanent, retryable } from '../../src/core/errors.ts';
import { redactUrl } from '../../src/core/partner.ts';
import { deliveryAddresses } from '../delivery-address.ts';
import { type Answer, postOnce, unansweredPost } from '../http-post/post-once.ts';

/** The most of an answer read: a signed synchronous MDN is a few kilobytes. */
const ANSWER_BYTES = 256 * 1024;

/**
 * One POST of an AS2 message (a document, or an asynchronous MDN we owe) to `url`, to the addresses checked as
 * every network transport checks them (public only, unless the context allows private ones), pinned. A 2xx
 * answer comes back with its body; anything else throws a classified GatewayError: retryable for the network,
 * timeouts, 408, 429 and 5xx; permanent for a redirect or another 4xx. `as2MessageId` is for the error details.
 */
export async function postAs2(
  url: string,
  headers: Record<string, string>,
  body: Uint8Array,
  options: { context: DeliveryContext; timeoutMs: number; as2MessageId: string },
): Promise<Answer> {
  const where = redactUrl(url);
  let answer: Answer;
  try {
    const target = new URL(url);
    const addresses = await deliveryAddresses(target.hostname, options.context);
    answer = await postOnce(target, headers, body, addresses, options.timeoutMs, ANSWER_BYTES);
  } catch (error) {
    throw unansweredPost(
      error,
      where,
      options.timeoutMs,
      { timeout: 'as2.timeout', network: 'as2.network' },
      { url: where, as2MessageId: options.as2MessageId },
    );
  }
  if (answer.status >= 200 && answer.status < 300) return answer;
  throw statusError(answer, where, options.as2MessageId);
}

function statusError(answer: Answer, where: string, as2MessageId: string): GatewayError {
  const excerpt = answer.bodyStart.trim().slice(0, 300);
  const said = `${where} answered ${answer.status}`;
  const details = { url: where, as2MessageId, status: answer.status, ...(excerpt ? { body: excerpt } : {}) };
  const { status } = answer;
  if (status >= 500 || status === 408 || status === 429)
    return retryable('as2.unavailable', `${said} (will resend)`, { details });
  if (status >= 300 && status < 400)
    return permanent('as2.redirected', `${said}: the endpoint moved; update the URL`, { details });
  return permanent('as2.refused', `${said}: the partner refused the message`, { details });
}

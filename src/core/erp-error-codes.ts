/**
 * The ERP hand-off part of the error-code registry (error-codes.ts assembles it with its kinds and surfaces):
 * why a webhook POST of an event did not arrive. Pure data, so the registry can import it without a cycle.
 */

/** A POST a retry cannot fix: the notify job fails at once (a dead letter of the webhook, replayable). */
export const WEBHOOK_REFUSALS = {
  'webhook.refused': 'the endpoint refused the event (a 4xx other than 408 and 429): it is not retried',
  'webhook.redirected': 'the endpoint answered 3xx: redirects are not followed, change the endpoint',
  'webhook.event_missing':
    "a notify job names an event or endpoint that does not exist (the job's id is bad)",
} as const;

/** A POST that may arrive later: retried with backoff, then dead-lettered (replayable). */
export const WEBHOOK_RETRIES = {
  'webhook.unavailable': 'the endpoint answered 408, 429 or 5xx',
  'webhook.timeout': 'the endpoint did not answer in time',
  'webhook.network': 'the endpoint could not be reached (DNS, connection refused or reset)',
} as const;

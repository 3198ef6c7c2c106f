/**
 * The mail part of the error-code registry (error-codes.ts assembles it with its kinds and surfaces): what
 * reading an order mail (`email.*`) and running a mailbox (`imap.*`) can find. Pure data, so the registry can
 * import it without a cycle.
 */

/** A mail held for an operator, with an exception: who sent it is not known or not proved. */
export const EMAIL_HELD = {
  'email.sender_unknown': "the mail's From address and domain are no partner's: held until an admin assigns it",
  'email.sender_unauthenticated':
    "the mail does not prove it comes from the partner its From names (DMARC, secret address): held",
} as const;

/** Findings about a mail told to the sender (or kept with the message) that reject nothing. */
export const EMAIL_WARNINGS = {} as const;

/** A mailbox configuration that cannot work, found by `POST /v1/connectors/:id/check`. */
export const IMAP_FINDINGS = {} as const;

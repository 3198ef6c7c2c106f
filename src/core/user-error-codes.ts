/**
 * The console's part of the error-code registry (error-codes.ts assembles it with its kinds, surfaces and HTTP
 * statuses): users, sign-in and sessions. Pure data, so the registry can import it without a cycle.
 */

/** A user request that is refused as it is (422): `details` names each field. */
export const USER_REFUSALS = {
  'user.invalid': 'a user, password or role is refused as it is; `details` names each field',
  'user.link_invalid': 'the sign-in link is unknown, used already or expired: ask an admin for a new one',
} as const;

/** A user that clashes with one recorded (409). */
export const USER_CONFLICTS = {
  'user.exists': 'a user with this email address exists already',
} as const;

/** Sign-in refused (401): wrong email, password or code, said the same way for each. */
export const SIGN_IN_REFUSALS = {
  'user.sign_in_failed': 'the email address, password or one-time code is wrong (which one is not said)',
} as const;

/** The console's own refusals of a request. */
export const CONSOLE_REFUSALS = {
  'user.csrf_failed':
    "a form or htmx request came without the session's CSRF token, or from another origin: reload the page",
  'user.role_forbidden': "the signed-in user's role does not allow this action",
} as const;

import type { Diagnostic } from '../../src/core/diagnostic.ts';
import type { EMAIL_HELD, EMAIL_REJECTS, EMAIL_WARNINGS } from '../../src/core/email-error-codes.ts';

/** A code of the mail blocks of the registry (src/core/email-error-codes.ts). */
export type EmailCode = keyof typeof EMAIL_HELD | keyof typeof EMAIL_REJECTS | keyof typeof EMAIL_WARNINGS;

/** A finding about a mail: a {@link Diagnostic} whose code is one of the mail codes; `file` names the attachment. */
export type MailProblem = Omit<Diagnostic, 'code'> & { code: EmailCode };

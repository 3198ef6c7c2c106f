import { type ErrorCode, isErrorCode } from './error-codes.ts';

/**
 * How an error is handled (DESIGN §6):
 * - `retryable`: a dependency hiccup; back off, retry, then dead-letter with replay.
 * - `permanent`: our side cannot process it; hold for an operator.
 * - `partner_rejectable`: the partner sent something wrong; answer them with a proper rejection, page no one.
 */
export type ErrorKind = 'retryable' | 'permanent' | 'partner_rejectable';

/** An error as it crosses a process boundary: its kind, its registered code, what happened. */
export interface GatewayErrorShape {
  kind: ErrorKind;
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/**
 * The one error base class. Code must branch on `kind`/`code`, never on `instanceof`: errors cross process
 * boundaries (BullMQ workers) as plain objects, and {@link toGatewayErrorShape} recovers them.
 */
export class GatewayError extends Error implements GatewayErrorShape {
  readonly kind: ErrorKind;
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(
    kind: ErrorKind,
    code: ErrorCode,
    message: string,
    options?: { details?: unknown; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.kind = kind;
    this.code = code;
    this.details = options?.details;
  }

  toJSON(): GatewayErrorShape {
    return { kind: this.kind, code: this.code, message: this.message, details: this.details };
  }
}

/** A dependency hiccup: back off, retry, then dead-letter. */
export const retryable = (
  code: ErrorCode,
  message: string,
  options?: { details?: unknown; cause?: unknown },
) => new GatewayError('retryable', code, message, options);
/** Our side cannot process it: hold for an operator. */
export const permanent = (
  code: ErrorCode,
  message: string,
  options?: { details?: unknown; cause?: unknown },
) => new GatewayError('permanent', code, message, options);
/** The partner sent something wrong: answer them with a proper rejection. */
export const partnerRejectable = (
  code: ErrorCode,
  message: string,
  options?: { details?: unknown; cause?: unknown },
) => new GatewayError('partner_rejectable', code, message, options);

const KINDS: readonly string[] = ['retryable', 'permanent', 'partner_rejectable'];

/** Reads the kind/code of anything thrown, including errors serialised across a process boundary. */
export function toGatewayErrorShape(error: unknown): GatewayErrorShape {
  if (typeof error === 'object' && error !== null) {
    const e = error as Record<string, unknown>;
    if (
      typeof e.kind === 'string' &&
      KINDS.includes(e.kind) &&
      typeof e.code === 'string' &&
      isErrorCode(e.code)
    ) {
      return {
        kind: e.kind as ErrorKind,
        code: e.code,
        message: typeof e.message === 'string' ? e.message : e.code,
        details: e.details,
      };
    }
    // An unclassified failure (bug, driver error) is assumed transient: retried, then dead-lettered.
    return {
      kind: 'retryable',
      code: 'gateway.internal',
      message: typeof e.message === 'string' ? e.message : String(error),
    };
  }
  return { kind: 'retryable', code: 'gateway.internal', message: String(error) };
}

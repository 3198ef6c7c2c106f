import { z } from 'zod';
import { As2Name } from '../../src/core/partner.ts';
import { AS2_ENCRYPT_ALGS, AS2_SIGN_ALGS } from './algorithms.ts';

/**
 * How we send to one partner over AS2 (the `as2` delivery transport's settings): where, under which AS2 names,
 * signed and encrypted with which algorithms (the partner's certificates and our key pairs are stored apart,
 * see as2_certificates), and how the partner answers with its MDN.
 */
export const As2Config = z
  .strictObject({
    /** The partner's AS2 endpoint. */
    url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
    /** Our AS2 name, as the partner knows us. */
    as2From: As2Name,
    /** The partner's AS2 name. */
    as2To: As2Name,
    /** The signature's digest; sha1 for old peers only. */
    sign: z.enum([...AS2_SIGN_ALGS, 'none']).default('sha256'),
    /** The content encryption; des3 for old peers only. */
    encrypt: z.enum([...AS2_ENCRYPT_ALGS, 'none']).default('aes256-cbc'),
    /** Compress before signing (RFC 5402). */
    compress: z.boolean().default(false),
    /** The MDN asked for: in the HTTP answer, posted later to `mdnUrl`, or none. */
    mdn: z.enum(['sync', 'async', 'none']).default('sync'),
    /** Ask for a signed MDN, and accept only one signed by the partner's signing certificate. */
    mdnSigned: z.boolean().default(true),
    /** Where the partner posts an asynchronous MDN: this gateway's public `POST /as2/mdn`. */
    mdnUrl: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
    /** How long an asynchronous MDN may take before the message is sent again. */
    mdnWaitSeconds: z.number().int().min(1).max(86_400).default(600),
    /** Connecting, sending and reading the answer (a synchronous MDN included). */
    timeoutMs: z.number().int().min(1).max(600_000).default(60_000),
  })
  .refine((c) => c.mdn !== 'async' || c.mdnUrl !== undefined, {
    path: ['mdnUrl'],
    message: 'an asynchronous MDN needs the URL the partner posts it to',
  });
export type As2Config = z.infer<typeof As2Config>;
export type As2ConfigInput = z.input<typeof As2Config>;

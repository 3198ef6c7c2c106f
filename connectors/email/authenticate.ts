import type { DKIMResult, DNSResolver, SPFResult } from 'mailauth';

/** DNS as mailauth asks it: a name and a record type (`TXT`) to the records, as `dns.promises.resolve` answers. */
export type MailDnsResolver = (name: string, type: string) => Promise<unknown>;

/** Where the mail came from, when known, and the DNS to ask. */
export interface AuthenticateOptions {
  resolver: MailDnsResolver;
  /** The connecting client's IP address, known only to the server that took the mail over SMTP. */
  ip?: string;
  /** Its HELO/EHLO name. */
  helo?: string;
  /** Our host name, for the comments of the results. */
  mta?: string;
  /** The MAIL FROM address (default: the Return-Path header). */
  sender?: string;
  /** The time signatures are checked against for expiry (`x=`); default now. */
  now?: Date;
}

/** The outcome of DMARC for the From domain. `permerror`: the mail has no single From address to check. */
export type DmarcVerdict = 'pass' | 'fail' | 'none' | 'temperror' | 'permerror';

/** One DKIM signature of the mail, as checked. */
export interface DkimSummary {
  /** The signing domain (`d=`). */
  domain: string;
  selector?: string;
  /** `pass`, `fail`, `neutral` (body hash did not verify), `temperror` (key not found for now), `policy` … */
  result: string;
  /** It passed, covers the whole body and its domain aligns with the From domain (relaxed: same organisation). */
  aligned: boolean;
  comment?: string;
}

/** Whether a mail proves it comes from its From domain. */
export interface SenderAuthentication {
  dmarc: DmarcVerdict;
  /** The From domain's published policy (`none`, `quarantine`, `reject`), when it has a DMARC record. */
  policy?: string;
  /** The domain of the From address, lower-cased (absent with no or several From addresses). */
  fromDomain?: string;
  /**
   * The proof: DMARC passes, or, for a domain without a DMARC record, a DKIM signature of the From domain's
   * organisation verifies over the whole body. A signature by another domain (a forged From) or one broken
   * by a change after signing proves nothing.
   */
  aligned: boolean;
  dkim: DkimSummary[];
  /** Only with `ip`: SPF for the MAIL FROM domain. */
  spf?: { result: string; domain: string };
  /** Why, in one sentence, for the operator's exception. */
  reason: string;
}

/** A signature that proves its domain sent this body: it verifies, and no unsigned text follows an `l=` limit. */
const proves = (r: DKIMResult) => r.status.result === 'pass' && !r.status.underSized;

function summary(r: DKIMResult): DkimSummary {
  return {
    domain: r.signingDomain,
    ...(r.selector ? { selector: r.selector } : {}),
    result: r.status.result,
    aligned: proves(r) && Boolean(r.status.aligned),
    ...(r.status.comment ? { comment: r.status.comment } : {}),
  };
}

/** What the signatures say, for the reason: which verified, which did not and why. */
function describe(dkim: readonly DkimSummary[], fromDomain: string): string {
  if (dkim.length === 0) return 'the mail has no DKIM signature';
  const aligned = dkim.find((s) => s.aligned);
  if (aligned) return `the DKIM signature of ${aligned.domain} verifies and aligns with ${fromDomain}`;
  return dkim
    .map((s) =>
      s.result === 'pass'
        ? `the DKIM signature of ${s.domain} verifies but does not align with ${fromDomain}`
        : `the DKIM signature of ${s.domain} does not verify (${s.result}${s.comment ? `: ${s.comment}` : ''})`,
    )
    .join('; ');
}

/**
 * Checks a mail's DKIM signatures and its From domain's DMARC policy (RFC 7489) with mailauth, from the stored
 * bytes. A mail fetched from a mailbox has no connecting IP, so SPF (which checks that IP) cannot be evaluated:
 * without `ip` SPF is skipped altogether and only an aligned DKIM signature can pass DMARC. mailauth's
 * `authenticate` is not used as a whole because it always runs SPF, and an SPF record such as `+all` passes
 * whatever the IP, which would make a forged mail pass; nor is ARC trusted, which vouches for a forwarder's
 * word about earlier checks, not for the sender. The DMARC record is looked up through `resolver`: `p=none`
 * still yields `pass` or `fail` (the policy is what a receiver does, the verdict what it found).
 */
export async function authenticateSender(
  raw: Uint8Array,
  options: AuthenticateOptions,
): Promise<SenderAuthentication> {
  // loaded by the first mail checked, not by every process that imports the connectors
  const { dkimVerify, dmarc, spf } = await import('mailauth');
  const resolver = options.resolver as DNSResolver;
  const message = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const verified = await dkimVerify(message, {
    resolver,
    ...(options.sender ? { sender: options.sender } : {}),
    ...(options.now ? { curTime: options.now } : {}),
  });
  // mailauth reports an unsigned mail as one result without a signing domain: no signature, so none listed
  const dkim = verified.results.filter((r) => r.signingDomain).map(summary);
  const from = verified.headerFrom ?? [];
  if (from.length !== 1)
    return {
      dmarc: 'permerror',
      aligned: false,
      dkim,
      reason: `the mail has ${from.length} From addresses; DMARC checks a mail with exactly one`,
    };
  const fromDomain = from[0]!.slice(from[0]!.lastIndexOf('@') + 1).toLowerCase();

  let spfResult: SPFResult | undefined;
  if (options.ip !== undefined) {
    const sender = options.sender ?? (verified.envelopeFrom || undefined);
    spfResult = await spf({
      ip: options.ip,
      resolver,
      ...(sender ? { sender } : {}),
      ...(options.helo ? { helo: options.helo } : {}),
      ...(options.mta ? { mta: options.mta } : {}),
    });
  }
  const checked = await dmarc({
    headerFrom: from[0]!,
    spfDomains: spfResult?.status.result === 'pass' ? [spfResult.domain] : [],
    dkimDomains: verified.results
      .filter(proves)
      .map((r) => ({ domain: r.signingDomain, aligned: Boolean(r.status.aligned) })),
    resolver,
  });
  const spfSummary = spfResult ? { spf: { result: spfResult.status.result, domain: spfResult.domain } } : {};
  const base = { fromDomain, dkim, ...spfSummary };
  const signatures = describe(dkim, fromDomain);
  if (checked === false)
    return { ...base, dmarc: 'permerror', aligned: false, reason: 'DMARC cannot check the From address' };
  const verdict = checked.status.result;
  if (verdict === 'temperror')
    return {
      ...base,
      dmarc: 'temperror',
      aligned: false,
      reason: `the DMARC record of ${fromDomain} could not be looked up: ${checked.error ?? 'DNS failure'}`,
    };
  if (verdict === 'none') {
    // no DMARC record: what DMARC would check is still checkable, a DKIM signature of the From organisation
    const aligned = dkim.some((s) => s.aligned);
    return {
      ...base,
      dmarc: 'none',
      aligned,
      reason: `${fromDomain} publishes no DMARC record; ${signatures}`,
    };
  }
  const policy = { policy: checked.policy };
  if (verdict === 'pass') {
    const how = dkim.some((s) => s.aligned)
      ? signatures
      : `SPF passes for ${spfResult?.domain}, aligned with ${fromDomain}`;
    return { ...base, ...policy, dmarc: 'pass', aligned: true, reason: how };
  }
  return {
    ...base,
    ...policy,
    dmarc: 'fail',
    aligned: false,
    reason: `DMARC fails for ${fromDomain} (p=${checked.policy}): ${signatures}`,
  };
}

export { sentToSecretAddress } from './secret-address.ts';

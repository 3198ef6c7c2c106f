import { type As2SignAlg, parseMicAlg } from './algorithms.ts';

/**
 * What a sender's `Disposition-Notification-Options` header asks of the MDN (RFC 4130 §7.3):
 * `signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, sha-256, sha1`.
 * `signed` when the protocol parameter names `pkcs7-signature` (whether `optional` or `required`: we can always
 * sign); `micAlgs` are the MIC algorithms offered, in the sender's order of preference, unknown ones (md5)
 * dropped. An absent or empty header asks for an unsigned MDN and names no MIC algorithm.
 */
export function parseDispositionNotificationOptions(header: string | undefined): {
  signed: boolean;
  micAlgs: As2SignAlg[];
} {
  let signed = false;
  const micAlgs: As2SignAlg[] = [];
  for (const parameter of (header ?? '').split(';')) {
    const equals = parameter.indexOf('=');
    if (equals < 0) continue;
    const name = parameter.slice(0, equals).trim().toLowerCase();
    // the first value is the importance (`optional` or `required`), the rest the values offered
    const values = parameter
      .slice(equals + 1)
      .split(',')
      .slice(1)
      .map((value) => value.trim().toLowerCase());
    if (name === 'signed-receipt-protocol') signed = values.includes('pkcs7-signature');
    else if (name === 'signed-receipt-micalg')
      for (const value of values) {
        const alg = parseMicAlg(value);
        if (alg !== undefined && !micAlgs.includes(alg)) micAlgs.push(alg);
      }
  }
  return { signed, micAlgs };
}

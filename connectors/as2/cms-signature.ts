/**
 * CMS SignedData for AS2 (RFC 5652 §5): detached signatures of a MIME entity (multipart/signed, RFC 5751 §3.5),
 * RSA (and, on receipt, ECDSA) with SHA-1 or SHA-2, signed attributes as every S/MIME peer writes them.
 */

import { createHash, createPrivateKey, sign, verify, X509Certificate } from 'node:crypto';
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  ContentInfo,
  DigestAlgorithmIdentifiers,
  EncapsulatedContent,
  EncapsulatedContentInfo,
  id_contentType,
  id_data,
  id_messageDigest,
  id_signedData,
  id_signingTime,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
  SigningTime,
} from '@peculiar/asn1-cms';
import { AsnParser, AsnSerializer, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import type { As2SignAlg } from './algorithms.ts';
import { As2Error } from './as2-error.ts';
import { bytes, cmsCertificate, identifies, issuerAndSerialOf } from './cms-identity.ts';
import {
  AttributeSet,
  derAttributeSet,
  encapsulatedContentOf,
  ObjectIdentifierValue,
  octetStringContent,
  SignedDataWhole,
} from './cms-structures.ts';
import type { As2KeyPair } from './keys.ts';

const DIGEST_OIDS: Record<As2SignAlg, string> = {
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
};
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
/** Signature algorithms accepted on receipt, with the digest they imply (undefined: the SignerInfo's digest). */
const SIGNATURE_OIDS: Record<string, As2SignAlg | undefined> = {
  [RSA_ENCRYPTION]: undefined,
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};

function digestAlgOf(oid: string): As2SignAlg | undefined {
  return (Object.keys(DIGEST_OIDS) as As2SignAlg[]).find((alg) => DIGEST_OIDS[alg] === oid);
}

/** What a verified signature tells. */
export interface Verified {
  alg: As2SignAlg;
  /** Fingerprint of the certificate (one of `verifyWith`) that verified it. */
  signerFingerprint: string;
  /** The signed content: the detached content given, or the encapsulated one. */
  content: Buffer;
}

function attributeValue(attributes: Attribute[], type: string): ArrayBuffer | undefined {
  const found = attributes.filter((attribute) => attribute.attrType === type);
  // RFC 5652 §11: content-type and message-digest are single-valued and appear once
  return found.length === 1 && found[0]!.attrValues.length === 1 ? found[0]!.attrValues[0] : undefined;
}

/**
 * Verifies a CMS SignedData (DER or BER) over `detached` content (or its own encapsulated content) with one of
 * the partner's certificates. Throws As2Error:
 * - `authentication-failed` when no certificate in `verifyWith` is the signer's, the digest algorithm is not
 *   one we accept, or the signature does not verify (the signed attributes or the signature were altered, or
 *   another key signed);
 * - `integrity-check-failed` when the signature verifies but the content's digest is not the signed
 *   message-digest: the content changed after signing (RFC 5652 §5.6).
 */
export function verifySignedData(
  der: Uint8Array,
  detached: Buffer | undefined,
  verifyWith: readonly string[],
): Verified {
  let signed: SignedDataWhole;
  try {
    const contentInfo = AsnParser.parse(der, ContentInfo);
    if (contentInfo.contentType !== id_signedData)
      throw new Error(`CMS content type ${contentInfo.contentType}`);
    signed = AsnParser.parse(contentInfo.content, SignedDataWhole);
  } catch (error) {
    throw new As2Error(
      'authentication-failed',
      `the signature is not CMS signed data: ${(error as Error).message}`,
    );
  }
  const encapsulated = encapsulatedContentOf(signed);
  const content = detached ?? (encapsulated.eContent && octetStringContent(encapsulated.eContent));
  if (content === undefined)
    throw new As2Error('authentication-failed', 'the signature carries no content and none was given');
  const certificates = verifyWith.map(cmsCertificate);
  const signerInfo = signed.signerInfos[0];
  if (signerInfo === undefined || signed.signerInfos.length !== 1)
    throw new As2Error(
      'authentication-failed',
      `the signature has ${signed.signerInfos.length} signers, not one`,
    );
  // the certificates the signer identifier names; when it names none, a certificate of the same key may still
  // verify (the partner renewed its certificate and signs naming the new one before we have it)
  const named = certificates.filter((candidate) => identifies(signerInfo.sid, candidate));
  const candidates = named.length > 0 ? named : certificates;
  const alg = digestAlgOf(signerInfo.digestAlgorithm.algorithm);
  if (alg === undefined)
    throw new As2Error(
      'authentication-failed',
      `the digest algorithm ${signerInfo.digestAlgorithm.algorithm} is not accepted`,
    );
  const signatureOid = signerInfo.signatureAlgorithm.algorithm;
  if (!(signatureOid in SIGNATURE_OIDS) || (SIGNATURE_OIDS[signatureOid] ?? alg) !== alg)
    throw new As2Error('authentication-failed', `the signature algorithm ${signatureOid} is not accepted`);

  const digest = createHash(alg).update(content).digest();
  const signature = bytes(signerInfo.signature.buffer);
  // without signed attributes the signature is over the content itself, and a change in either fails it
  const signedBytes =
    signerInfo.signedAttrs === undefined ? content : derAttributeSet(signerInfo.signedAttrs);
  const certificate = candidates.find((candidate) =>
    verify(alg, signedBytes, new X509Certificate(candidate.pem).publicKey, signature),
  );
  if (certificate === undefined)
    throw new As2Error(
      'authentication-failed',
      named.length > 0
        ? 'the signature does not verify'
        : 'the message is signed with a certificate that is not the partner’s',
    );
  if (signerInfo.signedAttrs === undefined)
    return { alg, signerFingerprint: certificate.fingerprint, content };
  const messageDigest = attributeValue(signerInfo.signedAttrs, id_messageDigest);
  const contentType = attributeValue(signerInfo.signedAttrs, id_contentType);
  if (messageDigest === undefined || contentType === undefined)
    throw new As2Error(
      'authentication-failed',
      'the signed attributes lack the content type or message digest',
    );
  if (AsnParser.parse(contentType, ObjectIdentifierValue).value !== encapsulated.eContentType)
    throw new As2Error('integrity-check-failed', 'the signed content type is not the content’s');
  if (!bytes(AsnParser.parse(messageDigest, OctetString).buffer).equals(digest))
    throw new As2Error('integrity-check-failed', 'the content does not match the digest that was signed');
  return { alg, signerFingerprint: certificate.fingerprint, content };
}

/**
 * Signs content: a DER ContentInfo with SignedData, detached (no encapsulated content) unless `encapsulate`,
 * signed attributes content-type, signing-time and message-digest, our certificate included, rsaEncryption as
 * the signature algorithm like OpenSSL writes it.
 */
export function signData(
  content: Uint8Array,
  key: As2KeyPair,
  alg: As2SignAlg,
  options: { encapsulate?: boolean } = {},
): Buffer {
  const certificate = cmsCertificate(key.certificatePem);
  const privateKey = createPrivateKey(key.privateKeyPem);
  // the SignerInfo names rsaEncryption; an EC key would need ecdsa-with-SHA* there (our key store makes RSA keys)
  if (privateKey.asymmetricKeyType !== 'rsa')
    throw new Error(`AS2 signing takes an RSA key, not ${privateKey.asymmetricKeyType}`);
  const digestAlgorithm = new AlgorithmIdentifier({ algorithm: DIGEST_OIDS[alg] });
  const attributes = [
    new Attribute({
      attrType: id_contentType,
      attrValues: [AsnSerializer.serialize(Object.assign(new ObjectIdentifierValue(), { value: id_data }))],
    }),
    new Attribute({
      attrType: id_signingTime,
      attrValues: [AsnSerializer.serialize(new SigningTime(new Date()))],
    }),
    new Attribute({
      attrType: id_messageDigest,
      attrValues: [AsnSerializer.serialize(new OctetString(createHash(alg).update(content).digest()))],
    }),
  ];
  const toSign = derAttributeSet(attributes);
  const signerInfo = new SignerInfo({
    version: 1,
    sid: new SignerIdentifier({ issuerAndSerialNumber: issuerAndSerialOf(certificate) }),
    digestAlgorithm,
    // the SignerInfo carries them in the order they were signed in
    signedAttrs: [...AsnParser.parse(toSign, AttributeSet)],
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: RSA_ENCRYPTION, parameters: null }),
    signature: new OctetString(sign(alg, toSign, privateKey)),
  });
  const signed = new SignedData({
    version: 1,
    digestAlgorithms: new DigestAlgorithmIdentifiers([digestAlgorithm]),
    encapContentInfo: new EncapsulatedContentInfo({
      eContentType: id_data,
      ...(options.encapsulate
        ? { eContent: new EncapsulatedContent({ single: new OctetString(content) }) }
        : {}),
    }),
    certificates: new CertificateSet([new CertificateChoices({ certificate: certificate.asn1 })]),
    signerInfos: new SignerInfos([signerInfo]),
  });
  return Buffer.from(
    AsnSerializer.serialize(
      new ContentInfo({ contentType: id_signedData, content: AsnSerializer.serialize(signed) }),
    ),
  );
}

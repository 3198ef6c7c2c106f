/**
 * CMS encryption for AS2: EnvelopedData (RFC 5652 §6) with AES-CBC or 3DES, AuthEnvelopedData (RFC 5083) with
 * AES-GCM (RFC 5084), the content-encryption key transported with RSA (rsaEncryption, or RSAES-OAEP on receipt).
 */

import {
  constants,
  createCipheriv,
  createDecipheriv,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
} from 'node:crypto';
import {
  ContentInfo,
  EncryptedContent,
  EncryptedContentInfo,
  EnvelopedData,
  id_data,
  id_envelopedData,
  KeyTransRecipientInfo,
  RecipientIdentifier,
  RecipientInfo,
  RecipientInfos,
} from '@peculiar/asn1-cms';
import { AsnParser, AsnSerializer, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import forge from 'node-forge';
import type { As2EncryptAlg } from './algorithms.ts';
import { As2Error } from './as2-error.ts';
import { bytes, type CmsCertificate, cmsCertificate, identifies, issuerAndSerialOf } from './cms-identity.ts';
import {
  AuthEnvelopedContentInfo,
  AuthEnvelopedData,
  derAttributeSet,
  EnvelopedContentInfo,
  GcmParameters,
  ID_AUTH_ENVELOPED_DATA,
  peekContentType,
  RsaesOaepParams,
} from './cms-structures.ts';
import type { As2KeyPair } from './keys.ts';

interface ContentAlgorithm {
  oid: string;
  /** Node's cipher name. */
  cipher: string;
  keyLength: number;
  /** IV (CBC) or nonce (GCM) length we generate. */
  ivLength: number;
  gcm: boolean;
}

const CONTENT_ALGORITHMS: Record<As2EncryptAlg, ContentAlgorithm> = {
  'aes128-cbc': {
    oid: '2.16.840.1.101.3.4.1.2',
    cipher: 'aes-128-cbc',
    keyLength: 16,
    ivLength: 16,
    gcm: false,
  },
  'aes192-cbc': {
    oid: '2.16.840.1.101.3.4.1.22',
    cipher: 'aes-192-cbc',
    keyLength: 24,
    ivLength: 16,
    gcm: false,
  },
  'aes256-cbc': {
    oid: '2.16.840.1.101.3.4.1.42',
    cipher: 'aes-256-cbc',
    keyLength: 32,
    ivLength: 16,
    gcm: false,
  },
  // RFC 5084 §3.2: a 12-octet nonce is recommended; the 16-octet tag is what OpenSSL writes
  'aes128-gcm': {
    oid: '2.16.840.1.101.3.4.1.6',
    cipher: 'aes-128-gcm',
    keyLength: 16,
    ivLength: 12,
    gcm: true,
  },
  'aes192-gcm': {
    oid: '2.16.840.1.101.3.4.1.26',
    cipher: 'aes-192-gcm',
    keyLength: 24,
    ivLength: 12,
    gcm: true,
  },
  'aes256-gcm': {
    oid: '2.16.840.1.101.3.4.1.46',
    cipher: 'aes-256-gcm',
    keyLength: 32,
    ivLength: 12,
    gcm: true,
  },
  des3: { oid: '1.2.840.113549.3.7', cipher: 'des-ede3-cbc', keyLength: 24, ivLength: 8, gcm: false },
};

const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const RSAES_OAEP = '1.2.840.113549.1.1.7';
const MGF1 = '1.2.840.113549.1.1.8';
const OAEP_HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/**
 * The one answer to every key-transport, padding, tag or length failure: the MDN carries only the category, and
 * the message says nothing about which step failed either, so neither leaks a padding oracle.
 */
const undecryptable = () =>
  new As2Error('decryption-failed', 'the message cannot be decrypted with any of our keys');

/** What {@link decryptCms} found. */
export interface Decrypted {
  content: Buffer;
  alg: As2EncryptAlg;
  /** Fingerprint of the certificate of our key pair that decrypted it. */
  decryptedWith: string;
}

/** The content octets of an EncryptedContent, primitive or constructed (BER from a streaming encoder). */
function encryptedOctets(info: EncryptedContentInfo): Buffer {
  const content = info.encryptedContent;
  if (content?.value !== undefined) return bytes(content.value.buffer);
  if (content?.constructedValue !== undefined)
    return Buffer.concat(content.constructedValue.map((part) => bytes(part.buffer)));
  throw new As2Error('decryption-failed', 'the encrypted message holds no encrypted content');
}

function contentAlgorithm(identifier: AlgorithmIdentifier): [As2EncryptAlg, ContentAlgorithm] {
  const found = Object.entries(CONTENT_ALGORITHMS).find(([, alg]) => alg.oid === identifier.algorithm);
  if (found === undefined)
    throw new As2Error(
      'decryption-failed',
      `the content-encryption algorithm ${identifier.algorithm} is not supported`,
    );
  return found as [As2EncryptAlg, ContentAlgorithm];
}

/** The content-encryption key a key-transport recipient info carries for this private key (throws on any failure). */
function transportedKey(ktri: KeyTransRecipientInfo, pair: As2KeyPair): Buffer {
  const encryptedKey = bytes(ktri.encryptedKey.buffer);
  const algorithm = ktri.keyEncryptionAlgorithm;
  if (algorithm.algorithm === RSA_ENCRYPTION) {
    // Node 20 refuses PKCS#1 v1.5 private decryption (CVE-2023-46809); node-forge does it
    const key = forge.pki.privateKeyFromPem(pair.privateKeyPem) as forge.pki.rsa.PrivateKey;
    return Buffer.from(key.decrypt(encryptedKey.toString('binary'), 'RSAES-PKCS1-V1_5'), 'binary');
  }
  if (algorithm.algorithm === RSAES_OAEP) {
    const params = algorithm.parameters
      ? AsnParser.parse(algorithm.parameters, RsaesOaepParams)
      : new RsaesOaepParams();
    const hash = OAEP_HASHES[params.hashAlgorithm?.algorithm ?? '1.3.14.3.2.26'];
    const mgf = params.maskGenAlgorithm;
    // Node uses the OAEP hash for MGF1 too; a different MGF1 hash cannot be decrypted here
    const mgfHash = mgf?.parameters
      ? OAEP_HASHES[AsnParser.parse(mgf.parameters, AlgorithmIdentifier).algorithm]
      : 'sha1';
    if (hash === undefined || (mgf !== undefined && mgf.algorithm !== MGF1) || mgfHash !== hash)
      throw new Error('unsupported RSAES-OAEP parameters');
    return privateDecrypt(
      { key: pair.privateKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash },
      encryptedKey,
    );
  }
  throw new Error(`unsupported key-encryption algorithm ${algorithm.algorithm}`);
}

interface Envelope {
  recipients: RecipientInfos;
  info: EncryptedContentInfo;
  /** GCM only: the tag, and the authenticated attributes' DER (re-tagged SET) as additional data. */
  mac?: Buffer;
  aad?: Buffer;
}

function envelopeOf(der: Uint8Array): Envelope {
  const contentType = peekContentType(der);
  if (contentType === id_envelopedData) {
    const enveloped = AsnParser.parse(der, EnvelopedContentInfo).content;
    return { recipients: enveloped.recipientInfos, info: enveloped.encryptedContentInfo };
  }
  if (contentType === ID_AUTH_ENVELOPED_DATA) {
    const enveloped = AsnParser.parse(der, AuthEnvelopedContentInfo).content;
    return {
      recipients: enveloped.recipientInfos,
      info: enveloped.authEncryptedContentInfo,
      mac: bytes(enveloped.mac.buffer),
      // RFC 5083 §2.2: the MAC covers the DER of authAttrs with its SET OF tag, not the [1] IMPLICIT tag
      ...(enveloped.authAttrs === undefined ? {} : { aad: derAttributeSet(enveloped.authAttrs) }),
    };
  }
  throw new As2Error(
    'decryption-failed',
    `the message is not encrypted data (CMS content type ${contentType})`,
  );
}

function decryptContent(envelope: Envelope, alg: ContentAlgorithm, key: Buffer, ciphertext: Buffer): Buffer {
  if (key.length !== alg.keyLength) throw new Error('wrong key length');
  const parameters = envelope.info.contentEncryptionAlgorithm.parameters;
  if (!parameters) throw new Error('no IV');
  if (alg.gcm) {
    const gcm = AsnParser.parse(parameters, GcmParameters);
    if (envelope.mac === undefined || envelope.mac.length !== gcm.icvLength)
      throw new Error('wrong tag length');
    const decipher = createDecipheriv(alg.cipher as 'aes-128-gcm', key, bytes(gcm.nonce.buffer), {
      authTagLength: gcm.icvLength,
    });
    decipher.setAuthTag(envelope.mac);
    if (envelope.aad !== undefined) decipher.setAAD(envelope.aad);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  }
  const iv = bytes(AsnParser.parse(parameters, OctetString).buffer);
  const decipher = createDecipheriv(alg.cipher, key, iv);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

/**
 * Decrypts a CMS ContentInfo holding EnvelopedData or AuthEnvelopedData with one of our key pairs. The pairs whose
 * certificate the recipient infos name are tried first; when none is named (a peer still encrypting to an
 * older certificate of the same key), every pair is tried. Throws As2Error `decryption-failed`.
 */
export function decryptCms(der: Uint8Array, keys: readonly As2KeyPair[]): Decrypted {
  let envelope: Envelope;
  try {
    envelope = envelopeOf(der);
  } catch (error) {
    if (error instanceof As2Error) throw error;
    throw new As2Error(
      'decryption-failed',
      `the encrypted message is not valid CMS: ${(error as Error).message}`,
    );
  }
  const [algName, alg] = contentAlgorithm(envelope.info.contentEncryptionAlgorithm);
  const ciphertext = encryptedOctets(envelope.info);
  const recipients = envelope.recipients
    .map((info) => info.ktri)
    .filter((ktri): ktri is KeyTransRecipientInfo => ktri !== undefined);
  const pairs = keys.map((pair) => ({ pair, certificate: cmsCertificate(pair.certificatePem) }));
  const named = recipients.flatMap((ktri) =>
    pairs
      .filter(({ certificate }) => identifies(ktri.rid, certificate))
      .map((candidate) => ({ ktri, ...candidate })),
  );
  const attempts =
    named.length > 0
      ? named
      : recipients.flatMap((ktri) => pairs.map((candidate) => ({ ktri, ...candidate })));
  for (const { ktri, pair, certificate } of attempts) {
    try {
      const key = transportedKey(ktri, pair);
      return {
        content: decryptContent(envelope, alg, key, ciphertext),
        alg: algName,
        decryptedWith: certificate.fingerprint,
      };
    } catch {
      // the next candidate; which step failed is not told (see undecryptable)
    }
  }
  throw undecryptable();
}

/** Sets each byte's low bit so the byte has odd parity, as DES keys are defined (RFC 3370 §4.3 wants it set). */
function withDesParity(key: Buffer): Buffer {
  for (let i = 0; i < key.length; i++) {
    const high = key[i]! & 0xfe;
    let ones = 0;
    for (let bit = 1; bit < 0x100; bit <<= 1) if (high & bit) ones++;
    key[i] = high | (ones % 2 === 0 ? 1 : 0);
  }
  return key;
}

/**
 * Encrypts content for the holder of a certificate: a DER ContentInfo with EnvelopedData (CBC algorithms) or
 * AuthEnvelopedData (GCM), the key transported with rsaEncryption (PKCS#1 v1.5, what every AS2 peer decrypts).
 */
export function encryptCms(content: Uint8Array, certificatePem: string, algName: As2EncryptAlg): Buffer {
  const alg = CONTENT_ALGORITHMS[algName];
  const certificate: CmsCertificate = cmsCertificate(certificatePem);
  const key = randomBytes(alg.keyLength);
  if (algName === 'des3') withDesParity(key);
  const iv = randomBytes(alg.ivLength);
  const recipients = new RecipientInfos([
    new RecipientInfo({
      ktri: new KeyTransRecipientInfo({
        version: 0,
        rid: new RecipientIdentifier({ issuerAndSerialNumber: issuerAndSerialOf(certificate) }),
        keyEncryptionAlgorithm: new AlgorithmIdentifier({ algorithm: RSA_ENCRYPTION, parameters: null }),
        encryptedKey: new OctetString(
          publicEncrypt({ key: certificatePem, padding: constants.RSA_PKCS1_PADDING }, key),
        ),
      }),
    }),
  ]);
  const cipher = createCipheriv(
    alg.cipher as 'aes-128-gcm',
    key,
    iv,
    alg.gcm ? { authTagLength: 16 } : undefined,
  );
  const ciphertext = Buffer.concat([cipher.update(content), cipher.final()]);
  const parameters = alg.gcm
    ? AsnSerializer.serialize(
        Object.assign(new GcmParameters(), { nonce: new OctetString(iv), icvLength: 16 }),
      )
    : AsnSerializer.serialize(new OctetString(iv));
  const info = new EncryptedContentInfo({
    contentType: id_data,
    contentEncryptionAlgorithm: new AlgorithmIdentifier({ algorithm: alg.oid, parameters }),
    encryptedContent: new EncryptedContent({ value: new OctetString(ciphertext) }),
  });
  const contentInfo = alg.gcm
    ? new ContentInfo({
        contentType: ID_AUTH_ENVELOPED_DATA,
        content: AsnSerializer.serialize(
          Object.assign(new AuthEnvelopedData(), {
            recipientInfos: recipients,
            authEncryptedContentInfo: info,
            mac: new OctetString(cipher.getAuthTag()),
          }),
        ),
      })
    : new ContentInfo({
        contentType: id_envelopedData,
        content: AsnSerializer.serialize(
          new EnvelopedData({ version: 0, recipientInfos: recipients, encryptedContentInfo: info }),
        ),
      });
  return Buffer.from(AsnSerializer.serialize(contentInfo));
}

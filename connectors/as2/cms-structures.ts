/**
 * The CMS structures `@peculiar/asn1-cms` lacks, declared with `@peculiar/asn1-schema` like the library declares
 * its own: AuthEnvelopedData (RFC 5083), GCMParameters (RFC 5084), CompressedData (RFC 3274), RSAES-OAEP-params
 * (RFC 8017 A.2.1); the small wrappers signing needs (a SET OF Attribute, a bare OID value); and a reading of
 * SignedData that keeps a constructed (BER) encapsulated content. The decorators are applied as calls: they are
 * legacy (experimentalDecorators) decorators and this project compiles without that switch.
 */
import {
  Attribute,
  EncryptedContent,
  EncryptedContentInfo,
  EnvelopedData,
  OriginatorInfo,
  RecipientInfos,
  SignedData,
} from '@peculiar/asn1-cms';
import {
  AsnArray,
  AsnParser,
  AsnProp,
  AsnPropTypes,
  AsnSerializer,
  AsnType,
  AsnTypeTypes,
  OctetString,
} from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';

/**
 * The CMS content type of a DER/BER ContentInfo, read from its first bytes: choosing the structure to parse by it
 * parses a 1 MB message once instead of twice (asn1js walks the whole input on every parse).
 */
export function peekContentType(der: Uint8Array): string | undefined {
  // ContentInfo ::= SEQUENCE { contentType OID, ... }: skip the SEQUENCE header, read the OID's TLV
  if (der[0] !== 0x30) return undefined;
  const lengthByte = der[1] ?? 0;
  const oidAt = 2 + (lengthByte === 0x80 ? 0 : lengthByte > 0x80 ? lengthByte - 0x80 : 0);
  if (der[oidAt] !== 0x06) return undefined;
  const oid = der.subarray(oidAt + 2, oidAt + 2 + (der[oidAt + 1] ?? 0));
  const arcs: number[] = [Math.floor(oid[0]! / 40), oid[0]! % 40];
  let value = 0;
  for (const byte of oid.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      arcs.push(value);
      value = 0;
    }
  }
  return arcs.join('.');
}

/** id-ct-authEnvelopedData (RFC 5083 §2.1). */
export const ID_AUTH_ENVELOPED_DATA = '1.2.840.113549.1.9.16.1.23';
/** id-ct-compressedData (RFC 3274 §1.1). */
export const ID_COMPRESSED_DATA = '1.2.840.113549.1.9.16.1.9';
/** id-alg-zlibCompress (RFC 3274 §1.1): the only compression algorithm CMS defines. */
export const ID_ZLIB_COMPRESS = '1.2.840.113549.1.9.16.3.8';

/**
 * ```asn
 * GCMParameters ::= SEQUENCE {
 *   aes-nonce        OCTET STRING, -- recommended size is 12 octets
 *   aes-ICVlen       AES-GCM-ICVlen DEFAULT 12 }
 * ```
 */
export class GcmParameters {
  nonce = new OctetString();
  icvLength = 12;
}
AsnProp({ type: OctetString })(GcmParameters.prototype, 'nonce');
AsnProp({ type: AsnPropTypes.Integer, defaultValue: 12 })(GcmParameters.prototype, 'icvLength');

/**
 * ```asn
 * AuthEnvelopedData ::= SEQUENCE {
 *   version CMSVersion,
 *   originatorInfo [0] IMPLICIT OriginatorInfo OPTIONAL,
 *   recipientInfos RecipientInfos,
 *   authEncryptedContentInfo EncryptedContentInfo,
 *   authAttrs [1] IMPLICIT AuthAttributes OPTIONAL,
 *   mac MessageAuthenticationCode,
 *   unauthAttrs [2] IMPLICIT UnauthAttributes OPTIONAL }
 * ```
 */
export class AuthEnvelopedData {
  version = 0;
  originatorInfo?: OriginatorInfo;
  recipientInfos = new RecipientInfos();
  authEncryptedContentInfo = new EncryptedContentInfo();
  authAttrs?: Attribute[];
  mac = new OctetString();
  unauthAttrs?: Attribute[];
}
AsnProp({ type: AsnPropTypes.Integer })(AuthEnvelopedData.prototype, 'version');
AsnProp({ type: OriginatorInfo, context: 0, implicit: true, optional: true })(
  AuthEnvelopedData.prototype,
  'originatorInfo',
);
AsnProp({ type: RecipientInfos })(AuthEnvelopedData.prototype, 'recipientInfos');
AsnProp({ type: EncryptedContentInfo })(AuthEnvelopedData.prototype, 'authEncryptedContentInfo');
AsnProp({ type: Attribute, repeated: 'set', context: 1, implicit: true, optional: true })(
  AuthEnvelopedData.prototype,
  'authAttrs',
);
AsnProp({ type: OctetString })(AuthEnvelopedData.prototype, 'mac');
AsnProp({ type: Attribute, repeated: 'set', context: 2, implicit: true, optional: true })(
  AuthEnvelopedData.prototype,
  'unauthAttrs',
);

/**
 * EncapsulatedContentInfo (RFC 5652 §5.2) with its content kept as the OCTET STRING's encoding: asn1-cms's own
 * EncapsulatedContent reads a constructed OCTET STRING (the BER a streaming encoder writes) as empty. Read the
 * content with {@link octetStringContent}.
 */
export class EncapsulatedContentOctets {
  eContentType = '';
  eContent?: ArrayBuffer;
}
AsnProp({ type: AsnPropTypes.ObjectIdentifier })(EncapsulatedContentOctets.prototype, 'eContentType');
AsnProp({ type: AsnPropTypes.Any, context: 0, optional: true })(
  EncapsulatedContentOctets.prototype,
  'eContent',
);

/**
 * The octets of an encoded OCTET STRING, primitive (04) or constructed (24, BER). A constructed one is read by
 * asn1-cms's EncryptedContent, which declares the same shape under the tag [0] IMPLICIT: the tag is swapped for
 * it on a copy.
 */
export function octetStringContent(encoded: ArrayBuffer): Buffer {
  const tlv = Buffer.from(encoded);
  if (tlv[0] === 0x04) return Buffer.from(AsnParser.parse(tlv, OctetString).buffer);
  if (tlv[0] !== 0x24) throw new Error('the content is not an OCTET STRING');
  const retagged = Buffer.from(tlv);
  retagged[0] = 0xa0;
  const parts = AsnParser.parse(retagged, EncryptedContent).constructedValue ?? [];
  return Buffer.concat(parts.map((part) => Buffer.from(part.buffer)));
}

/**
 * SignedData read with {@link EncapsulatedContentOctets} in place of asn1-cms's EncapsulatedContentInfo; use
 * {@link encapsulatedContentOf} for it (the declared type is the parent's).
 */
export class SignedDataWhole extends SignedData {}
AsnProp({ type: EncapsulatedContentOctets })(SignedDataWhole.prototype, 'encapContentInfo');

/** The encapsulated content info of a {@link SignedDataWhole}, as it was really parsed. */
export function encapsulatedContentOf(signed: SignedDataWhole): EncapsulatedContentOctets {
  return signed.encapContentInfo as unknown as EncapsulatedContentOctets;
}

/**
 * ```asn
 * CompressedData ::= SEQUENCE {
 *   version CMSVersion,       -- Always set to 0
 *   compressionAlgorithm CompressionAlgorithmIdentifier,
 *   encapContentInfo EncapsulatedContentInfo }
 * ```
 */
export class CompressedData {
  version = 0;
  compressionAlgorithm = new AlgorithmIdentifier();
  encapContentInfo = new EncapsulatedContentOctets();
}
AsnProp({ type: AsnPropTypes.Integer })(CompressedData.prototype, 'version');
AsnProp({ type: AlgorithmIdentifier })(CompressedData.prototype, 'compressionAlgorithm');
AsnProp({ type: EncapsulatedContentOctets })(CompressedData.prototype, 'encapContentInfo');

/**
 * ```asn
 * RSAES-OAEP-params ::= SEQUENCE {
 *   hashAlgorithm      [0] HashAlgorithm     DEFAULT sha1,
 *   maskGenAlgorithm   [1] MaskGenAlgorithm  DEFAULT mgf1SHA1,
 *   pSourceAlgorithm   [2] PSourceAlgorithm  DEFAULT pSpecifiedEmpty }
 * ```
 * Absent fields stay undefined here: undefined means the default.
 */
export class RsaesOaepParams {
  hashAlgorithm?: AlgorithmIdentifier;
  maskGenAlgorithm?: AlgorithmIdentifier;
  pSourceAlgorithm?: AlgorithmIdentifier;
}
AsnProp({ type: AlgorithmIdentifier, context: 0, optional: true })(
  RsaesOaepParams.prototype,
  'hashAlgorithm',
);
AsnProp({ type: AlgorithmIdentifier, context: 1, optional: true })(
  RsaesOaepParams.prototype,
  'maskGenAlgorithm',
);
AsnProp({ type: AlgorithmIdentifier, context: 2, optional: true })(
  RsaesOaepParams.prototype,
  'pSourceAlgorithm',
);

/**
 * `SET OF Attribute` as a type of its own: signed attributes are signed in this encoding (RFC 5652 §5.4), not
 * with the [0] IMPLICIT tag they travel under.
 */
export class AttributeSet extends AsnArray<Attribute> {
  constructor(items?: Attribute[]) {
    super(items);
    Object.setPrototypeOf(this, AttributeSet.prototype);
  }
}
AsnType({ type: AsnTypeTypes.Set, itemType: Attribute })(AttributeSet);

/** An OBJECT IDENTIFIER on its own: the value of a content-type attribute (RFC 5652 §11.1). */
export class ObjectIdentifierValue {
  value = '';
}
AsnType({ type: AsnTypeTypes.Choice })(ObjectIdentifierValue);
AsnProp({ type: AsnPropTypes.ObjectIdentifier })(ObjectIdentifierValue.prototype, 'value');

/**
 * The DER of attributes as a SET OF, elements in DER order (X.690 §11.6: by their encodings): what signed and
 * authenticated attributes are signed or authenticated as (RFC 5652 §5.4, RFC 5083 §2.2). OpenSSL re-encodes
 * received attributes the same way before verifying; asn1-schema keeps no raw bytes of a repeated field.
 */
export function derAttributeSet(attributes: readonly Attribute[]): Buffer {
  const sorted = attributes
    .map((attribute) => ({ attribute, der: Buffer.from(AsnSerializer.serialize(attribute)) }))
    .sort((a, b) => Buffer.compare(a.der, b.der))
    .map(({ attribute }) => attribute);
  return Buffer.from(AsnSerializer.serialize(new AttributeSet(sorted)));
}

/** ContentInfo (RFC 5652 §3) declared with its content: EnvelopedData, parsed in one pass. */
export class EnvelopedContentInfo {
  contentType = '';
  content = new EnvelopedData();
}
AsnProp({ type: AsnPropTypes.ObjectIdentifier })(EnvelopedContentInfo.prototype, 'contentType');
AsnProp({ type: EnvelopedData, context: 0 })(EnvelopedContentInfo.prototype, 'content');

/** ContentInfo declared with its content: AuthEnvelopedData, parsed in one pass. */
export class AuthEnvelopedContentInfo {
  contentType = '';
  content = new AuthEnvelopedData();
}
AsnProp({ type: AsnPropTypes.ObjectIdentifier })(AuthEnvelopedContentInfo.prototype, 'contentType');
AsnProp({ type: AuthEnvelopedData, context: 0 })(AuthEnvelopedContentInfo.prototype, 'content');

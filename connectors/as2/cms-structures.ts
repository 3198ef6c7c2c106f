/**
 * The CMS structures `@peculiar/asn1-cms` lacks, declared with `@peculiar/asn1-schema` like the library declares
 * its own: AuthEnvelopedData (RFC 5083), GCMParameters (RFC 5084), CompressedData (RFC 3274) and RSAES-OAEP-params
 * (RFC 8017 A.2.1). The decorators are applied as calls: they are legacy (experimentalDecorators) decorators and
 * this project compiles without that switch.
 */
import {
  Attribute,
  EncapsulatedContentInfo,
  EncryptedContentInfo,
  OriginatorInfo,
  RecipientInfos,
} from '@peculiar/asn1-cms';
import { AsnProp, AsnPropTypes, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';

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
  /** The DER of `authAttrs` as received (tag [1]): the GCM additional authenticated data, re-tagged SET. */
  authAttrsRaw?: ArrayBuffer;
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
AsnProp({ type: Attribute, repeated: 'set', context: 1, implicit: true, optional: true, raw: true })(
  AuthEnvelopedData.prototype,
  'authAttrs',
);
AsnProp({ type: OctetString })(AuthEnvelopedData.prototype, 'mac');
AsnProp({ type: Attribute, repeated: 'set', context: 2, implicit: true, optional: true })(
  AuthEnvelopedData.prototype,
  'unauthAttrs',
);

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
  encapContentInfo = new EncapsulatedContentInfo();
}
AsnProp({ type: AsnPropTypes.Integer })(CompressedData.prototype, 'version');
AsnProp({ type: AlgorithmIdentifier })(CompressedData.prototype, 'compressionAlgorithm');
AsnProp({ type: EncapsulatedContentInfo })(CompressedData.prototype, 'encapContentInfo');

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

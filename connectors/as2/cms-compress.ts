/** CMS CompressedData with zlib (RFC 3274), as AS2 compresses (RFC 5402). */

import { deflateSync, inflateSync } from 'node:zlib';
import { ContentInfo, id_data } from '@peculiar/asn1-cms';
import { AsnParser, AsnSerializer, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { As2Error } from './as2-error.ts';
import {
  CompressedData,
  EncapsulatedContentOctets,
  ID_COMPRESSED_DATA,
  ID_ZLIB_COMPRESS,
  octetStringContent,
} from './cms-structures.ts';

/** The most a compressed message may inflate to: a few bytes of zlib must not become gigabytes in memory. */
export const MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;

/** Decompresses a CMS ContentInfo holding CompressedData. Throws As2Error `decompression-failed`. */
export function decompressCms(der: Uint8Array, maxBytes = MAX_DECOMPRESSED_BYTES): Buffer {
  let compressed: Buffer;
  try {
    const contentInfo = AsnParser.parse(der, ContentInfo);
    if (contentInfo.contentType !== ID_COMPRESSED_DATA)
      throw new Error(`CMS content type ${contentInfo.contentType}`);
    const data = AsnParser.parse(contentInfo.content, CompressedData);
    if (data.compressionAlgorithm.algorithm !== ID_ZLIB_COMPRESS)
      throw new Error(`compression algorithm ${data.compressionAlgorithm.algorithm}`);
    if (data.encapContentInfo.eContent === undefined) throw new Error('no compressed content');
    compressed = octetStringContent(data.encapContentInfo.eContent);
  } catch (error) {
    throw new As2Error(
      'decompression-failed',
      `the message is not zlib CMS compressed data: ${(error as Error).message}`,
    );
  }
  try {
    return inflateSync(compressed, { maxOutputLength: maxBytes });
  } catch (error) {
    throw new As2Error(
      'decompression-failed',
      `the compressed content does not inflate: ${(error as Error).message}`,
    );
  }
}

/** Compresses content into a DER ContentInfo with CompressedData, zlib, parameters absent (RFC 3274 §2). */
export function compressCms(content: Uint8Array): Buffer {
  const data = Object.assign(new CompressedData(), {
    compressionAlgorithm: new AlgorithmIdentifier({ algorithm: ID_ZLIB_COMPRESS }),
    encapContentInfo: Object.assign(new EncapsulatedContentOctets(), {
      eContentType: id_data,
      eContent: AsnSerializer.serialize(new OctetString(deflateSync(content))),
    }),
  });
  return Buffer.from(
    AsnSerializer.serialize(
      new ContentInfo({ contentType: ID_COMPRESSED_DATA, content: AsnSerializer.serialize(data) }),
    ),
  );
}

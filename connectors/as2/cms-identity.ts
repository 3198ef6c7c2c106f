import { IssuerAndSerialNumber, type RecipientIdentifier, type SignerIdentifier } from '@peculiar/asn1-cms';
import { AsnConvert, AsnParser, AsnSerializer, OctetString } from '@peculiar/asn1-schema';
import { Certificate, id_ce_subjectKeyIdentifier } from '@peculiar/asn1-x509';
import { fingerprintOf } from './certificate-info.ts';

/** A certificate parsed once for the CMS code: its DER, fingerprint and ASN.1 structure. */
export interface CmsCertificate {
  der: Uint8Array;
  fingerprint: string;
  asn1: Certificate;
  pem: string;
}

/** Parses a PEM certificate (the first of several). */
export function cmsCertificate(pem: string): CmsCertificate {
  const match = /-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/.exec(pem);
  if (match === null) throw new Error('not a PEM certificate');
  const der = new Uint8Array(Buffer.from(match[1]!, 'base64'));
  return { der, fingerprint: fingerprintOf(der), asn1: AsnParser.parse(der, Certificate), pem };
}

/** A CMS SignerIdentifier/RecipientIdentifier naming the certificate by issuer and serial number (version 0/1). */
export function issuerAndSerialOf(certificate: CmsCertificate): IssuerAndSerialNumber {
  const tbs = certificate.asn1.tbsCertificate;
  return new IssuerAndSerialNumber({ issuer: tbs.issuer, serialNumber: tbs.serialNumber });
}

/** A view (no copy) of what asn1-schema hands out: an ArrayBuffer or a view on one. */
export function bytes(data: ArrayBuffer | ArrayBufferView): Buffer {
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  // asn1-schema's OctetString has the shape of a view but is none: take its .buffer
  if (!ArrayBuffer.isView(data)) throw new TypeError('not an ArrayBuffer or a view of one');
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** An INTEGER's content octets without the sign-padding zero bytes, so 00 8f and 8f compare equal. */
function unsigned(serial: ArrayBuffer): Buffer {
  const value = bytes(serial);
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  return value.subarray(start);
}

function subjectKeyIdentifier(certificate: CmsCertificate): Buffer | undefined {
  const extension = certificate.asn1.tbsCertificate.extensions?.find(
    (e) => e.extnID === id_ce_subjectKeyIdentifier,
  );
  return extension === undefined
    ? undefined
    : bytes(AsnParser.parse(extension.extnValue, OctetString).buffer);
}

/** Whether a signer's or recipient's identifier names this certificate (RFC 5652 §5.3, §6.2.1). */
export function identifies(id: SignerIdentifier | RecipientIdentifier, certificate: CmsCertificate): boolean {
  if (id.issuerAndSerialNumber !== undefined) {
    const tbs = certificate.asn1.tbsCertificate;
    return (
      unsigned(id.issuerAndSerialNumber.serialNumber).equals(unsigned(tbs.serialNumber)) &&
      bytes(AsnSerializer.serialize(id.issuerAndSerialNumber.issuer)).equals(
        bytes(AsnConvert.serialize(tbs.issuer)),
      )
    );
  }
  if (id.subjectKeyIdentifier !== undefined) {
    const ski = subjectKeyIdentifier(certificate);
    return ski?.equals(bytes(id.subjectKeyIdentifier.buffer)) ?? false;
  }
  return false;
}

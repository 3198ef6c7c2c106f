/**
 * The AS2 part of the error-code registry (error-codes.ts assembles it with its kinds, surfaces and HTTP
 * statuses): what the API and the console answer about our key pairs and the partners' certificates.
 * Pure data, so the registry can import it without a cycle.
 */

/** A certificate, key or PKCS#12 file refused as it is (422): nothing is stored. */
export const AS2_CERTIFICATE_REFUSALS = {
  'as2.certificate_invalid': 'the text is no PEM X.509 certificate (exactly one BEGIN CERTIFICATE block)',
  'as2.certificate_expired': 'the certificate has expired (its notAfter has passed): it cannot be used',
  'as2.private_key_invalid':
    'the private key is no unencrypted PEM private key (PKCS#8 or PKCS#1) that can be read',
  'as2.key_mismatch':
    'the private key does not belong to the certificate: a signature made with it does not verify with the certificate',
  'as2.pkcs12_wrong_password': 'the PKCS#12 file does not open with the password given',
  'as2.pkcs12_unreadable':
    'the PKCS#12 file cannot be read (damaged, or an encryption node-forge does not know): export it again, with -legacy',
  'as2.pkcs12_incomplete': 'the PKCS#12 file holds no private key, or no certificate that belongs to it',
} as const;

/** A certificate that clashes with one recorded (409). */
export const AS2_CERTIFICATE_CONFLICTS = {
  'as2.certificate_exists': 'the certificate is stored already (for us, or for this partner)',
  'as2.certificate_retired':
    'the certificate is retired or expired: it cannot be made the one in use again (add a new one)',
} as const;

import { describe, expect, it } from 'vitest';
import { parseDispositionNotificationOptions } from './disposition-options.ts';

describe('Disposition-Notification-Options', () => {
  it('reads the usual header', () => {
    expect(
      parseDispositionNotificationOptions(
        'signed-receipt-protocol=optional, pkcs7-signature; signed-receipt-micalg=optional, sha-256, sha1',
      ),
    ).toEqual({ signed: true, micAlgs: ['sha256', 'sha1'] });
  });

  it('drops md5, keeps order, ignores case and blanks', () => {
    expect(
      parseDispositionNotificationOptions(
        ' Signed-Receipt-Protocol = required , PKCS7-Signature ;Signed-Receipt-MicAlg=required,md5, SHA1 ,sha-512',
      ),
    ).toEqual({ signed: true, micAlgs: ['sha1', 'sha512'] });
  });

  it('asks for nothing when absent, empty or naming no pkcs7-signature', () => {
    expect(parseDispositionNotificationOptions(undefined)).toEqual({ signed: false, micAlgs: [] });
    expect(parseDispositionNotificationOptions('')).toEqual({ signed: false, micAlgs: [] });
    expect(parseDispositionNotificationOptions('signed-receipt-protocol=optional, pgp-signature')).toEqual({
      signed: false,
      micAlgs: [],
    });
  });
});

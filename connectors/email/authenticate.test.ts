import { describe, expect, it } from 'vitest';
import { dkimSigned, testDkimKey, txtResolver } from '../../test/support/dkim.ts';
import { authenticateSender } from './authenticate.ts';

const partner = testDkimKey('partner.example');
const relay = testDkimKey('mail.partner.example', 'relay');
const evil = testDkimKey('evil.example');
const dns = {
  [partner.name]: partner.record,
  [relay.name]: relay.record,
  [evil.name]: evil.record,
  '_dmarc.partner.example': 'v=DMARC1; p=reject',
  '_dmarc.evil.example': 'v=DMARC1; p=none',
};
const resolver = txtResolver(dns);

const order = (from = 'buyer@partner.example', extra = '') =>
  `From: ${from}\r\nTo: orders@supplier.example\r\nSubject: PO 4711\r\nDate: Mon, 20 Apr 2026 10:00:00 +0000\r\nMessage-ID: <po4711@partner.example>\r\n${extra}\r\nsku,qty\r\nA-1,4\r\n`;

describe('authenticateSender', () => {
  it('passes a mail signed by its From domain (or a subdomain of it: relaxed alignment)', async () => {
    const verdict = await authenticateSender(await dkimSigned(order(), partner), { resolver });
    expect(verdict).toMatchObject({
      dmarc: 'pass',
      policy: 'reject',
      fromDomain: 'partner.example',
      aligned: true,
    });
    expect(verdict.dkim).toEqual([
      { domain: 'partner.example', selector: 'test', result: 'pass', aligned: true },
    ]);
    const viaRelay = await authenticateSender(await dkimSigned(order(), relay), { resolver });
    expect(viaRelay).toMatchObject({ dmarc: 'pass', aligned: true });
  });

  it('fails an unsigned mail from a domain with a policy, and says none without one', async () => {
    const unsigned = await authenticateSender(Buffer.from(order()), { resolver });
    expect(unsigned).toMatchObject({ dmarc: 'fail', aligned: false, dkim: [] });
    expect(unsigned.reason).toMatch(/no DKIM signature/);
    const noRecord = await authenticateSender(Buffer.from(order('buyer@other.example')), { resolver });
    expect(noRecord).toMatchObject({ dmarc: 'none', fromDomain: 'other.example', aligned: false });
  });

  it('proves a signed mail of a domain without a DMARC record by its aligned DKIM signature', async () => {
    const key = testDkimKey('norecord.example');
    const signed = await dkimSigned(order('buyer@norecord.example'), key);
    const verdict = await authenticateSender(signed, {
      resolver: txtResolver({ ...dns, [key.name]: key.record }),
    });
    expect(verdict).toMatchObject({ dmarc: 'none', aligned: true });
  });

  it("fails a forged From: signed by another domain, in the partner's name", async () => {
    const forged = await dkimSigned(order(), evil);
    const verdict = await authenticateSender(forged, { resolver });
    expect(verdict).toMatchObject({ dmarc: 'fail', aligned: false, fromDomain: 'partner.example' });
    expect(verdict.dkim).toEqual([
      { domain: 'evil.example', selector: 'test', result: 'pass', aligned: false },
    ]);
    expect(verdict.reason).toMatch(/evil\.example verifies but does not align with partner\.example/);
  });

  it('fails a mail whose body was changed after signing', async () => {
    const signed = (await dkimSigned(order(), partner)).toString().replace('A-1,4', 'A-1,400');
    const verdict = await authenticateSender(Buffer.from(signed), { resolver });
    expect(verdict).toMatchObject({ dmarc: 'fail', aligned: false });
    expect(verdict.dkim[0]).toMatchObject({
      result: 'neutral',
      aligned: false,
      comment: 'body hash did not verify',
    });
  });

  it('takes no proof from a signature limited by l= when unsigned text follows it', async () => {
    const body = 'sku,qty\r\nA-1,4\r\n';
    const signed = await dkimSigned(order(), partner, { maxBodyLength: body.length });
    const appended = Buffer.concat([signed, Buffer.from('B-2,999\r\n')]);
    expect(await authenticateSender(appended, { resolver })).toMatchObject({ dmarc: 'fail', aligned: false });
    expect(await authenticateSender(signed, { resolver })).toMatchObject({ dmarc: 'pass', aligned: true });
  });

  it('refuses a mail with two From addresses (which one would the proof be for?)', async () => {
    const two = await dkimSigned(order('buyer@partner.example, boss@evil.example'), partner);
    expect(await authenticateSender(two, { resolver })).toMatchObject({ dmarc: 'permerror', aligned: false });
  });

  it('says temperror when the DMARC record cannot be looked up', async () => {
    const failing = async (name: string, type: string) => {
      if (name.startsWith('_dmarc.'))
        throw Object.assign(new Error('queryTxt ETIMEOUT'), { code: 'ETIMEOUT' });
      return resolver(name, type);
    };
    const verdict = await authenticateSender(await dkimSigned(order(), partner), { resolver: failing });
    expect(verdict).toMatchObject({ dmarc: 'temperror', aligned: false });
  });
});

import { describe, expect, it } from 'vitest';
import { replyRefusal } from './loop-guard.ts';
import { parseMail } from './parse-mail.ts';

const ours = { ourAddresses: ['orders@supplier.example'] };

/** A mail from a buyer with extra header lines. */
const mail = (...headers: string[]) =>
  parseMail(
    Buffer.from(
      [
        'From: Buyer <buyer@partner.example>',
        'To: orders@supplier.example',
        'Subject: PO 1',
        ...headers,
        '',
        'body',
      ].join('\r\n'),
    ),
  );

describe('replyRefusal', () => {
  it('answers an ordinary order mail, one saying Auto-Submitted: no, and one with only List-Unsubscribe', async () => {
    expect(replyRefusal(await mail(), ours)).toBeUndefined();
    expect(replyRefusal(await mail('Auto-Submitted: no'), ours)).toBeUndefined();
    expect(replyRefusal(await mail('List-Unsubscribe: <mailto:unsub@esp.example>'), ours)).toBeUndefined();
    expect(replyRefusal(await mail('Precedence: first-class'), ours)).toBeUndefined();
  });

  it.each([
    ['Auto-Submitted: auto-replied', /Auto-Submitted/],
    ['Auto-Submitted: Auto-Generated; owner-email="x@y.example"', /Auto-Submitted/],
    ['X-Autoreply: yes', /x-autoreply/],
    ['X-Autorespond: vacation', /x-autorespond/],
    ['X-Auto-Response-Suppress: DR, OOF, AutoReply', /X-Auto-Response-Suppress/],
    ['Precedence: bulk', /bulk or list/],
    ['Precedence: junk', /bulk or list/],
    ['Precedence: list', /bulk or list/],
    ['List-Id: <buyers.partner.example>', /mailing list/],
    ['Return-Path: <>', /bounce/],
    ['Content-Type: multipart/report; report-type=delivery-status; boundary="b"', /report/],
    ['X-Failed-Recipients: gone@partner.example', /bounce/],
    ['Reply-To: postmaster@partner.example', /mail system/],
    ['Reply-To: orders+eu@Supplier.example', /our own address/],
    ['X-Loop: orders@supplier.example', /X-Loop/],
  ])('refuses a mail with %s', async (header, reason) => {
    expect(replyRefusal(await mail(header), ours)).toMatch(reason);
  });

  it('refuses mail from a mail system, from ourselves, and one without a sender', async () => {
    const bounce = await parseMail(
      Buffer.from('From: MAILER-DAEMON@mx.partner.example\r\nSubject: x\r\n\r\nb'),
    );
    expect(replyRefusal(bounce, ours)).toMatch(/mail system/);
    const own = await parseMail(Buffer.from('From: ORDERS@supplier.example\r\nSubject: x\r\n\r\nb'));
    expect(replyRefusal(own, ours)).toMatch(/our own address/);
    const anonymous = await parseMail(Buffer.from('Subject: x\r\n\r\nb'));
    expect(replyRefusal(anonymous, ours)).toMatch(/no sender/);
  });
});

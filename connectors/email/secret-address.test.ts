import { describe, expect, it } from 'vitest';
import { parseMail } from './parse-mail.ts';
import { sentToSecretAddress } from './secret-address.ts';

const secret = 'orders+k7x2q9@supplier.example';
const mail = (...headers: string[]) =>
  parseMail(Buffer.from([...headers, 'From: buyer@partner.example', 'Subject: PO', '', 'b'].join('\r\n')));

describe('sentToSecretAddress', () => {
  it('finds the secret address in To, Cc, Delivered-To or X-Original-To, in any case', async () => {
    expect(sentToSecretAddress(await mail(`To: Orders <${secret}>`), secret)).toBe(true);
    expect(sentToSecretAddress(await mail('To: a@x.example', `Cc: b@x.example, ${secret}`), secret)).toBe(
      true,
    );
    expect(sentToSecretAddress(await mail('To: a@x.example', `Delivered-To: ${secret}`), secret)).toBe(true);
    expect(sentToSecretAddress(await mail(`X-Original-To: <ORDERS+K7X2Q9@Supplier.Example>`), secret)).toBe(
      true,
    );
  });

  it('does not take the address without its tag, another tag, or a longer address holding it', async () => {
    expect(sentToSecretAddress(await mail('To: orders@supplier.example'), secret)).toBe(false);
    expect(sentToSecretAddress(await mail('To: orders+guess@supplier.example'), secret)).toBe(false);
    expect(sentToSecretAddress(await mail(`To: x${secret}`), secret)).toBe(false);
    expect(sentToSecretAddress(await mail(`Subject-Extra: ${secret}`), secret)).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { mailDigest, mailFilename, mailSender } from './mail-identity.ts';

describe('how a mail is named', () => {
  const digest = mailDigest(new TextEncoder().encode('Subject: x\r\n\r\nbody'));

  it('is its Message-ID without angle brackets', () => {
    expect(mailFilename('<po-1@harbor-pine.example>', digest)).toBe('po-1@harbor-pine.example');
    expect(mailFilename(' <po-1@harbor-pine.example> ', digest)).toBe('po-1@harbor-pine.example');
  });

  it('is named by its bytes without one, the same each time', () => {
    expect(mailFilename(undefined, digest)).toBe(`no-message-id-${digest.slice(0, 32)}`);
    expect(mailFilename('<>', digest)).toBe(`no-message-id-${digest.slice(0, 32)}`);
  });

  it('is from its first From address, in lower case', () => {
    expect(mailSender([{ name: 'Buyer' }, { address: ' Orders@Harbor-Pine.Example ' }])).toBe(
      'orders@harbor-pine.example',
    );
    expect(mailSender([])).toBeUndefined();
    expect(mailSender(undefined)).toBeUndefined();
  });
});

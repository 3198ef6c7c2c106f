import { describe, expect, it } from 'vitest';
import { ImapConfig, imapPort } from './config.ts';

const base = { host: 'imap.example.com', user: 'orders@example.com' };
const issues = (input: unknown) =>
  ImapConfig.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('a mailbox configuration', () => {
  it('defaults to IMAPS, INBOX, Processed and Failed, a minute between polls', () => {
    expect(ImapConfig.parse({ ...base, password: 'p' })).toEqual({
      ...base,
      password: 'p',
      secure: true,
      folder: 'INBOX',
      processedFolder: 'Processed',
      failedFolder: 'Failed',
      maxMessageBytes: 50 * 1024 * 1024,
      pollMs: 60_000,
    });
    expect(imapPort({ secure: true })).toBe(993);
    expect(imapPort({ secure: false })).toBe(143);
    expect(imapPort({ secure: false, port: 1143 })).toBe(1143);
  });

  it('takes a password or an access token, not both nor neither', () => {
    expect(issues({ ...base, accessToken: 't' })).toEqual([]);
    expect(issues(base)).toEqual(['password: give either a password or an accessToken']);
    expect(issues({ ...base, password: 'p', accessToken: 't' })).toEqual([
      'password: give either a password or an accessToken',
    ]);
  });

  it('refuses a processed or failed folder that is the folder read, and an SMTP password without a user', () => {
    expect(issues({ ...base, password: 'p', processedFolder: 'INBOX' })).toEqual([
      'processedFolder: must differ from folder (INBOX)',
    ]);
    expect(
      issues({
        ...base,
        password: 'p',
        smtp: { host: 'smtp.example.com', port: 587, from: 'orders@example.com' },
        smtpPassword: 's',
      }),
    ).toEqual(['smtpPassword: needs smtp.user']);
  });
});

import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMail } from '../../../connectors/email/parse-mail.ts';
import { dkimSigned, testDkimKey } from '../../../test/support/dkim.ts';
import { startDnsServer, type TestDnsServer } from '../../../test/support/dns-server.ts';
import { databaseKinds, type TestDatabase } from '../../../test/support/services.ts';
import { createPartner } from '../../partners/partner-store.ts';
import type { StoredInbound } from '../stages/inbound-format.ts';
import { mailSender } from './mail-sender.ts';

/** How a mail's partner is found and proved, against a real DNS server (DKIM key, DMARC policy). */
describe('mailSender', () => {
  const key = testDkimKey('cedarrow.example');
  let t: TestDatabase;
  let dns: TestDnsServer;
  let down: TestDnsServer;
  beforeAll(async () => {
    t = await databaseKinds()[0]!.create();
    dns = await startDnsServer({ [key.name]: key.record, '_dmarc.cedarrow.example': 'v=DMARC1; p=reject' });
    down = await startDnsServer({}, { failing: true });
    await createPartner(
      t.handle.db,
      {
        id: 'cedar-row',
        name: 'Cedar Row',
        identifiers: [{ type: 'domain', value: 'cedarrow.example' }],
        settings: {},
      },
      'test',
    );
  });
  afterAll(async () => {
    await dns?.close();
    await down?.close();
    await t?.dispose();
  });

  const signedMail = async () => {
    const composer = new MailComposer({
      from: 'einkauf@cedarrow.example',
      to: 'orders@supplier.example',
      subject: 'Bestellung',
      messageId: '<b-1@cedarrow.example>',
      text: 'siehe Anhang\n',
    });
    const raw: Buffer = await new Promise((resolve, reject) =>
      composer.compile().build((e, m) => (e ? reject(e) : resolve(m))),
    );
    return dkimSigned(raw, key);
  };
  const stored = { id: 'm-1', partnerId: null } as StoredInbound;

  it('proves a signed mail by DMARC on its domain', async () => {
    const raw = await signedMail();
    const found = await mailSender(t.handle.db, stored, await parseMail(raw), raw, {
      dnsServers: [dns.address],
      repliesPerHour: 20,
    });
    expect(found).toEqual({ agreement: expect.objectContaining({ id: 'cedar-row' }), how: 'dmarc' });
  });

  it('retries, rather than holds, a mail whose DMARC policy DNS cannot give right now', async () => {
    const raw = await signedMail();
    await expect(
      mailSender(t.handle.db, stored, await parseMail(raw), raw, {
        dnsServers: [down.address],
        repliesPerHour: 20,
      }),
    ).rejects.toMatchObject({ kind: 'retryable', code: 'email.dns_unavailable' });
  });
});

import type { FieldProblem } from '../../../core/field-problem.ts';
import { redactSettings } from '../../../core/partner.ts';
import { listPartners } from '../../../partners/partner-store.ts';
import { expiringCertificates } from '../../../services/as2/certificate-expiry.ts';
import { retireCertificate, rotatePartnerCertificate } from '../../../services/as2/certificate-lifecycle.ts';
import {
  addPartnerCertificate,
  getCertificate,
  listCertificates,
} from '../../../services/as2/certificates.ts';
import { type As2TestOutcome, sendAs2Test } from '../../../services/as2/test-send.ts';
import { type As2TransferRow, recentAs2Transfers } from '../../../services/as2/transfers.ts';
import {
  CertificateTable,
  ExpiryWarning,
  nameOf,
  overlapOf,
  pemOfForm,
  refusalStatus,
  UsageField,
  usageOf,
} from '../../components/as2-certificates.tsx';
import { FormProblems, problemsOf, TextAreaField, TextField } from '../../components/form.tsx';
import type { ConsoleApp, ConsoleContext, ConsoleDeps } from '../../deps.ts';
import { CsrfField, Page } from '../../layout.tsx';
import { actorOf, allow } from '../../session.ts';

const shown = (value: unknown): string =>
  value === '[redacted]' ? 'set (stored sealed)' : typeof value === 'string' ? value : JSON.stringify(value);

/** Key/value pairs as a definition list, credentials only said to be set. */
function Facts(props: { facts: Record<string, unknown> }) {
  return (
    <dl class="facts">
      {Object.entries(props.facts).map(([key, value]) => (
        <>
          <dt>{key}</dt>
          <dd>{shown(value)}</dd>
        </>
      ))}
    </dl>
  );
}

/**
 * The partner's AS2 settings, read only (they are edited with the partner): what its messages to us must be
 * (`settings.as2`) and how we send to it (the delivery setting when its transport is `as2`).
 */
function As2Settings(props: { settings: Record<string, unknown>; partnerId: string; admin: boolean }) {
  const settings = redactSettings(props.settings) as Record<string, unknown>;
  const receive = settings.as2 as Record<string, unknown> | undefined;
  const delivery = settings.delivery as { transport?: string; config?: Record<string, unknown> } | undefined;
  const sends = delivery?.transport === 'as2';
  return (
    <section class="card" aria-labelledby="as2-settings">
      <h2 id="as2-settings">AS2 settings</h2>
      <h3>Receiving</h3>
      {receive ? <Facts facts={receive} /> : <p class="hint">No AS2 settings: the defaults apply.</p>}
      <h3>Sending</h3>
      {sends ? (
        <Facts facts={delivery?.config ?? {}} />
      ) : (
        <p class="hint">
          Documents are not delivered over AS2 (the delivery transport is {delivery?.transport ?? 'not set'}).
        </p>
      )}
      {props.admin && (
        <p>
          <a href={`/admin/partners/${encodeURIComponent(props.partnerId)}/edit`}>
            Edit them with the partner
          </a>
        </p>
      )}
    </section>
  );
}

/** The partner's newest AS2 transfers, both ways, each linked to its stored message. */
function Transfers(props: { transfers: As2TransferRow[] }) {
  return (
    <section class="card" aria-labelledby="as2-transfers">
      <h2 id="as2-transfers">Recent transfers</h2>
      {props.transfers.length === 0 ? (
        <p class="hint">No AS2 message has come in or gone out yet.</p>
      ) : (
        <table>
          <caption class="visually-hidden">The partner's newest AS2 transfers</caption>
          <thead>
            <tr>
              <th scope="col">Direction</th>
              <th scope="col">Message-ID</th>
              <th scope="col">Status</th>
              <th scope="col">MDN</th>
              <th scope="col">Sends</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {props.transfers.map((t) => (
              <tr>
                <td>{t.direction === 'inbound' ? 'in' : 'out'}</td>
                <td>
                  <a href={`/admin/messages/${encodeURIComponent(t.messageId)}`}>{t.as2MessageId}</a>
                </td>
                <td>{t.status}</td>
                <td>{t.disposition ?? (t.mdnMode === 'none' ? 'none asked for' : 'awaited')}</td>
                <td>{t.direction === 'outbound' ? t.attempts : ''}</td>
                <td>{t.updatedAt.toISOString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The test send (admins, for a partner we send to over AS2), with what the last one came to. */
function TestSend(props: {
  base: string;
  user: Parameters<typeof CsrfField>[0]['user'];
  tested?: As2TestOutcome;
}) {
  return (
    <section class="card" aria-labelledby="as2-test">
      <h2 id="as2-test">Test send</h2>
      <p class="hint">
        Sends a short text message signed and encrypted as the partner's documents are, and shows its MDN: it
        proves the URL and both sides' certificates before a real document depends on them.
      </p>
      {props.tested && (
        <p class={props.tested.ok ? 'notice ok' : 'notice bad'} role={props.tested.ok ? 'status' : 'alert'}>
          {props.tested.ok ? 'Confirmed: ' : 'Not confirmed: '}
          {props.tested.said}
          {props.tested.as2MessageId ? ` (${props.tested.as2MessageId})` : ''}
          {props.tested.code ? ` [${props.tested.code}]` : ''}
        </p>
      )}
      <form method="post" action={`${props.base}/test`}>
        <CsrfField user={props.user} />
        <button type="submit">Send a test message</button>
      </form>
    </section>
  );
}

/**
 * A partner's AS2 page (`/admin/partners/:id/as2`, linked from the partner's page): its certificates with expiry
 * warnings, an upload (PEM pasted or a file), rotate and retire, and its AS2 settings read only. Also the
 * partner page's warning (`/admin/partners/:id/as2/warning`, fetched by htmx): nothing when all is well.
 */
export function registerPartnerAs2Pages(app: ConsoleApp, deps: ConsoleDeps): void {
  const admin = allow('admin');
  const base = (id: string) => `/admin/partners/${encodeURIComponent(id)}/as2`;

  const render = async (
    c: ConsoleContext,
    refused?: FieldProblem[],
    status: 200 | 400 | 409 | 422 = 200,
    tested?: As2TestOutcome,
  ) => {
    const id = c.req.param('id') ?? '';
    const [partner] = await listPartners(deps.db, [id]);
    if (!partner) return c.notFound();
    const now = new Date();
    const certificates = await listCertificates(deps.db, { partnerId: id }, now);
    const expiring = (await expiringCertificates(deps.db, { now })).filter((e) => e.partnerId === id);
    const transfers = await recentAs2Transfers(deps.db, id);
    const sendsAs2 = (partner.settings.delivery as { transport?: string } | undefined)?.transport === 'as2';
    const user = c.get('user');
    const isAdmin = user.role === 'admin';
    return c.html(
      <Page title={`AS2 of ${partner.name}`} user={user} path={c.req.path} version={deps.version}>
        <p>
          <a href={`/admin/partners/${encodeURIComponent(id)}`}>Back to {partner.name}</a> ·{' '}
          <a href="/admin/as2-keys">Our AS2 keys</a>
        </p>
        <ExpiryWarning expiring={expiring} />
        <section class="card" aria-labelledby="as2-certificates">
          <h2 id="as2-certificates">Certificates</h2>
          <p class="hint">
            We verify the partner's signatures with every certificate still accepted for signing, and encrypt
            to the newest active one for encryption.
          </p>
          <CertificateTable
            certificates={certificates}
            caption={`AS2 certificates of ${partner.name}`}
            empty="No certificates yet: add the partner's certificate to exchange AS2 messages."
            base={`${base(id)}/certificates`}
            admin={isAdmin}
            csrf={user}
            now={now}
          />
        </section>
        {isAdmin && (
          <section class="card" aria-labelledby="as2-upload">
            <h2 id="as2-upload">Add a certificate</h2>
            <FormProblems problems={refused} fields={['name']} />
            <form
              class="stack"
              method="post"
              action={`${base(id)}/certificates`}
              enctype="multipart/form-data"
            >
              <CsrfField user={user} />
              <TextField name="name" label="Name" required problems={refused} />
              <TextAreaField name="certificatePem" label="Certificate (PEM)" rows={8} />
              <div>
                <label for="f-certificateFile">…or the certificate file</label>
                <input id="f-certificateFile" type="file" name="certificateFile" accept=".pem,.crt,.cer" />
              </div>
              <UsageField />
              <button type="submit">Add</button>
            </form>
          </section>
        )}
        <As2Settings settings={partner.settings} partnerId={id} admin={isAdmin} />
        {isAdmin && sendsAs2 && <TestSend base={base(id)} user={user} {...(tested ? { tested } : {})} />}
        <Transfers transfers={transfers} />
      </Page>,
      status,
    );
  };

  app.get('/partners/:id/as2', (c) => render(c));

  app.get('/partners/:id/as2/warning', async (c) => {
    const id = c.req.param('id');
    // a fragment for the partner page's htmx; a person who opens its address gets the AS2 page itself
    if (c.req.header('hx-request') !== 'true') return c.redirect(base(id), 303);
    const expiring = (await expiringCertificates(deps.db)).filter((e) => e.partnerId === id);
    return c.html(<ExpiryWarning expiring={expiring} hrefOf={() => base(id)} />);
  });

  app.post('/partners/:id/as2/certificates', admin, async (c) => {
    const id = c.req.param('id');
    const body = await c.req.parseBody();
    try {
      await addPartnerCertificate(deps.db, {
        partnerId: id,
        name: nameOf(body.name),
        certificatePem: await pemOfForm(body, 'certificateFile', 'certificatePem'),
        usage: usageOf(body.usage),
        actor: actorOf(c),
      });
      return c.redirect(base(id), 303);
    } catch (error) {
      const problems = problemsOf(error);
      if (!problems) throw error;
      return render(c, problems, refusalStatus(error));
    }
  });

  app.post('/partners/:id/as2/test', admin, async (c) => {
    const id = c.req.param('id');
    const [partner] = await listPartners(deps.db, [id]);
    if (!partner) return c.notFound();
    const tested = await sendAs2Test(deps, id, actorOf(c));
    return render(c, undefined, 200, tested);
  });

  app.post('/partners/:id/as2/certificates/:certificateId/rotate', admin, async (c) => {
    const { id, certificateId } = c.req.param();
    if ((await getCertificate(deps.db, certificateId))?.partnerId !== id) return c.notFound();
    const body = await c.req.parseBody();
    await rotatePartnerCertificate(deps.db, {
      newId: certificateId,
      overlapDays: overlapOf(body.overlapDays),
      actor: actorOf(c),
    });
    return c.redirect(base(id), 303);
  });

  app.post('/partners/:id/as2/certificates/:certificateId/retire', admin, async (c) => {
    const { id, certificateId } = c.req.param();
    if ((await getCertificate(deps.db, certificateId))?.partnerId !== id) return c.notFound();
    await retireCertificate(deps.db, certificateId, actorOf(c));
    return c.redirect(base(id), 303);
  });
}

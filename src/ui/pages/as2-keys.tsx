import type { FieldProblem } from '../../core/field-problem.ts';
import { expiringCertificates } from '../../services/as2/certificate-expiry.ts';
import { retireCertificate, rotateOwnKeyPair } from '../../services/as2/certificate-lifecycle.ts';
import type { CertificateView } from '../../services/as2/certificate-view.ts';
import {
  generateOwnKeyPair,
  getCertificate,
  importOwnKeyPair,
  listCertificates,
} from '../../services/as2/certificates.ts';
import {
  ActiveFromField,
  activeFromOf,
  CertificateTable,
  ExpiryWarning,
  nameOf,
  overlapOf,
  pemOfForm,
  refusalStatus,
  UsageField,
  usageOf,
} from '../components/as2-certificates.tsx';
import { FormProblems, problemsOf, TextAreaField, TextField } from '../components/form.tsx';
import type { ConsoleApp, ConsoleContext, ConsoleDeps } from '../deps.ts';
import { CsrfField, Page } from '../layout.tsx';
import { actorOf, allow } from '../session.ts';

const BASE = '/admin/as2-keys';

/** Which of the forms a refusal belongs to, so its problems show under it. */
type FormName = 'generate' | 'pem' | 'pkcs12';

/** Our key pair that signs now: the newest active one that signs (as `as2KeysFor` picks it). */
export function signingKeyOf(keys: readonly CertificateView[]): string | undefined {
  return keys.find((k) => (k.state === 'active' || k.state === 'ending') && k.usage !== 'encrypt')?.id;
}

/**
 * Our AS2 key pairs (`/admin/as2-keys`): the list with the one that signs marked, expiry warnings (ours and the
 * partners', linked to their AS2 pages), and for admins generate, import (PEM or PKCS#12), rotate and retire.
 * Private keys are never shown: the pages only say a key is stored. Read by everyone, changed by admins.
 */
export function registerAs2KeyPages(app: ConsoleApp, deps: ConsoleDeps): void {
  const admin = allow('admin');

  const render = async (
    c: ConsoleContext,
    refused?: { form: FormName; problems: FieldProblem[] },
    status: 200 | 400 | 409 | 422 = 200,
  ) => {
    const now = new Date();
    const keys = await listCertificates(deps.db, { own: true }, now);
    const expiring = await expiringCertificates(deps.db, { now });
    const user = c.get('user');
    const isAdmin = user.role === 'admin';
    const signingId = signingKeyOf(keys);
    const problems = (form: FormName) => (refused?.form === form ? refused.problems : undefined);
    return c.html(
      <Page title="AS2 keys" user={user} path={c.req.path} version={deps.version}>
        <p>
          Our key pairs for AS2: the one marked <em>signs</em> signs what we send and the MDNs we return;
          every one still accepted decrypts what partners encrypt to us. A new pair signs from its start (at
          once, unless you give a later day, so partners have its certificate first). Rotating to a pair makes
          it sign from now and ends the pairs it replaces after the overlap, while partners change over.
        </p>
        <ExpiryWarning
          expiring={expiring}
          hrefOf={(e) =>
            e.partnerId === null ? undefined : `/admin/partners/${encodeURIComponent(e.partnerId)}/as2`
          }
        />
        {!signingId && (
          <p class="notice bad" role="alert">
            No key pair signs now: AS2 messages cannot be sent or signed MDNs returned. Generate or import
            one.
          </p>
        )}
        <CertificateTable
          certificates={keys}
          caption="Our AS2 key pairs"
          empty="No key pairs yet."
          base={BASE}
          admin={isAdmin}
          csrf={user}
          signingId={signingId}
          now={now}
        />
        {isAdmin && (
          <>
            <section class="card" aria-labelledby="generate">
              <h2 id="generate">Generate a key pair</h2>
              <FormProblems
                problems={problems('generate')}
                fields={['name', 'days', 'subject', 'activeFrom']}
              />
              <form class="stack" method="post" action={`${BASE}/generate`}>
                <CsrfField user={user} />
                <TextField name="name" label="Name" required problems={problems('generate')} />
                <TextField
                  name="days"
                  label="Valid for (days)"
                  type="number"
                  value="730"
                  problems={problems('generate')}
                />
                <TextField
                  name="subject"
                  label="Subject"
                  hint="Optional, e.g. CN=ordergate, O=Acme Supply (CN, O, OU, L, ST, C, E); the name otherwise"
                  problems={problems('generate')}
                />
                <ActiveFromField problems={problems('generate')} />
                <UsageField />
                <button type="submit">Generate (RSA 2048, self-signed)</button>
              </form>
            </section>
            <section class="card" aria-labelledby="import-pem">
              <h2 id="import-pem">Import a key pair (PEM)</h2>
              <FormProblems problems={problems('pem')} fields={['name', 'activeFrom']} />
              <form class="stack" method="post" action={`${BASE}/import`} enctype="multipart/form-data">
                <CsrfField user={user} />
                <TextField name="name" label="Name" required problems={problems('pem')} />
                <TextAreaField name="certificatePem" label="Certificate (PEM)" rows={6} />
                <div>
                  <label for="f-certificateFile">…or the certificate file</label>
                  <input id="f-certificateFile" type="file" name="certificateFile" accept=".pem,.crt,.cer" />
                </div>
                <TextAreaField
                  name="privateKeyPem"
                  label="Private key (PEM, unencrypted)"
                  hint="Stored sealed; never shown again"
                  rows={6}
                />
                <div>
                  <label for="f-privateKeyFile">…or the private key file</label>
                  <input id="f-privateKeyFile" type="file" name="privateKeyFile" accept=".pem,.key" />
                </div>
                <ActiveFromField problems={problems('pem')} />
                <UsageField />
                <button type="submit">Import</button>
              </form>
            </section>
            <section class="card" aria-labelledby="import-pkcs12">
              <h2 id="import-pkcs12">Import a key pair (PKCS#12)</h2>
              <FormProblems problems={problems('pkcs12')} fields={['name', 'activeFrom']} />
              <form
                class="stack"
                method="post"
                action={`${BASE}/import-pkcs12`}
                enctype="multipart/form-data"
              >
                <CsrfField user={user} />
                <TextField name="name" label="Name" required problems={problems('pkcs12')} />
                <div>
                  <label for="f-pkcs12">PKCS#12 file (.p12, .pfx)</label>
                  <input id="f-pkcs12" type="file" name="pkcs12" accept=".p12,.pfx" required />
                </div>
                <TextField name="password" label="Password" type="password" autocomplete="off" />
                <ActiveFromField problems={problems('pkcs12')} />
                <UsageField />
                <button type="submit">Import</button>
              </form>
            </section>
          </>
        )}
      </Page>,
      status,
    );
  };

  /** Runs a change; a refusal renders the page with its problems under the form, anything else is thrown. */
  const attempt = async (c: ConsoleContext, form: FormName, change: () => Promise<unknown>) => {
    try {
      await change();
      return c.redirect(BASE, 303);
    } catch (error) {
      const problems = problemsOf(error);
      if (!problems) throw error;
      return render(c, { form, problems }, refusalStatus(error));
    }
  };

  app.get('/as2-keys', (c) => render(c));

  app.post('/as2-keys/generate', admin, async (c) => {
    const body = await c.req.parseBody();
    const days = Number(body.days || 730);
    if (!Number.isInteger(days) || days < 1 || days > 3650)
      return render(
        c,
        { form: 'generate', problems: [{ path: 'days', message: 'a whole number of days, 1 to 3650' }] },
        400,
      );
    return attempt(c, 'generate', () =>
      generateOwnKeyPair(deps.db, deps.secrets, {
        name: nameOf(body.name),
        days,
        ...(body.subject ? { subject: String(body.subject) } : {}),
        usage: usageOf(body.usage),
        activeFrom: activeFromOf(body.activeFrom),
        actor: actorOf(c),
      }),
    );
  });

  app.post('/as2-keys/import', admin, async (c) => {
    const body = await c.req.parseBody();
    const certificatePem = await pemOfForm(body, 'certificateFile', 'certificatePem');
    const privateKeyPem = await pemOfForm(body, 'privateKeyFile', 'privateKeyPem');
    return attempt(c, 'pem', () =>
      importOwnKeyPair(deps.db, deps.secrets, {
        name: nameOf(body.name),
        certificatePem,
        privateKeyPem,
        usage: usageOf(body.usage),
        activeFrom: activeFromOf(body.activeFrom),
        actor: actorOf(c),
      }),
    );
  });

  app.post('/as2-keys/import-pkcs12', admin, async (c) => {
    const body = await c.req.parseBody();
    const file = body.pkcs12;
    const pkcs12 = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
    return attempt(c, 'pkcs12', () =>
      importOwnKeyPair(deps.db, deps.secrets, {
        name: nameOf(body.name),
        pkcs12,
        password: typeof body.password === 'string' ? body.password : '',
        usage: usageOf(body.usage),
        activeFrom: activeFromOf(body.activeFrom),
        actor: actorOf(c),
      }),
    );
  });

  app.post('/as2-keys/:id/rotate', admin, async (c) => {
    const body = await c.req.parseBody();
    await rotateOwnKeyPair(deps.db, {
      newId: c.req.param('id'),
      overlapDays: overlapOf(body.overlapDays),
      actor: actorOf(c),
    });
    return c.redirect(BASE, 303);
  });

  app.post('/as2-keys/:id/retire', admin, async (c) => {
    const id = c.req.param('id');
    const key = await getCertificate(deps.db, id);
    if (key?.partnerId !== null) return c.notFound();
    await retireCertificate(deps.db, id, actorOf(c));
    return c.redirect(BASE, 303);
  });
}

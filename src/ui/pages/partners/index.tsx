import type { Child } from 'hono/jsx';
import { deliveryProblems } from '../../../../connectors/delivery-problems.ts';
import { permanent } from '../../../core/errors.ts';
import type { FieldProblem } from '../../../core/field-problem.ts';
import { PartnerInput, showIdentifier } from '../../../core/partner.ts';
import { roleAllows } from '../../../core/user.ts';
import { classifyError } from '../../../db/classify-error.ts';
import { listMessages } from '../../../db/message-view.ts';
import { listOrders } from '../../../db/order-view.ts';
import { sealDeliverySecrets } from '../../../partners/delivery-secrets.ts';
import { partnerPage } from '../../../partners/partner-pages.ts';
import {
  createPartner,
  issueApiKey,
  listApiKeys,
  listPartners,
  revokeApiKey,
  storedIdentifier,
} from '../../../partners/partner-store.ts';
import { updatePartner } from '../../../partners/partner-update.ts';
import { listExceptions } from '../../../services/exceptions/exception-inbox.ts';
import { problemsOf, TextField } from '../../components/form.tsx';
import { Pager, Table, When, withQuery } from '../../components/list.tsx';
import type { ConsoleApp, ConsoleContext, ConsoleDeps } from '../../deps.ts';
import { Page } from '../../layout.tsx';
import { actorOf, allow } from '../../session.ts';
import { registerPartnerAs2Pages } from './as2.tsx';
import {
  formOfPartner,
  PartnerForm,
  type PartnerFormValues,
  partnerOfForm,
  rowPaths,
} from './partner-form.tsx';
import { KeyNotice, PartnerDetail } from './partner-page.tsx';
import { registerPartnerPortalUserPages } from './portal-users.tsx';

const PAGE = 50;
const LATEST = 5;

/**
 * The problems of a refused partner: a clash with another partner's identifier is named on the identifier's
 * own field (createPartner reports the identifier wanted; it is found among the input's by its stored form).
 */
function partnerProblems(error: unknown, identifiers: readonly unknown[]): FieldProblem[] | undefined {
  const shape = classifyError(error);
  if (shape.code === 'partner.exists') return [{ path: 'id', message: shape.message }];
  if (shape.code !== 'partner.identifier_taken' || !Array.isArray(shape.details)) return problemsOf(error);
  const wanted = identifiers.map((i) => storedIdentifier(i as Parameters<typeof storedIdentifier>[0]));
  type Clash = { requested: { type: string; qualifier?: string; value: string }; partnerId: string };
  return (shape.details as Clash[]).map(({ requested, partnerId }) => {
    const held = { ...requested, qualifier: requested.qualifier ?? '' };
    const index = wanted.findIndex(
      (w) => w.type === held.type && w.qualifier === held.qualifier && w.value === held.value,
    );
    return {
      path: `identifiers.${index}.value`,
      message: `${showIdentifier(held)} belongs to partner "${partnerId}"`,
    };
  });
}

/** Partners (read by everyone, changed by admins): list, create, detail, edit, API keys. */
export function registerPartnerPages(app: ConsoleApp, deps: ConsoleDeps): void {
  const admin = allow('admin');
  const page = (c: ConsoleContext, title: string, body: Child, status: 200 | 201 | 422 = 200) =>
    c.html(
      <Page title={title} user={c.get('user')} path={c.req.path} version={deps.version}>
        {body}
      </Page>,
      status,
    );

  app.get('/partners', async (c) => {
    const search = c.req.query('q')?.trim().slice(0, 100) || undefined;
    const after = c.req.query('after')?.trim().slice(0, 100) || undefined;
    const listed = await partnerPage(deps.db, { search, after, limit: PAGE });
    const last = listed.partners.at(-1)?.id;
    return page(
      c,
      'Partners',
      <>
        {roleAllows(c.get('user').role, 'admin') && (
          <p>
            <a class="button" href="/admin/partners/new">
              New partner
            </a>
          </p>
        )}
        <form class="filters" method="get" action="/admin/partners">
          <TextField name="q" label="Name or id contains" value={search} type="search" />
          <button type="submit">Search</button>
        </form>
        <Table
          caption="Partners"
          head={['Partner', 'Id', 'Identifiers', 'Since']}
          rows={listed.partners.length}
          empty={search ? 'No partner matches.' : 'No partners yet.'}
        >
          {listed.partners.map((p) => (
            <tr>
              <td>
                <a href={`/admin/partners/${p.id}`}>{p.name}</a>
              </td>
              <td>
                <code>{p.id}</code>
              </td>
              <td>{p.identifiers.map(showIdentifier).join(', ') || '—'}</td>
              <td>
                <When at={p.createdAt} />
              </td>
            </tr>
          ))}
        </Table>
        <Pager
          prev={after ? withQuery('/admin/partners', { q: search }) : undefined}
          next={listed.more && last ? withQuery('/admin/partners', { q: search, after: last }) : undefined}
        />
      </>,
    );
  });

  const newForm = (c: ConsoleContext, values: PartnerFormValues, problems?: FieldProblem[]) =>
    page(
      c,
      'New partner',
      <PartnerForm
        user={c.get('user')}
        action="/admin/partners"
        values={values}
        creating
        problems={problems}
      />,
      problems ? 422 : 200,
    );

  app.get('/partners/new', admin, (c) =>
    newForm(c, { name: '', identifiers: [], settings: {}, transport: '', config: '' }),
  );

  const detail = async (c: ConsoleContext, id: string, apiKey?: string, status: 200 | 201 = 200) => {
    const [partner] = await listPartners(deps.db, [id]);
    if (!partner) return c.notFound();
    const [keys, messages, orders, exceptions] = await Promise.all([
      listApiKeys(deps.db, id),
      listMessages(deps.db, { partnerId: id, limit: LATEST }),
      listOrders(deps.db, { partnerId: id, limit: LATEST }),
      listExceptions(deps.db, { partnerId: id, status: 'open', limit: LATEST }),
    ]);
    return page(
      c,
      partner.name,
      <>
        {apiKey && <KeyNotice apiKey={apiKey} />}
        <PartnerDetail
          partner={partner}
          activity={{ keys: keys ?? [], messages, orders, exceptions }}
          user={c.get('user')}
          admin={roleAllows(c.get('user').role, 'admin')}
        />
      </>,
      status,
    );
  };

  app.post('/partners', admin, async (c) => {
    const { form, input, rows, problems } = partnerOfForm(await c.req.parseBody());
    const fail = (found: FieldProblem[]) => newForm(c, form, rowPaths(found, rows));
    if (problems.length > 0) return fail(problems);
    const parsed = PartnerInput.safeParse(input);
    if (!parsed.success)
      return fail(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    const refused = deliveryProblems(parsed.data.settings, deps.delivery);
    if (refused.length > 0) return fail(refused);
    try {
      const settings = sealDeliverySecrets(parsed.data.settings, deps.secrets);
      const created = await createPartner(deps.db, { ...parsed.data, settings }, actorOf(c));
      return detail(c, created.partner.id, created.apiKey, 201);
    } catch (error) {
      const found = partnerProblems(error, parsed.data.identifiers);
      if (!found) throw error;
      return fail(found);
    }
  });

  app.get('/partners/:id', (c) => detail(c, c.req.param('id')));

  const editForm = (c: ConsoleContext, id: string, values: PartnerFormValues, problems?: FieldProblem[]) =>
    page(
      c,
      `Edit ${values.name || id}`,
      <PartnerForm
        user={c.get('user')}
        action={`/admin/partners/${id}`}
        values={values}
        creating={false}
        problems={problems}
      />,
      problems ? 422 : 200,
    );

  app.get('/partners/:id/edit', admin, async (c) => {
    const [partner] = await listPartners(deps.db, [c.req.param('id')]);
    if (!partner) return c.notFound();
    return editForm(c, partner.id, formOfPartner({ ...partner, id: undefined }));
  });

  app.post('/partners/:id', admin, async (c) => {
    const id = c.req.param('id');
    const [partner] = await listPartners(deps.db, [id]);
    if (!partner) return c.notFound();
    const { form, input, rows, problems } = partnerOfForm(await c.req.parseBody(), partner.settings);
    if (problems.length > 0) return editForm(c, id, form, rowPaths(problems, rows));
    try {
      const { id: _ignored, ...change } = input;
      await updatePartner(deps, id, change, actorOf(c));
      return c.redirect(`/admin/partners/${id}`, 303);
    } catch (error) {
      const found = problemsOf(error);
      if (!found) throw error;
      return editForm(c, id, form, rowPaths(found, rows));
    }
  });

  app.post('/partners/:id/keys', admin, async (c) => {
    const issued = await issueApiKey(deps.db, c.req.param('id'), actorOf(c));
    if (!issued) return c.notFound();
    return detail(c, c.req.param('id'), issued.apiKey, 201);
  });

  app.post('/partners/:id/keys/:keyId/rotate', admin, async (c) => {
    const { id, keyId } = c.req.param();
    const keys = await listApiKeys(deps.db, id);
    const old = keys?.find((k) => k.id === keyId);
    if (!old) return c.notFound();
    if (old.revokedAt) throw permanent('request.invalid', 'that key is revoked already: issue a new one');
    // the new key first: the partner is never left without a working key
    const issued = await issueApiKey(deps.db, id, actorOf(c));
    if (!issued) return c.notFound();
    await revokeApiKey(deps.db, id, keyId, actorOf(c));
    return detail(c, id, issued.apiKey, 201);
  });

  registerPartnerPortalUserPages(app, deps);
  registerPartnerAs2Pages(app, deps);

  app.post('/partners/:id/keys/:keyId/revoke', admin, async (c) => {
    const { id, keyId } = c.req.param();
    if (!(await revokeApiKey(deps.db, id, keyId, actorOf(c)))) return c.notFound();
    return c.redirect(`/admin/partners/${id}`, 303);
  });
}

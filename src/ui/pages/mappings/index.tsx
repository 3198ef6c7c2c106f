import { permanent } from '../../../core/errors.ts';
import type { FieldProblem } from '../../../core/field-problem.ts';
import { roleAllows } from '../../../core/user.ts';
import { classifyError } from '../../../db/classify-error.ts';
import { MappingDocument } from '../../../mapping/mapping-file.ts';
import { listPartners } from '../../../partners/partner-store.ts';
import { activateVersion } from '../../../services/mapping-studio/activate-version.ts';
import { createDraft, updateDraft } from '../../../services/mapping-studio/drafts.ts';
import { listMappingVersions, storedVersion } from '../../../services/mapping-studio/mapping-versions.ts';
import {
  mappingYaml,
  validateMappingYaml,
  type YamlProblem,
} from '../../../services/mapping-studio/mapping-yaml.ts';
import { shadowReplay } from '../../../services/mapping-studio/shadow-replay.ts';
import { testBench } from '../../../services/mapping-studio/test-bench.ts';
import { problemsOf } from '../../components/form.tsx';
import { Table } from '../../components/list.tsx';
import type { ConsoleApp, ConsoleContext, ConsoleDeps } from '../../deps.ts';
import { Page } from '../../layout.tsx';
import { actorOf, allow } from '../../session.ts';
import { registerMatcherPages } from './matcher-routes.tsx';
import { documentPath, PartnerMappings } from './partner-mappings-page.tsx';
import { VersionContent, type VersionView, YamlProblems } from './version-page.tsx';

/** The document of a path, or the 404 every unknown page gets. */
export function documentOf(c: ConsoleContext): MappingDocument {
  const parsed = MappingDocument.safeParse(c.req.param('document'));
  if (!parsed.success) throw permanent('request.not_found', `no mapping document ${c.req.param('document')}`);
  return parsed.data;
}

/** The uploaded sample of a form's `sample` (or `file`) field, if one was chosen. */
export async function sampleOf(c: ConsoleContext, field = 'sample') {
  const file = (await c.req.parseBody())[field];
  if (!(file instanceof File) || file.size === 0) return undefined;
  return { bytes: new Uint8Array(await file.arrayBuffer()), ...(file.name ? { filename: file.name } : {}) };
}

/** A refused draft: its YAML problems for under the editor, or the form problems of any other refusal. */
function refusal(error: unknown): { problems: FieldProblem[]; yamlProblems?: YamlProblem[] } | undefined {
  const shape = classifyError(error);
  if (shape.code === 'mapping.draft_invalid' && Array.isArray(shape.details))
    return {
      problems: [{ path: 'yaml', message: 'the YAML is not valid: see each problem below it' }],
      yamlProblems: shape.details as YamlProblem[],
    };
  const problems = problemsOf(error);
  return problems && { problems };
}

/**
 * The mapping studio (`/admin/mappings`): partners, a partner's versions per document, one version's YAML
 * editor with the test bench, shadow replay and activation, and the spreadsheet column matcher. Reading is
 * open to every role; every change (and every bench run, which reads stored messages) needs `admin`.
 */
export function registerMappingPages(app: ConsoleApp, deps: ConsoleDeps): void {
  const admin = allow('admin');
  const page = (c: ConsoleContext, title: string, body: unknown, status: 200 | 422 = 200) =>
    c.html(
      <Page title={title} user={c.get('user')} path={c.req.path} version={deps.version}>
        {body as never}
      </Page>,
      status,
    );
  const canChange = (c: ConsoleContext) => roleAllows(c.get('user').role, 'admin');
  const versionPage = async (
    c: ConsoleContext,
    version: number | undefined,
    extra: Partial<VersionView> = {},
    status: 200 | 422 = 200,
  ) => {
    const partnerId = c.req.param('partner')!;
    const document = documentOf(c);
    const stored =
      version === undefined ? undefined : await storedVersion(deps.db, partnerId, document, version);
    const view: VersionView = {
      partnerId,
      document,
      ...(stored ? { version: stored.version, status: stored.status } : {}),
      yaml: stored ? mappingYaml(stored.file) : `document: '${document}'\nversion: 1\n`,
      user: c.get('user'),
      canChange: canChange(c),
      ...extra,
    };
    const title = `${partnerId} · ${document} ${version === undefined ? 'new draft' : `v${version}`}`;
    return page(c, title, <VersionContent {...view} />, status);
  };
  const versionParam = (c: ConsoleContext) => {
    const version = Number(c.req.param('version'));
    if (!Number.isInteger(version) || version < 1)
      throw permanent('request.not_found', `no mapping version ${c.req.param('version')}`);
    return version;
  };

  app.get('/mappings', async (c) => {
    const partners = await listPartners(deps.db);
    return page(
      c,
      'Mappings',
      <Table caption="Partners" head={['Partner', 'Name']} rows={partners.length} empty="No partner yet.">
        {partners.map((p) => (
          <tr>
            <td>
              <a href={`/admin/mappings/${encodeURIComponent(p.id)}`}>{p.id}</a>
            </td>
            <td>{p.name}</td>
          </tr>
        ))}
      </Table>,
    );
  });

  app.get('/mappings/:partner', async (c) => {
    const partnerId = c.req.param('partner');
    const versions = await listMappingVersions(deps.db, partnerId);
    const activated = c.req.query('activated');
    return page(
      c,
      `Mappings of ${partnerId}`,
      <>
        {activated && (
          <p class="notice ok" role="status">
            {activated} is active now; activating the previous version again undoes it.
          </p>
        )}
        <PartnerMappings
          partnerId={partnerId}
          versions={versions}
          user={c.get('user')}
          canChange={canChange(c)}
        />
      </>,
    );
  });

  registerMatcherPages(app, deps, page);

  app.get('/mappings/:partner/:document/new', admin, (c) => versionPage(c, undefined));

  app.post('/mappings/:partner/:document/drafts', admin, async (c) => {
    const partnerId = c.req.param('partner');
    const document = documentOf(c);
    const body = await c.req.parseBody();
    const yaml = typeof body.yaml === 'string' ? body.yaml : undefined;
    const fromVersion = typeof body.fromVersion === 'string' ? Number(body.fromVersion) : undefined;
    try {
      const draft = await createDraft(
        deps.db,
        {
          partnerId,
          document,
          ...(yaml !== undefined ? { yaml } : {}),
          ...(fromVersion ? { fromVersion } : {}),
        },
        actorOf(c),
      );
      return c.redirect(`${documentPath(partnerId, document)}/${draft.version}`, 303);
    } catch (error) {
      const refused = refusal(error);
      if (!refused) throw error;
      return versionPage(c, undefined, { ...refused, ...(yaml !== undefined ? { yaml } : {}) }, 422);
    }
  });

  app.post('/mappings/:partner/:document/validate', admin, async (c) => {
    const body = await c.req.parseBody();
    const version = c.req.query('version');
    const check = validateMappingYaml(
      typeof body.yaml === 'string' ? body.yaml : '',
      documentOf(c),
      version ? Number(version) : undefined,
    );
    return c.html(<YamlProblems problems={check.problems} />);
  });

  app.get('/mappings/:partner/:document/:version', (c) => versionPage(c, versionParam(c)));

  app.post('/mappings/:partner/:document/:version', admin, async (c) => {
    const partnerId = c.req.param('partner');
    const document = documentOf(c);
    const version = versionParam(c);
    const body = await c.req.parseBody();
    const yaml = typeof body.yaml === 'string' ? body.yaml : '';
    try {
      await updateDraft(deps.db, { partnerId, document, version, yaml }, actorOf(c));
      return c.redirect(`${documentPath(partnerId, document)}/${version}`, 303);
    } catch (error) {
      const refused = refusal(error);
      if (!refused) throw error;
      return versionPage(c, version, { ...refused, yaml }, 422);
    }
  });

  app.post('/mappings/:partner/:document/:version/bench', admin, async (c) => {
    const sample = await sampleOf(c);
    if (!sample)
      return versionPage(
        c,
        versionParam(c),
        { problems: [{ path: 'sample', message: 'choose a file' }] },
        422,
      );
    const bench = await testBench(deps.db, {
      partnerId: c.req.param('partner'),
      document: documentOf(c),
      draftVersion: versionParam(c),
      sample,
    });
    return versionPage(c, versionParam(c), { bench });
  });

  app.post('/mappings/:partner/:document/:version/shadow', admin, async (c) => {
    const body = await c.req.parseBody();
    const last = Number(typeof body.last === 'string' ? body.last : '10') || 10;
    const shadow = await shadowReplay(deps.db, {
      partnerId: c.req.param('partner'),
      document: documentOf(c),
      draftVersion: versionParam(c),
      last,
    });
    return versionPage(c, versionParam(c), { shadow });
  });

  app.post('/mappings/:partner/:document/:version/activate', admin, async (c) => {
    const partnerId = c.req.param('partner');
    const document = documentOf(c);
    const sample = await sampleOf(c);
    try {
      const done = await activateVersion(
        deps.db,
        { partnerId, document, version: versionParam(c), ...(sample ? { sample } : {}) },
        actorOf(c),
        { mappingsDir: deps.mappingsDir },
      );
      return c.redirect(
        `/admin/mappings/${encodeURIComponent(partnerId)}?activated=${document}+v${done.version}`,
        303,
      );
    } catch (error) {
      const refused = refusal(error);
      if (!refused) throw error;
      return versionPage(c, versionParam(c), refused, 422);
    }
  });
}

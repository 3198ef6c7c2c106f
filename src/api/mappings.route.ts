import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Database } from '../db/client.ts';
import { MappingDocument } from '../mapping/mapping-file.ts';
import { activateVersion } from '../services/mapping-studio/activate-version.ts';
import { createDraft, updateDraft } from '../services/mapping-studio/drafts.ts';
import { listMappingVersions, storedVersion } from '../services/mapping-studio/mapping-versions.ts';
import { mappingYaml } from '../services/mapping-studio/mapping-yaml.ts';
import { SHADOW_MAX, shadowReplay } from '../services/mapping-studio/shadow-replay.ts';
import { testBench } from '../services/mapping-studio/test-bench.ts';
import type { ApiEnv } from './auth.ts';
import { adminSecurity, errorResponse, errorResponses } from './schemas.ts';

const Version = z
  .object({
    id: z.string(),
    document: MappingDocument,
    version: z.number().int(),
    status: z.enum(['draft', 'active', 'retired']),
    sha256: z.string(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    activatedAt: z.string().nullable(),
  })
  .openapi('MappingVersion');

const Draft = z
  .object({ id: z.string(), version: z.number().int(), yaml: z.string() })
  .openapi('MappingDraft');

const Sample = z
  .object({
    base64: z
      .string()
      .min(1)
      .openapi({ description: 'the sample file (X12 interchange, CSV or XLSX), base64' }),
    filename: z
      .string()
      .max(255)
      .optional()
      .openapi({ description: 'tells CSV from XLSX when the bytes do not' }),
  })
  .openapi('MappingSample');

const Partner = z.object({ id: z.string().min(1).max(100) });
const OfDocument = Partner.extend({ document: MappingDocument });
const OfVersion = OfDocument.extend({ version: z.coerce.number().int().positive() });

/** A service's answer as JSON, its nested dates as ISO text. */
const Result = z
  .record(z.string(), z.unknown())
  .openapi({ description: 'see the service of the same name in src/services/mapping-studio/' });

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T, required = true) => ({
  body: { required, content: { 'application/json': { schema } } },
});
const bytesOf = (sample: z.infer<typeof Sample>) => ({
  bytes: new Uint8Array(Buffer.from(sample.base64, 'base64')),
  ...(sample.filename ? { filename: sample.filename } : {}),
});
const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/**
 * The mapping studio over HTTP (admin token), calling the same services as the console's pages: a partner's
 * versions, drafts made and edited as YAML, activation (golden fixtures first; activating a retired version is
 * the rollback), the test bench on a sample and the shadow replay over the partner's last messages.
 */
export function registerMappingRoutes(
  app: OpenAPIHono<ApiEnv>,
  deps: { db: Database; mappingsDir: string },
): void {
  const base = '/v1/partners/{id}/mappings';
  app.openapi(
    createRoute({
      method: 'get',
      path: base,
      summary: "A partner's mapping versions of every document, with their status",
      security: adminSecurity,
      request: { params: Partner },
      responses: {
        200: { description: 'versions', ...json(z.object({ versions: z.array(Version) })) },
        ...errorResponses,
      },
    }),
    async (c) => {
      const versions = await listMappingVersions(deps.db, c.req.valid('param').id);
      return c.json(
        {
          versions: versions.map((v) => ({
            ...v,
            createdAt: v.createdAt.toISOString(),
            activatedAt: iso(v.activatedAt),
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{document}/{version}`,
      summary: 'One mapping version with its YAML',
      security: adminSecurity,
      request: { params: OfVersion },
      responses: {
        200: { description: 'the version', ...json(Version.extend({ yaml: z.string() })) },
        ...errorResponses,
        404: errorResponse('no such version'),
      },
    }),
    async (c) => {
      const { id, document, version } = c.req.valid('param');
      const { content: _content, file, ...stored } = await storedVersion(deps.db, id, document, version);
      return c.json(
        {
          ...stored,
          createdAt: stored.createdAt.toISOString(),
          activatedAt: iso(stored.activatedAt),
          yaml: mappingYaml(file),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/{document}/drafts`,
      summary: 'A new draft version: from YAML, or a copy of a stored version (default: the active one)',
      security: adminSecurity,
      request: {
        params: OfDocument,
        ...body(
          z.object({
            fromVersion: z.number().int().positive().optional(),
            yaml: z.string().max(500_000).optional(),
          }),
          false,
        ),
      },
      responses: {
        201: { description: 'stored as a draft', ...json(Draft) },
        ...errorResponses,
        404: errorResponse('no such partner or version'),
        422: errorResponse('mapping.draft_invalid: each problem with its path, line and column'),
      },
    }),
    async (c) => {
      const { id, document } = c.req.valid('param');
      const given = c.req.valid('json') ?? {};
      const draft = await createDraft(deps.db, { partnerId: id, document, ...given }, 'admin');
      return c.json(draft, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: `${base}/{document}/{version}`,
      summary: "Replace a draft's YAML (active and retired versions are immutable)",
      security: adminSecurity,
      request: { params: OfVersion, ...body(z.object({ yaml: z.string().min(1).max(500_000) })) },
      responses: {
        200: { description: 'saved', ...json(Draft) },
        ...errorResponses,
        404: errorResponse('no such version'),
        409: errorResponse('mapping.not_draft'),
        422: errorResponse('mapping.draft_invalid'),
      },
    }),
    async (c) => {
      const { id, document, version } = c.req.valid('param');
      const saved = await updateDraft(
        deps.db,
        { partnerId: id, document, version, yaml: c.req.valid('json').yaml },
        'admin',
      );
      return c.json(saved, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/{document}/{version}/activate`,
      summary:
        'Make the version active once it passes the golden fixtures (a retired one: rollback); the previous is retired',
      security: adminSecurity,
      request: { params: OfVersion, ...body(z.object({ sample: Sample.optional() }), false) },
      responses: {
        200: { description: 'activated', ...json(Result) },
        ...errorResponses,
        404: errorResponse('no such version'),
        409: errorResponse('mapping.already_active'),
        422: errorResponse('mapping.golden_failed or mapping.sample_required'),
      },
    }),
    async (c) => {
      const { id, document, version } = c.req.valid('param');
      const sample = c.req.valid('json')?.sample;
      const activation = await activateVersion(
        deps.db,
        { partnerId: id, document, version, ...(sample ? { sample: bytesOf(sample) } : {}) },
        'admin',
        { mappingsDir: deps.mappingsDir },
      );
      return c.json({ ...activation }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/{document}/{version}/bench`,
      summary:
        'Decode a sample with this version and with the active one: orders, problems, 997, 855 and the diff',
      security: adminSecurity,
      request: { params: OfVersion, ...body(z.object({ sample: Sample })) },
      responses: {
        200: { description: 'both readings and what differs', ...json(Result) },
        ...errorResponses,
        404: errorResponse('no such partner or version'),
        422: errorResponse('mapping.bench_unsupported'),
      },
    }),
    async (c) => {
      const { id, document, version } = c.req.valid('param');
      const result = await testBench(deps.db, {
        partnerId: id,
        document,
        draftVersion: version,
        sample: bytesOf(c.req.valid('json').sample),
      });
      return c.json({ ...result }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/{document}/{version}/shadow`,
      summary: `Replay the partner's last stored messages (at most ${SHADOW_MAX}) with this version and the active one; nothing is written`,
      security: adminSecurity,
      request: {
        params: OfVersion,
        ...body(z.object({ last: z.number().int().min(1).max(SHADOW_MAX).default(10) }), false),
      },
      responses: {
        200: { description: 'per message, the orders that would change', ...json(Result) },
        ...errorResponses,
        404: errorResponse('no such partner or version'),
        422: errorResponse('mapping.bench_unsupported'),
      },
    }),
    async (c) => {
      const { id, document, version } = c.req.valid('param');
      const last = c.req.valid('json')?.last ?? 10;
      const report = await shadowReplay(deps.db, { partnerId: id, document, draftVersion: version, last });
      return c.json({ ...report }, 200);
    },
  );
}

import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Database } from '../db/client.ts';
import type { SecretBox } from '../runtime/secret-box.ts';
import {
  retireCertificate,
  rotateOwnKeyPair,
  rotatePartnerCertificate,
} from '../services/as2/certificate-lifecycle.ts';
import { AS2_USAGES } from '../services/as2/certificate-view.ts';
import {
  addPartnerCertificate,
  generateOwnKeyPair,
  importOwnKeyPair,
  listCertificates,
} from '../services/as2/certificates.ts';
import type { ApiEnv } from './auth.ts';
import { adminSecurity, errorResponse, errorResponses, IdParam } from './schemas.ts';

const Usage = z
  .enum(AS2_USAGES)
  .openapi({ description: 'what it is used for: signing, encryption, or both' });

const Certificate = z
  .object({
    id: z.string(),
    partnerId: z.string().nullable().openapi({ description: 'null for our own key pairs' }),
    name: z.string(),
    usage: Usage,
    fingerprint: z.string().openapi({ description: "SHA-256 of the certificate's DER, lower-case hex" }),
    subject: z.string(),
    issuer: z.string(),
    serial: z.string(),
    notBefore: z.string(),
    notAfter: z.string(),
    activeFrom: z.string().openapi({ description: 'from when we sign and encrypt with it' }),
    acceptedUntil: z
      .string()
      .nullable()
      .openapi({ description: 'until when it is still accepted; null: no end' }),
    createdAt: z.string(),
    hasPrivateKey: z
      .boolean()
      .openapi({ description: 'our own key pairs: the private key is stored (sealed)' }),
    state: z.enum(['pending', 'active', 'ending', 'retired', 'expired']),
    certificatePem: z.string(),
  })
  .openapi('As2Certificate');

const Name = z.string().trim().min(1).max(200);
const Pem = z.string().min(1).max(65_536);
const ActiveFrom = z.iso
  .datetime({ offset: true })
  .optional()
  .openapi({ description: 'when it starts to sign (default now); until then it only decrypts' });

const KeyRequest = z
  .union([
    z.object({
      generate: z.object({
        name: Name,
        days: z.number().int().min(1).max(3650).optional().openapi({ description: 'validity, default 730' }),
        bits: z
          .union([z.literal(2048), z.literal(3072)])
          .optional()
          .openapi({ description: 'RSA modulus length, default 2048' }),
        subject: z.string().max(500).optional().openapi({ example: 'CN=ordergate, O=Acme Supply' }),
        usage: Usage.optional(),
        activeFrom: ActiveFrom,
      }),
    }),
    z.object({
      import: z.union([
        z.object({
          name: Name,
          certificatePem: Pem,
          privateKeyPem: Pem,
          usage: Usage.optional(),
          activeFrom: ActiveFrom,
        }),
        z.object({
          name: Name,
          pkcs12Base64: z.string().min(1).max(262_144).base64(),
          password: z.string().max(1000),
          usage: Usage.optional(),
          activeFrom: ActiveFrom,
        }),
      ]),
    }),
  ])
  .openapi('As2KeyRequest', { example: { generate: { name: 'ordergate 2026', days: 730 } } });

const PartnerCertificateRequest = z
  .object({ name: Name, certificatePem: Pem, usage: Usage, activeFrom: ActiveFrom })
  .openapi('As2PartnerCertificateRequest');

const Rotation = z
  .object({
    overlapDays: z.number().int().min(0).max(365).openapi({
      description: 'how long the certificates it replaces are still accepted (decrypt, verify)',
    }),
  })
  .openapi('As2Rotation');

const single = (description: string) => ({
  description,
  content: { 'application/json': { schema: z.object({ certificate: Certificate }) } },
});
const refusals = {
  ...errorResponses,
  409: errorResponse('the certificate is stored already, or retired'),
  422: errorResponse('the certificate, key or PKCS#12 file is refused: `error.code` says why'),
};
const when = (iso: string | undefined) => (iso === undefined ? undefined : new Date(iso));

/**
 * AS2 certificates (admin token): our key pairs (generated, imported from PEM or PKCS#12, rotated) and each
 * partner's certificates. Private keys never leave: answers carry `hasPrivateKey` only.
 */
export function registerAs2CertificateRoutes(
  app: OpenAPIHono<ApiEnv>,
  deps: { db: Database; secrets: SecretBox },
): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/as2/keys',
      summary: 'Our AS2 key pairs, newest first: certificates and dates, never the private keys',
      security: adminSecurity,
      responses: {
        200: {
          description: 'key pairs',
          content: { 'application/json': { schema: z.object({ keys: z.array(Certificate) }) } },
        },
        401: errorResponses[401],
      },
    }),
    async (c) => c.json({ keys: await listCertificates(deps.db, { own: true }) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/as2/keys',
      summary:
        'Generate a key pair (RSA 2048 or 3072, self-signed), or import one from PEM or a PKCS#12 file',
      description:
        'A new key pair signs from `activeFrom` (default now) and decrypts at once. To replace the one in use, rotate to it.',
      security: adminSecurity,
      request: { body: { required: true, content: { 'application/json': { schema: KeyRequest } } } },
      responses: { 201: single('stored'), ...refusals },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const certificate =
        'generate' in body
          ? await generateOwnKeyPair(deps.db, deps.secrets, {
              ...body.generate,
              modulusLength: body.generate.bits,
              activeFrom: when(body.generate.activeFrom),
            })
          : await importOwnKeyPair(deps.db, deps.secrets, {
              ...('pkcs12Base64' in body.import
                ? { pkcs12: Buffer.from(body.import.pkcs12Base64, 'base64'), password: body.import.password }
                : { certificatePem: body.import.certificatePem, privateKeyPem: body.import.privateKeyPem }),
              name: body.import.name,
              usage: body.import.usage,
              activeFrom: when(body.import.activeFrom),
            });
      return c.json({ certificate }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/as2/keys/{id}/rotate',
      summary:
        'Make this key pair the one we sign with from now; the ones it replaces are still accepted for overlapDays',
      security: adminSecurity,
      request: {
        params: IdParam,
        body: { required: true, content: { 'application/json': { schema: Rotation } } },
      },
      responses: { 200: single('rotated'), ...refusals, 404: errorResponse('no own key pair of this id') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const certificate = await rotateOwnKeyPair(deps.db, { newId: id, ...c.req.valid('json') });
      return c.json({ certificate }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/partners/{id}/as2/certificates',
      summary: "A partner's AS2 certificates, newest first",
      security: adminSecurity,
      request: { params: IdParam },
      responses: {
        200: {
          description: 'certificates',
          content: { 'application/json': { schema: z.object({ certificates: z.array(Certificate) }) } },
        },
        401: errorResponses[401],
        404: errorResponse('no such partner'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      return c.json({ certificates: await listCertificates(deps.db, { partnerId: id }) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/partners/{id}/as2/certificates',
      summary: "Add a partner's certificate (PEM) to verify its signatures, encrypt to it, or both",
      security: adminSecurity,
      request: {
        params: IdParam,
        body: { required: true, content: { 'application/json': { schema: PartnerCertificateRequest } } },
      },
      responses: { 201: single('added'), ...refusals, 404: errorResponse('no such partner') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const certificate = await addPartnerCertificate(deps.db, {
        ...body,
        partnerId: id,
        activeFrom: when(body.activeFrom),
      });
      return c.json({ certificate }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/as2/certificates/{id}/rotate',
      summary:
        "Make this partner certificate the one in use from now; the partner's ones it replaces are still accepted for overlapDays",
      security: adminSecurity,
      request: {
        params: IdParam,
        body: { required: true, content: { 'application/json': { schema: Rotation } } },
      },
      responses: {
        200: single('rotated'),
        ...refusals,
        404: errorResponse('no partner certificate of this id'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const certificate = await rotatePartnerCertificate(deps.db, { newId: id, ...c.req.valid('json') });
      return c.json({ certificate }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/as2/certificates/{id}/retire',
      summary: 'Stop accepting a certificate or key pair (own or a partner’s) from now',
      security: adminSecurity,
      request: { params: IdParam },
      responses: {
        200: single('retired'),
        401: errorResponses[401],
        404: errorResponse('no such certificate'),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      return c.json({ certificate: await retireCertificate(deps.db, id) }, 200);
    },
  );
}

import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { permanent } from '../../core/errors.ts';
import { audit } from '../../db/audit.ts';
import type { Database } from '../../db/client.ts';
import { withAdvisoryLock } from '../../db/locks.ts';
import { mappings } from '../../db/schema.ts';
import { isOrderDocument, type MappingDocument } from '../../mapping/mapping-file.ts';
import { CONSOLE_ACTIVATION } from '../../partners/mapping-store.ts';
import { decodeWithVersion, type OrderReadingDocument, type Sample } from './decode-with-version.ts';
import { type GoldenReport, goldenCheck } from './golden-check.ts';
import { type StoredVersion, storedVersion } from './mapping-versions.ts';
import { knownPartner } from './test-bench.ts';

/** What an activation did: the version now active, the one it replaced, and how it was checked. */
export interface Activation {
  id: string;
  version: number;
  previousVersion?: number;
  /** Absent for a mapping that writes documents (855, 856, 810, 865): see {@link activateVersion}. */
  golden?: GoldenReport & { sample?: 'decoded' };
}

/** The refusal of a version that fails its check, each failure as a problem of the form. */
function goldenFailed(failures: { fixture: string; message: string }[]): never {
  throw permanent('mapping.golden_failed', `the version fails ${failures.length} golden check(s)`, {
    details: failures.map((f) => ({ path: f.fixture, message: f.message })),
  });
}

/**
 * What must pass before a version that reads orders becomes active: the partner's golden fixtures of the
 * document (see `goldenCheck`: the version's own, exactly, else the other versions' inputs without errors);
 * when the partner has none, `sample` must decode to orders without an error (`mapping.sample_required`
 * without one).
 */
async function checkBeforeActivation(
  db: Database,
  mappingsDir: string,
  partnerId: string,
  stored: StoredVersion,
  document: OrderReadingDocument,
  sample: Sample | undefined,
): Promise<NonNullable<Activation['golden']>> {
  const partner = await knownPartner(db, partnerId);
  const report = await goldenCheck(mappingsDir, partner, document, stored);
  if (report.failures.length > 0) goldenFailed(report.failures);
  if (report.mode !== 'none') return report;
  if (sample === undefined)
    throw permanent(
      'mapping.sample_required',
      `the partner has no golden fixture of ${document} mappings: give a sample that this version reads without errors`,
      { details: [{ path: 'sample', message: 'required: there is no golden fixture to check against' }] },
    );
  const run = { id: `activation-${randomUUID()}`, now: new Date() };
  const output = await decodeWithVersion(db, partner, document, stored, sample, run);
  const errors = output.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0 || output.orders.length === 0)
    goldenFailed(
      errors.length > 0
        ? errors.map((e) => ({ fixture: 'sample', message: `${e.code}: ${e.message}` }))
        : [{ fixture: 'sample', message: 'the sample decodes to no order' }],
    );
  return { ...report, sample: 'decoded' };
}

/**
 * Makes a stored version the partner's active one of its document, and retires the version active before:
 * a draft becomes live, or a retired version comes back (a rollback is activating the previous version
 * again, through this same function). A version that reads orders (850, 860, spreadsheet) is activated only
 * when it passes the golden check ({@link checkBeforeActivation}); one that writes documents (855, 856, 810,
 * 865) has no decoder to check it here and was validated against its schema when stored (its goldens run in CI,
 * test/golden-outbound.test.ts). In one transaction under the mapping store's lock; audited (`retire` of the
 * previous, `activate` of this one, each with before and after) with the actor. Pipelines pick the new
 * version up on their next message (`activeMappings` reads the database each time).
 */
export async function activateVersion(
  db: Database,
  input: { partnerId: string; document: MappingDocument; version: number; sample?: Sample },
  actor: string,
  options: { mappingsDir: string },
): Promise<Activation> {
  const stored = await storedVersion(db, input.partnerId, input.document, input.version);
  if (stored.status === 'active') throw permanent('mapping.already_active', `${stored.id} is active already`);
  const reads = isOrderDocument(input.document) || input.document === 'spreadsheet';
  const golden = reads
    ? await checkBeforeActivation(
        db,
        options.mappingsDir,
        input.partnerId,
        stored,
        input.document as OrderReadingDocument,
        input.sample,
      )
    : undefined;
  return db.transaction(async (tx) => {
    await withAdvisoryLock(tx, 'mappingSync');
    const current = await tx
      .select({ id: mappings.id, version: mappings.version, status: mappings.status })
      .from(mappings)
      .where(
        and(
          eq(mappings.partnerId, input.partnerId),
          eq(mappings.documentType, input.document),
          eq(mappings.status, 'active'),
        ),
      );
    const [latest] = await tx
      .select({ status: mappings.status })
      .from(mappings)
      .where(eq(mappings.id, stored.id));
    if (latest?.status === 'active')
      throw permanent('mapping.already_active', `${stored.id} is active already`);
    for (const row of current) {
      await tx.update(mappings).set({ status: 'retired' }).where(eq(mappings.id, row.id));
      await audit(tx, {
        actor,
        entityType: 'mapping',
        entityId: row.id,
        action: 'retire',
        before: { status: 'active' },
        after: { status: 'retired', replacedBy: input.version },
      });
    }
    const activatedAt = new Date();
    await tx.update(mappings).set({ status: 'active', activatedAt }).where(eq(mappings.id, stored.id));
    await audit(tx, {
      actor,
      entityType: 'mapping',
      entityId: stored.id,
      action: 'activate',
      before: { status: latest?.status ?? stored.status, sha256: stored.sha256 },
      after: {
        status: 'active',
        via: CONSOLE_ACTIVATION,
        replaces: current.map((row) => row.version),
        ...(golden ? { golden: { mode: golden.mode, checked: golden.checked, sample: golden.sample } } : {}),
      },
    });
    const previous = current.map((row) => row.version).sort((a, b) => b - a)[0];
    return {
      id: stored.id,
      version: input.version,
      ...(previous === undefined ? {} : { previousVersion: previous }),
      ...(golden ? { golden } : {}),
    };
  });
}

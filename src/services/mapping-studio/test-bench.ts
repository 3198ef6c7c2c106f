import { randomUUID } from 'node:crypto';
import { permanent } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';
import type { MappingDocument } from '../../mapping/mapping-file.ts';
import { type PartnerAgreement, partnerAgreement } from '../../partners/partner-lookup.ts';
import { decodeWithVersion, orderReading, type Sample, type VersionOutput } from './decode-with-version.ts';
import { activeVersion, storedVersion } from './mapping-versions.ts';
import { diffOrders, type OrderChange } from './order-diff.ts';

/** What the test bench shows: the sample read by the chosen version and by the active one, and what differs. */
export interface BenchResult {
  draft: VersionOutput;
  /** The active version's reading (the built-in default's when the partner has none of this document). */
  active: VersionOutput;
  /** Orders the two read differently, field by field. */
  changes: OrderChange[];
  /** Whether the 997/999 or the 855 would differ. */
  answersDiffer: { ack: boolean; ack855: boolean };
}

/** The partner's agreement, or `request.not_found`. */
export async function knownPartner(db: Database, partnerId: string): Promise<PartnerAgreement> {
  const partner = await partnerAgreement(db, partnerId);
  if (partner === undefined) throw permanent('request.not_found', `no partner ${partnerId}`);
  return partner;
}

/**
 * The test bench: decodes a sample with a stored version (usually a draft) and with the partner's active
 * version of the same document, with the real connectors and encoders, and compares them: canonical orders,
 * problems, the 997/999 and the 855 each would produce, and the orders that change field by field. Stores
 * nothing and uses none of the partner's control numbers.
 */
export async function testBench(
  db: Database,
  input: { partnerId: string; document: MappingDocument; draftVersion: number; sample: Sample },
): Promise<BenchResult> {
  const document = orderReading(input.document);
  const partner = await knownPartner(db, input.partnerId);
  const draft = await storedVersion(db, input.partnerId, document, input.draftVersion);
  const current = await activeVersion(db, input.partnerId, document);
  const run = { id: `bench-${randomUUID()}`, now: new Date() };
  const draftOutput = await decodeWithVersion(db, partner, document, draft, input.sample, run);
  const activeOutput = await decodeWithVersion(db, partner, document, current, input.sample, run);
  return {
    draft: draftOutput,
    active: activeOutput,
    changes: diffOrders(activeOutput.orders, draftOutput.orders),
    answersDiffer: {
      ack: draftOutput.ack !== activeOutput.ack,
      ack855: JSON.stringify(draftOutput.ack855) !== JSON.stringify(activeOutput.ack855),
    },
  };
}

import { permanent } from '../../core/errors.ts';
import { inList } from '../../db/bulk.ts';
import type { Database } from '../../db/client.ts';
import { exceptions } from '../../db/schema.ts';
import { proposedResolution } from './proposed-resolution.ts';
import { assignException, type ResolveInput, resolveException } from './resolve-exception.ts';

/** Most exceptions one bulk action takes: a page of the inbox. */
export const MAX_BULK = 200;

/** What became of one exception of a bulk action. */
export interface BulkResult {
  id: string;
  outcome: 'done' | 'not_found' | 'not_open' | 'needs_decision' | 'refused';
  /** In words, for the person: what was done, or why not. */
  message: string;
}

/** The ids of a bulk action: at least one, at most {@link MAX_BULK}, each once. */
function checkIds(ids: readonly string[]): string[] {
  const unique = [...new Set(ids)];
  if (unique.length === 0)
    throw permanent('request.invalid', 'choose at least one exception', {
      details: [{ path: 'ids', message: 'choose at least one exception' }],
    });
  if (unique.length > MAX_BULK)
    throw permanent('request.invalid', `at most ${MAX_BULK} exceptions at once`, {
      details: [{ path: 'ids', message: `choose at most ${MAX_BULK}` }],
    });
  return unique;
}

/**
 * Gives many open exceptions to `owner`: each with {@link assignException}, in its own transaction and audited
 * as one, so one resolved meanwhile is reported and the others are still assigned.
 */
export async function assignExceptions(
  db: Database,
  ids: readonly string[],
  owner: string,
  actor: string,
): Promise<BulkResult[]> {
  const wanted = checkIds(ids);
  const name = owner.trim();
  if (name === '' || name.length > 254)
    throw permanent('request.invalid', 'name who works them', {
      details: [{ path: 'owner', message: 'name who works them (at most 254 characters)' }],
    });
  const results: BulkResult[] = [];
  for (const id of wanted) {
    const outcome = await assignException(db, id, name, actor);
    results.push(
      outcome === 'assigned'
        ? { id, outcome: 'done', message: `assigned to ${name}` }
        : { id, outcome, message: outcome === 'not_found' ? 'no such exception' : 'resolved already' },
    );
  }
  return results;
}

/** How a bulk resolution decides each exception: as its findings propose, or the whole order rejected. */
export type BulkDecision = 'accept-proposed' | 'reject';

/**
 * Decides many exceptions of one type the same way, each with {@link resolveException} in its own transaction
 * (so its 855 is asked for with it, exactly as one decided on its page): `reject` rejects each order whole;
 * `accept-proposed` accepts each with the decisions its findings propose (proposedResolution), and leaves an
 * exception with a finding that proposes nothing (an unknown item …) open as `needs_decision`. Exceptions of
 * several types are refused (`request.invalid`): one kind of decision for one kind of exception. An exception
 * resolved by an earlier one of the same order answers `not_open`.
 */
export async function resolveExceptions(
  db: Database,
  ids: readonly string[],
  decision: BulkDecision,
  actor: string,
  comment?: string,
): Promise<BulkResult[]> {
  const wanted = checkIds(ids);
  const rows = await db
    .select({ id: exceptions.id, type: exceptions.type, details: exceptions.details, code: exceptions.code })
    .from(exceptions)
    .where(inList(exceptions.id, wanted));
  const types = [...new Set(rows.map((r) => r.type))];
  if (types.length > 1)
    throw permanent(
      'request.invalid',
      `the exceptions chosen are of ${types.length} types (${types.sort().join(', ')}): decide one type at a time`,
      { details: [{ path: 'ids', message: 'choose exceptions of one type (filter the inbox by type)' }] },
    );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const results: BulkResult[] = [];
  for (const id of wanted) {
    const row = byId.get(id);
    if (!row) {
      results.push({ id, outcome: 'not_found', message: 'no such exception' });
      continue;
    }
    let input: ResolveInput = { action: 'reject', ...(comment ? { comment } : {}) };
    if (decision === 'accept-proposed') {
      const findings = (row.details as { diagnostics?: unknown[] } | null)?.diagnostics ?? [
        { code: row.code },
      ];
      const proposal = proposedResolution(findings);
      if (proposal.undecided.length > 0) {
        results.push({
          id,
          outcome: 'needs_decision',
          message: `left open: ${proposal.undecided.map((f) => (f.line ? `line ${f.line} ${f.code}` : f.code)).join(', ')} proposes nothing — decide it on its page`,
        });
        continue;
      }
      input = { action: 'accept', lines: proposal.lines, ...(comment ? { comment } : {}) };
    }
    const outcome = await resolveException(db, id, input, actor);
    results.push(resultOf(id, outcome));
  }
  return results;
}

function resultOf(id: string, outcome: Awaited<ReturnType<typeof resolveException>>): BulkResult {
  switch (outcome.outcome) {
    case 'resolved':
      return {
        id,
        outcome: 'done',
        message: outcome.orderStatus ? `resolved: the order is ${outcome.orderStatus}` : 'resolved',
      };
    case 'not_found':
      return { id, outcome: 'not_found', message: 'no such exception' };
    case 'not_open':
      return { id, outcome: 'not_open', message: 'resolved already' };
    case 'line_unknown':
      return { id, outcome: 'refused', message: outcome.message };
    case 'unknown_sku':
      return { id, outcome: 'refused', message: `no product with SKU ${outcome.skus.join(', ')}` };
  }
}

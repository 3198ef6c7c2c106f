import { compareDecimal, maxDecimal } from '../../rules/decimal-math.ts';
import type { LineDecision } from '../../rules/resolve-lines.ts';

/** A finding as an exception holds it: the fields a proposal reads. */
export interface Finding {
  code: string;
  message?: string;
  line?: string;
  expected?: string;
  found?: string;
  proposed?: string[];
}

/** What the findings of an exception propose for its lines, and the findings that propose nothing. */
export interface Proposal {
  /** One decision per line a finding proposes something for. */
  lines: LineDecision[];
  /** Findings a person must decide on the exception's page (no value to take: an unknown item, credit …). */
  undecided: Finding[];
}

/**
 * What an exception's findings propose, line by line, as the person's page fills its form and the inbox's bulk
 * "accept as proposed" decides: a price mismatch takes our price (`expected`), a quantity below the MOQ or off
 * the multiple the larger of the quantities they expect, a discontinued item its first substitute, a
 * shortage ships what is available (backordered when nothing is). Every other finding proposes nothing — an
 * unknown item needs a SKU, a missing price, credit, dates, approval or ship-to a judgement — and is listed in
 * `undecided`. Pure.
 */
export function proposedResolution(findings: readonly unknown[]): Proposal {
  const byLine = new Map<string, LineDecision>();
  const undecided: Finding[] = [];
  const decisionOf = (line: string) => {
    const known = byLine.get(line);
    if (known) return known;
    const made: LineDecision = { lineNumber: line };
    byLine.set(line, made);
    return made;
  };
  for (const raw of findings) {
    const f = raw as Finding;
    const line = f.line;
    if (line === undefined) {
      undecided.push(f);
      continue;
    }
    if (f.code === 'price.mismatch' && f.expected !== undefined) decisionOf(line).unitPrice = f.expected;
    else if ((f.code === 'quantity.below_moq' || f.code === 'quantity.not_multiple') && f.expected) {
      const decision = decisionOf(line);
      decision.quantity =
        decision.quantity === undefined ? f.expected : maxDecimal(decision.quantity, f.expected);
    } else if (f.code === 'item.discontinued' && f.proposed?.[0] !== undefined)
      decisionOf(line).sku = f.proposed[0];
    else if (f.code === 'inventory.short' && f.expected !== undefined) {
      const decision = decisionOf(line);
      if (compareDecimal(f.expected, '0') > 0) decision.quantity = f.expected;
      else decision.status = 'backorder';
    } else undecided.push(f);
  }
  return { lines: [...byLine.values()], undecided };
}

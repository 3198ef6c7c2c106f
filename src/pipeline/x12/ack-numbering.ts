import type { Database } from '../../db/client.ts';
import { type ControlNumberKind, reserveControlNumberRanges } from '../../db/control-numbers.ts';
import type { AckInterchange } from '../../x12/ack-types.ts';

/**
 * Numbers acknowledgment plans at the end of the decode transaction instead of while planning. Planning hands
 * out provisional numbers 1, 2, 3 … per counter; `assign` then reserves, per counter, as many numbers as the
 * added plans use, in one statement, and numbers the plans in the order they were added. A plan made but not
 * added (one that cannot be written) therefore leaves no gap. A partner's counter row is locked from the
 * reservation to the commit, so taking it last means decodes of the same partner wait for a commit, not for a
 * whole decode (measured: with the lock taken at the first 997, one partner's single-order messages queued at
 * ~40/s).
 */
export class AckNumbering {
  private readonly counts = new Map<string, Record<ControlNumberKind, number>>();
  private readonly plans: { counterKey: string; plan: AckInterchange }[] = [];

  /** The provisional allocator to plan with (`AckPlanOptions.allocate`). */
  allocator(counterKey: string): (kind: ControlNumberKind) => number {
    let counts = this.counts.get(counterKey);
    if (counts === undefined) {
      counts = { interchange: 0, group: 0, transaction: 0 };
      this.counts.set(counterKey, counts);
    }
    const mine = counts;
    return (kind) => ++mine[kind];
  }

  /** A plan made with `allocator(counterKey)`, to be numbered by `assign`. */
  add(counterKey: string, plan: AckInterchange): void {
    this.plans.push({ counterKey, plan });
  }

  /**
   * Reserves the real numbers (counters in a fixed order, so two transactions cannot deadlock) and rewrites
   * every added plan with them; returns the plans in the order they were added.
   */
  async assign(tx: Database): Promise<{ counterKey: string; plan: AckInterchange }[]> {
    const used = new Map<string, Record<ControlNumberKind, number>>();
    for (const { counterKey, plan } of this.plans) {
      const counts = used.get(counterKey) ?? { interchange: 0, group: 0, transaction: 0 };
      counts.interchange++;
      counts.group += plan.groups.length;
      for (const group of plan.groups) counts.transaction += group.acks.length;
      used.set(counterKey, counts);
    }
    const next = new Map<string, Record<ControlNumberKind, number>>();
    for (const counterKey of [...used.keys()].sort()) {
      next.set(counterKey, await reserveControlNumberRanges(tx, counterKey, used.get(counterKey)!));
    }
    for (const { counterKey, plan } of this.plans) {
      const at = next.get(counterKey)!;
      plan.controlNumber = at.interchange++;
      for (const group of plan.groups) {
        group.controlNumber = at.group++;
        // ST02 is AN 4/9: padded to four digits, as the planner does
        for (const ack of group.acks) ack.controlNumber = String(at.transaction++).padStart(4, '0');
      }
    }
    return this.plans;
  }
}

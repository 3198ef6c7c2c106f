import type { Database } from '../db/client.ts';
import { type ControlNumberKind, reserveControlNumbers } from '../db/control-numbers.ts';
import type { AckInterchange } from '../x12/ack-types.ts';

const KINDS: readonly ControlNumberKind[] = ['interchange', 'group', 'transaction'];

/**
 * Numbers acknowledgment plans at the end of the decode transaction instead of while planning. Planning hands
 * out provisional numbers 1, 2, 3 … per counter; `assign` then reserves each counter's range in one statement
 * and shifts the plans onto it. A partner's counter row is locked from the reservation to the commit, so
 * taking it last means decodes of the same partner wait for a commit, not for a whole decode (measured: with
 * the lock taken at the first 997, one partner's single-order messages queued at ~40/s).
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

  /** A plan made with `allocator(counterKey)`, to be renumbered by `assign`. */
  add(counterKey: string, plan: AckInterchange): void {
    this.plans.push({ counterKey, plan });
  }

  /**
   * Reserves the real numbers (counters in a fixed order, so two transactions cannot deadlock) and rewrites
   * every added plan with them; returns the plans in the order they were added.
   */
  async assign(tx: Database): Promise<{ counterKey: string; plan: AckInterchange }[]> {
    const first = new Map<string, Record<ControlNumberKind, number>>();
    for (const counterKey of [...this.counts.keys()].sort()) {
      const counts = this.counts.get(counterKey)!;
      const base: Record<ControlNumberKind, number> = { interchange: 0, group: 0, transaction: 0 };
      for (const kind of KINDS) {
        if (counts[kind] > 0)
          base[kind] = (await reserveControlNumbers(tx, counterKey, kind, counts[kind])) - 1;
      }
      first.set(counterKey, base);
    }
    for (const { counterKey, plan } of this.plans) {
      const base = first.get(counterKey)!;
      plan.controlNumber += base.interchange;
      for (const group of plan.groups) {
        group.controlNumber += base.group;
        // ST02 is AN 4/9: the planner pads to four digits, and so does the renumbered one
        for (const ack of group.acks)
          ack.controlNumber = String(Number(ack.controlNumber) + base.transaction).padStart(4, '0');
      }
    }
    return this.plans;
  }
}

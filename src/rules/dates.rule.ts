import type { Diagnostic } from '../core/diagnostic.ts';
import { finding, isChecked } from './finding.ts';
import type { Rule } from './rule.ts';

/** The order's dates that must not lie in the past, with the words a message uses for them. */
const WINDOW = [
  ['cancelAfter', 'cancel-after date'],
  ['requestedDelivery', 'requested delivery date'],
  ['requestedShip', 'requested ship date'],
] as const;

/**
 * `dates.window_passed`: the cancel-after, requested delivery or requested ship date is before today (the
 * gateway's clock); today itself still counts as in time. One finding per date passed; expected: today,
 * found: the date. YYYY-MM-DD compares as text. Silent until the supplier keeps products (the wholesale rules
 * are configured): the pass-through gateway of DESIGN §5 accepts every structurally valid order as it is.
 */
export const datesRule: Rule = (order, { today, catalog }) => {
  const found: Diagnostic[] = [];
  if (!isChecked(order) || catalog.empty) return found;
  for (const [key, words] of WINDOW) {
    const date = order.dates[key];
    if (date === undefined || date >= today) continue;
    found.push(
      finding('dates.window_passed', `the order's ${words} ${date} is before today, ${today}`, {
        expected: today,
        found: date,
      }),
    );
  }
  return found;
};

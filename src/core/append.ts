/**
 * Appends `items` to `target` one by one. `target.push(...items)` passes every item as an argument, and an
 * array of a few hundred thousand (the findings of one very large transaction set) overflows the call stack.
 */
export function append<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/**
 * Freezes an object and everything reachable from it, in place, and returns it: resolved mappings are shared
 * between calls (the built-in defaults, the process cache of stored versions), so no caller may change one.
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

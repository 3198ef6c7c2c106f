/** The window failed attempts are counted in, unless a limiter is given its own. */
const WINDOW_MS = 60_000;
/** Addresses remembered at most: a flood from many addresses must not grow memory without bound. */
const MAX_ADDRESSES = 50_000;

/**
 * Counts refused credentials per key (a client address, or a console account): after `limit` refusals within
 * the window (a minute unless given) the key is turned away (429 with Retry-After) until its oldest counted
 * refusal leaves the window, so guessing API keys or passwords costs a window per `limit` guesses, and the
 * database is not asked about every guess.
 */
export class FailedAuthLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly now: () => number = Date.now,
    private readonly windowMs: number = WINDOW_MS,
  ) {}

  /** Seconds until `address` may try again, or undefined when it may try now. */
  blockedFor(address: string): number | undefined {
    const times = this.recent(address);
    if (times.length < this.limit) return undefined;
    return Math.max(1, Math.ceil((times[0]! + this.windowMs - this.now()) / 1000));
  }

  /** Records one refusal of `address`'s credentials. */
  refused(address: string): void {
    const times = this.recent(address);
    times.push(this.now());
    if (times.length > this.limit) times.splice(0, times.length - this.limit);
    // re-inserted last, so the map's first key is the address refused longest ago
    this.failures.delete(address);
    this.failures.set(address, times);
    if (this.failures.size > MAX_ADDRESSES) this.failures.delete(this.failures.keys().next().value!);
  }

  private recent(address: string): number[] {
    const times = this.failures.get(address);
    if (times === undefined) return [];
    const since = this.now() - this.windowMs;
    while (times.length > 0 && times[0]! <= since) times.shift();
    if (times.length === 0) this.failures.delete(address);
    return times;
  }
}

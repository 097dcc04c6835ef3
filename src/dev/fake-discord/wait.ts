/** Bounded waiting on events: tests wait for what happens, never for a fixed time. */

export const DEFAULT_WAIT_MS = 5000;

/** Rejects with `what` in the message if `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A growing log of items that can be awaited: `waitFor` looks at what is already there first,
 * then at what arrives, so a test cannot miss an item that came before it started waiting.
 */
export class Log<T> {
  readonly items: T[] = [];
  private waiters = new Set<{ match: (item: T) => boolean; resolve: (item: T) => void }>();
  /** When each item was logged (`performance.now()`), for deadline checks. */
  private readonly stamps = new Map<T, number>();

  push(item: T): void {
    this.items.push(item);
    this.stamps.set(item, performance.now());
    for (const waiter of this.waiters) {
      if (waiter.match(item)) {
        this.waiters.delete(waiter);
        waiter.resolve(item);
      }
    }
  }

  /** When `item` was logged, in `performance.now()` milliseconds. */
  timeOf(item: T): number {
    const at = this.stamps.get(item);
    if (at === undefined) throw new Error('This item was never logged here.');
    return at;
  }

  find(match: (item: T) => boolean): T | undefined {
    return this.items.find(match);
  }

  waitFor(match: (item: T) => boolean, what: string, ms = DEFAULT_WAIT_MS): Promise<T> {
    const seen = this.items.find(match);
    if (seen) return Promise.resolve(seen);
    let waiter!: { match: (item: T) => boolean; resolve: (item: T) => void };
    const arrived = new Promise<T>((resolve) => {
      waiter = { match, resolve };
      this.waiters.add(waiter);
    });
    return withTimeout(arrived, ms, what).finally(() => this.waiters.delete(waiter));
  }
}

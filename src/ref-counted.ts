/**
 * A resource that work borrows while it runs, and that is closed once it has been retired and the
 * last work using it has finished: a replaced index snapshot stays open until the answers under
 * way on it are done, however long they wait for the model, instead of failing them.
 */
export class RefCounted<T> {
  private users = 0;
  private closing: (() => Promise<void>) | null = null;
  private closed: Promise<void> | null = null;
  private resolveClosed: (() => void) | null = null;
  private rejectClosed: ((error: unknown) => void) | null = null;

  constructor(readonly value: T) {}

  /** Whether `retire` was called: new work should take the resource that replaced this one. */
  get retired(): boolean {
    return this.closing !== null;
  }

  /** Runs `work` with the resource, which stays open until `work` settles, even if retired meanwhile. */
  async use<R>(work: (value: T) => Promise<R>): Promise<R> {
    this.users += 1;
    try {
      return await work(this.value);
    } finally {
      this.users -= 1;
      if (this.users === 0) this.closeIfRetired();
    }
  }

  /**
   * No new work after this; `close` runs once no work uses the resource (at once when none does).
   * Resolves when it has run, and rejects with its error. Retiring twice keeps the first `close`.
   */
  retire(close: (value: T) => Promise<void>): Promise<void> {
    if (!this.closed) {
      this.closing = () => close(this.value);
      this.closed = new Promise<void>((resolve, reject) => {
        this.resolveClosed = resolve;
        this.rejectClosed = reject;
      });
      if (this.users === 0) this.closeIfRetired();
    }
    return this.closed;
  }

  private closeIfRetired(): void {
    const close = this.closing;
    if (!close || !this.resolveClosed) return;
    const [resolve, reject] = [this.resolveClosed, this.rejectClosed!];
    this.resolveClosed = this.rejectClosed = null;
    close().then(resolve, reject);
  }
}

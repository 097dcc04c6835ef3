/** Per-user cooldown between questions, so one user cannot monopolise the bot. */
export class Cooldowns {
  /** User id → when they may ask again (ms since epoch). */
  private readonly until = new Map<string, number>();

  constructor(
    private readonly seconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Starts `userId`'s cooldown and returns null when they may ask now; otherwise returns when
   * they may ask again, leaving the running cooldown as it is.
   */
  take(userId: string): Date | null {
    if (this.seconds <= 0) return null;
    const now = this.now();
    const until = this.until.get(userId);
    if (until !== undefined && until > now) return new Date(until);
    this.forgetExpired(now);
    this.until.set(userId, now + this.seconds * 1000);
    return null;
  }

  private forgetExpired(now: number): void {
    for (const [user, until] of this.until) if (until <= now) this.until.delete(user);
  }
}

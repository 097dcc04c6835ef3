/**
 * Questions are answered one at a time, and only while no acknowledgement is on its way:
 * answering is CPU-bound (search, embedding) and has no deadline, while Discord drops an
 * interaction not acknowledged within 3 s. Each question also waits a turn of the event loop,
 * so that events still arriving are read (and acknowledged) before the next answer starts.
 */
export class AskQueue {
  private queued = 0;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly acknowledging = new Set<Promise<unknown>>();
  private arrivals: Array<() => void> = [];

  /** Whether a question is being answered or waiting: a new one would not be answered at once. */
  get busy(): boolean {
    return this.queued > 0;
  }

  /** Runs `job` after every job before it, once pending acknowledgements and I/O have had their turn. */
  run<T>(job: () => Promise<T>): Promise<T> {
    for (const arrived of this.arrivals.splice(0)) arrived();
    this.queued += 1;
    const turn = this.tail
      .then(() => this.acknowledgementsSent())
      .then(job)
      .finally(() => {
        this.queued -= 1;
      });
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  /**
   * Resolves when the next question arrives: its acknowledgement comes first, so an answer still
   * being worked on will not be sent at once either. (Resolving after that answer was sent does no harm.)
   */
  nextArrival(): Promise<void> {
    return new Promise((resolve) => this.arrivals.push(resolve));
  }

  /** `ack` (a deferral, say) goes out before the next answer starts. */
  acknowledge<T>(ack: Promise<T>): Promise<T> {
    this.acknowledging.add(ack);
    const settled = () => this.acknowledging.delete(ack);
    ack.then(settled, settled);
    return ack;
  }

  private async acknowledgementsSent(): Promise<void> {
    do {
      await Promise.allSettled([...this.acknowledging]);
      await new Promise<void>((resolve) => setImmediate(resolve));
    } while (this.acknowledging.size > 0);
  }
}

/**
 * Recent answers in memory, for `/cite` and the buttons: answer id → Answer, and for each
 * channel the id of its latest answer. Bounded: the oldest are forgotten.
 */
import type { Answer } from '../answer/types.js';
import { BoundedMap } from './bounded-map.js';

export class RecentAnswers {
  private readonly byId: BoundedMap<string, Answer>;
  private readonly latestByChannel: BoundedMap<string, string>;

  constructor(readonly capacity = 500) {
    this.byId = new BoundedMap(capacity);
    this.latestByChannel = new BoundedMap(capacity);
  }

  remember(channelId: string, answer: Answer): void {
    this.byId.set(answer.id, answer);
    this.latestByChannel.set(channelId, answer.id);
  }

  get(answerId: string): Answer | undefined {
    return this.byId.get(answerId);
  }

  /** The latest answer given in `channelId`, while it is still remembered. */
  latestIn(channelId: string): Answer | undefined {
    const id = this.latestByChannel.get(channelId);
    return id === undefined ? undefined : this.byId.get(id);
  }
}

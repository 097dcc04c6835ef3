/**
 * Recent answers in memory, for `/cite` and the buttons: each answer with where it was given and
 * who asked, and for each channel the id of its latest answer. Bounded: the oldest are forgotten.
 *
 * An answer is shown only where the person asking can read it: in the channel it was given in
 * (or a thread of that channel), in the same DM, never in another server.
 */
import type { Answer } from '../answer/types.js';
import { BoundedMap } from '../bounded-map.js';
import type { Place } from './channels.js';

export interface RememberedAnswer {
  answer: Answer;
  /** Where the answer was given. */
  place: Place;
  askerId: string;
}

/**
 * Whether someone at `from` can read what was given at `given`: the same DM channel, or in the
 * same server the same channel or one of its threads. (A thread's answer stays in that thread:
 * the bot does not know who may read a private thread.)
 */
export function canReadFrom(given: Place, from: Place): boolean {
  if (given.guildId === null || from.guildId === null) return given.guildId === from.guildId && given.channelId === from.channelId;
  if (given.guildId !== from.guildId) return false;
  return from.channelId === given.channelId || from.parentId === given.channelId;
}

export class RecentAnswers {
  private readonly byId: BoundedMap<string, RememberedAnswer>;
  private readonly latestByChannel: BoundedMap<string, string>;

  constructor(readonly capacity = 500) {
    this.byId = new BoundedMap(capacity);
    this.latestByChannel = new BoundedMap(capacity);
  }

  remember(answer: Answer, place: Place, askerId: string): void {
    this.byId.set(answer.id, { answer, place, askerId });
    this.latestByChannel.set(place.channelId, answer.id);
  }

  /** Answer `answerId` if it is still remembered and readable from `from`; otherwise undefined, whichever it is. */
  readableFrom(answerId: string, from: Place): RememberedAnswer | undefined {
    const remembered = this.byId.get(answerId);
    return remembered && canReadFrom(remembered.place, from) ? remembered : undefined;
  }

  /** The latest answer given in `from`'s channel, while it is still remembered. */
  latestIn(from: Place): RememberedAnswer | undefined {
    const id = this.latestByChannel.get(from.channelId);
    return id === undefined ? undefined : this.readableFrom(id, from);
  }
}

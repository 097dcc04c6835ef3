/** Where the bot may talk: the optional channel allow-list. */

export interface ChannelPlace {
  channelId: string;
  /** The parent channel of a thread, so a thread inherits its channel's permission. */
  parentId: string | null;
  isDM: boolean;
}

/** An empty allow-list allows every channel; DMs are always allowed (they reach no one else). */
export function isChannelAllowed(allowedChannelIds: readonly string[], place: ChannelPlace): boolean {
  if (allowedChannelIds.length === 0 || place.isDM) return true;
  return allowedChannelIds.includes(place.channelId) || (place.parentId !== null && allowedChannelIds.includes(place.parentId));
}

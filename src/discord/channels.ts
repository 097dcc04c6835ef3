/** Where the bot is talking: the place of an interaction or message, and the channel allow-list. */
import type { Interaction, Message } from 'discord.js';

/** Where something happens in Discord: a server channel or thread, or a DM (guildId null). */
export interface Place {
  guildId: string | null;
  channelId: string;
  /** The channel a thread belongs to; null outside threads. */
  parentId: string | null;
}

export function placeOfInteraction(interaction: Interaction): Place {
  const { channel } = interaction;
  return {
    guildId: interaction.guildId,
    channelId: interaction.channelId ?? '',
    parentId: channel?.isThread() ? channel.parentId : null,
  };
}

export function placeOfMessage(message: Message): Place {
  const { channel } = message;
  return { guildId: message.guildId, channelId: message.channelId, parentId: channel.isThread() ? channel.parentId : null };
}

/** An empty allow-list allows every channel; DMs are always allowed (they reach no one else). */
export function isChannelAllowed(allowedChannelIds: readonly string[], place: Place): boolean {
  if (allowedChannelIds.length === 0 || place.guildId === null) return true;
  return allowedChannelIds.includes(place.channelId) || (place.parentId !== null && allowedChannelIds.includes(place.parentId));
}

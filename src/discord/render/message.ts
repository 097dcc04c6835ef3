/** The plain message payload every renderer returns: what discord.js sends, with mentions off. */
import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord.js';
import { LIMITS } from './limits.js';
import { trimToLimit } from './text.js';

/** Nothing in a bot message may ping anyone: no @everyone, no roles, no users. */
export const NO_MENTIONS = Object.freeze({ parse: [] as [] });

export interface BotMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowedMentions: typeof NO_MENTIONS;
}

/** A short text-only message; `text` must already be escaped where it holds user or corpus text. */
export function textMessage(text: string): BotMessage {
  return { content: trimToLimit(text, LIMITS.content), embeds: [], components: [], allowedMentions: NO_MENTIONS };
}

export function embedMessage(embed: APIEmbed, components: BotMessage['components'] = []): BotMessage {
  return { embeds: [embed], components, allowedMentions: NO_MENTIONS };
}

/** What Discord counts towards the 6,000 characters an embed may hold. */
export function embedLength(embed: APIEmbed): number {
  const fields = (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    fields +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0)
  );
}

/** Colours by outcome, so a glance tells an answer from an abstention. */
export const COLOURS = { answered: 0x2e7d32, evidence: 0xf9a825, abstained: 0x757575, info: 0x1565c0 } as const;

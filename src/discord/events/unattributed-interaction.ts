/**
 * An INTERACTION_CREATE that names no user (a forged or damaged event: a member without its
 * user) is one discord.js cannot make an interaction of: it would reject outside any handler
 * and the user would get no reply. Such an event is refused here, from the raw gateway event
 * that discord.js emits before it handles one, with a short private reply.
 */
import { InteractionResponseType, MessageFlags, Routes, type Client } from 'discord.js';
import type { BotContext } from '../context.js';
import { infoNotice } from '../render/notices.js';

interface RawInteraction {
  id?: unknown;
  token?: unknown;
  user?: { id?: unknown } | null;
  member?: { user?: { id?: unknown } | null } | null;
}

/** What discord.js reads the user from: `user` in DMs, `member.user` in servers. */
function namesUser(d: RawInteraction | null | undefined): boolean {
  return typeof (d?.user ?? d?.member?.user)?.id === 'string';
}

const REFUSAL = "I can't act on this: it does not say who sent it.";

/** The event name a refused event is renamed to: discord.js has no handler for it, so no interaction is made of it. */
const REFUSED_EVENT = 'INTERACTION_CREATE_REFUSED';

export function refuseUnattributedInteractions(client: Client, { logger }: BotContext) {
  return (packet: { t?: unknown; d?: RawInteraction | null }): void => {
    if (packet.t !== 'INTERACTION_CREATE' || namesUser(packet.d)) return;
    packet.t = REFUSED_EVENT;
    logger.warn('interaction', { outcome: 'refused', reason: 'names no user' });
    const { id, token } = packet.d ?? {};
    if (typeof id !== 'string' || typeof token !== 'string') return;
    const { content, allowedMentions } = infoNotice(REFUSAL);
    client.rest
      .post(Routes.interactionCallback(id, token), {
        auth: false,
        body: {
          type: InteractionResponseType.ChannelMessageWithSource,
          data: { content, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [...allowedMentions.parse] } },
        },
      })
      .catch((error: unknown) => logger.warn('reply-failed', { error }));
  };
}

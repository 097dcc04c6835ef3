/** Answering interactions within Discord's 3-second deadline, and reporting failures. */
import { MessageFlags, type RepliableInteraction } from 'discord.js';
import type { AskQueue } from './ask-queue.js';
import type { BotContext } from './context.js';
import type { BotMessage } from './render/message.js';
import { errorNotice } from './render/notices.js';

export function replyEphemeral(interaction: RepliableInteraction, message: BotMessage): Promise<unknown> {
  return interaction.reply({ ...message, flags: MessageFlags.Ephemeral });
}

/**
 * Replies with `work`'s message directly when it is ready within `deferAfterMs` and no other
 * question arrives meanwhile; otherwise defers first (Discord shows "thinking…") and fills the
 * reply in when it is ready. Fast answers thus cost one request, and slow or queued ones never
 * miss the deadline. `deferAfterMs` 0 defers at once.
 */
export async function replyWhenReady(
  interaction: RepliableInteraction,
  work: Promise<BotMessage>,
  deferAfterMs: number,
  queue: AskQueue,
): Promise<void> {
  if (deferAfterMs <= 0) {
    // If the acknowledgement fails, `work` must not end as an unhandled rejection.
    await queue.acknowledge(interaction.deferReply()).catch((error: unknown) => {
      work.catch(() => undefined);
      throw error;
    });
    await interaction.editReply(await work);
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<'slow'>((resolve) => {
    timer = setTimeout(() => resolve('slow'), deferAfterMs);
    void queue.nextArrival().then(() => resolve('slow'));
  });
  const first = await Promise.race([work, slow]).finally(() => clearTimeout(timer));
  if (first !== 'slow') {
    await interaction.reply(first);
    return;
  }
  await queue.acknowledge(interaction.deferReply());
  await interaction.editReply(await work);
}

/** Tells the user something failed, in whatever way the interaction still allows. */
export async function reportFailure(interaction: RepliableInteraction, error: unknown, { logger, config }: BotContext): Promise<void> {
  const message = errorNotice(error, [config.token]);
  try {
    if (interaction.deferred && !interaction.replied) await interaction.editReply(message);
    else if (interaction.replied) await interaction.followUp({ ...message, flags: MessageFlags.Ephemeral });
    else await replyEphemeral(interaction, message);
  } catch (replyError) {
    logger.error('reply-failed', { error: replyError });
  }
}

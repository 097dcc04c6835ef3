/**
 * The work the bot has started for users, so that a shutdown can finish it or give it up
 * cleanly: once stopping, new interactions get a one-line "restarting" reply and new messages are
 * left alone; work still running after the grace period is abandoned, and every interaction it
 * left unanswered is told so instead of spinning "thinking…" until Discord gives up.
 */
import { MessageFlags, type Interaction, type Message, type RepliableInteraction } from 'discord.js';
import type { Logger } from './logger.js';
import { infoNotice } from './render/notices.js';

export const RESTARTING_NOTICE = "I'm restarting and could not answer this. Ask again in a minute.";

export class InFlight {
  private readonly running = new Map<Promise<void>, RepliableInteraction | null>();
  private closing = false;

  constructor(private readonly logger: Logger) {}

  get stopping(): boolean {
    return this.closing;
  }

  /** Wraps an interaction handler: tracked while it runs; refused with a short reply once stopping. */
  interactions(handler: (interaction: Interaction) => Promise<void>) {
    return (interaction: Interaction): Promise<void> => {
      const repliable = interaction.isRepliable() ? interaction : null;
      if (this.closing) return repliable ? this.track(tellRestarting(repliable, this.logger), null) : Promise.resolve();
      return this.track(handler(interaction), repliable);
    };
  }

  /** Wraps a message handler: tracked while it runs; messages arriving once stopping are left alone. */
  messages(handler: (message: Message) => Promise<void>) {
    return (message: Message): Promise<void> => (this.closing ? Promise.resolve() : this.track(handler(message), null));
  }

  /**
   * Stops taking work and waits up to `graceMs` for what is running. Returns how many pieces of
   * work were abandoned; their unanswered interactions have been told.
   */
  async drain(graceMs: number): Promise<number> {
    this.closing = true;
    let timer: NodeJS.Timeout | undefined;
    let over = false;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        over = true;
        resolve();
      }, graceMs);
    });
    // Work that starts meanwhile (a "restarting" reply) is waited for too.
    while (this.running.size > 0 && !over) await Promise.race([Promise.allSettled([...this.running.keys()]), grace]);
    clearTimeout(timer);
    const left = [...this.running.values()];
    await Promise.allSettled(left.map((interaction) => (interaction ? tellRestarting(interaction, this.logger) : undefined)));
    return left.length;
  }

  private track(work: Promise<void>, interaction: RepliableInteraction | null): Promise<void> {
    this.running.set(work, interaction);
    const done = () => {
      this.running.delete(work);
    };
    work.then(done, done);
    return work;
  }
}

/** Says "restarting" in whatever way the interaction still allows; nothing when it was answered. */
async function tellRestarting(interaction: RepliableInteraction, logger: Logger): Promise<void> {
  const message = infoNotice(RESTARTING_NOTICE);
  try {
    if (interaction.replied) return;
    if (interaction.deferred) await interaction.editReply(message);
    else await interaction.reply({ ...message, flags: MessageFlags.Ephemeral });
  } catch (error) {
    logger.warn('shutdown', { outcome: 'reply-failed', error });
  }
}

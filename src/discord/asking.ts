/** Asking the service, shared by `/ask` and mentions: remembers the answer (where, and who asked) and logs the outcome. */
import { cleanQuestion } from '../answer/engine.js';
import type { Answer } from '../answer/types.js';
import type { Place } from './channels.js';
import type { BotContext } from './context.js';

export type AskVia = 'slash' | 'mention' | 'thread' | 'dm';

export interface Asked {
  question: string;
  via: AskVia;
  /** Where the answer is given. */
  place: Place;
  askerId: string;
}

export async function askAndRemember(ctx: BotContext, { question, via, place, askerId }: Asked): Promise<Answer> {
  const started = performance.now();
  // The question's length, never its text: logs must not hold what users typed.
  const base = { via, questionChars: question.length };
  try {
    const answer = await ctx.asking.run(() => ctx.service.ask(question));
    ctx.answers.remember(answer, place, askerId);
    ctx.logger.info('ask', {
      ...base,
      outcome: answer.status,
      mode: answer.mode,
      quotes: answer.quotes.length,
      answerId: answer.id,
      serviceMs: Math.round(answer.timings.totalMs),
      ms: Math.round(performance.now() - started),
    });
    return answer;
  } catch (error) {
    ctx.logger.error('ask', { ...base, outcome: 'error', error, ms: Math.round(performance.now() - started) });
    throw error;
  }
}

/** Nothing but whitespace, control and invisible characters: nothing to search for, nothing to show as a title. */
export function isBlankQuestion(question: string): boolean {
  return cleanQuestion(question) === '';
}

/** Starts `userId`'s cooldown; returns when they may ask again if they are still cooling down. */
export function cooldownFor(ctx: BotContext, userId: string, via: AskVia): Date | null {
  const retryAt = ctx.cooldowns.take(userId);
  if (retryAt) ctx.logger.info('ask', { via, outcome: 'cooldown', retryAt: retryAt.toISOString() });
  return retryAt;
}

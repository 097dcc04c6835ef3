/**
 * Button custom ids carry the answer id, so a click works without any per-message state
 * (and keeps working for answers still in memory after a reconnect).
 */
import { LIMITS } from './limits.js';

export type FeedbackChoice = 'up' | 'down';

export type ButtonAction =
  | { kind: 'feedback'; choice: FeedbackChoice; answerId: string }
  | { kind: 'sources'; answerId: string };

/** The custom id for `action`, or null when the answer id would push it past Discord's 100 characters. */
export function encodeButtonId(action: ButtonAction): string | null {
  const id = action.kind === 'feedback' ? `fb:${action.choice}:${action.answerId}` : `src:${action.answerId}`;
  return id.length <= LIMITS.customId ? id : null;
}

export function decodeButtonId(customId: string): ButtonAction | null {
  const feedback = /^fb:(up|down):(.+)$/.exec(customId);
  if (feedback) return { kind: 'feedback', choice: feedback[1] as FeedbackChoice, answerId: feedback[2]! };
  const sources = /^src:(.+)$/.exec(customId);
  if (sources) return { kind: 'sources', answerId: sources[1]! };
  return null;
}

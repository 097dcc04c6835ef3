/** `/add` and files sent to the bot: what was added (title, language, date, paragraphs) and what was not, and by whom. */
import type { AddResult } from '../../app/add-sources.js';
import { dayOf } from '../../answer/source-ref.js';
import { plural } from './labels.js';
import { LIMITS } from './limits.js';
import { COLOURS, embedMessage, type BotMessage } from './message.js';
import { withoutAbsolutePaths } from './notices.js';
import { escapeText, joinLinesWithin, linkOrLabel, oneLine, safeText } from './text.js';

const MAX_TITLE = 150;

export function renderAdded(result: AddResult, userId: string): BotMessage {
  const lines = result.added.map((a) => {
    const title = linkOrLabel(safeText(oneLine(a.title), MAX_TITLE), a.url);
    const facts = [escapeText(a.language), a.published ? dayOf(a.published) : 'no date', plural(a.paragraphs, 'paragraph')];
    return `• ${a.replaced ? '(replaced) ' : ''}${title} · ${facts.join(' · ')}${a.outlet ? ` · ${safeText(a.outlet, 80)}` : ''}`;
  });
  const refusals = result.refused.map((r) => `• ${safeText(withoutAbsolutePaths(oneLine(r.reason)), 300)}`);
  const by = `Added by <@${userId}>`;
  return embedMessage({
    title: result.added.length ? `Added to the corpus (${result.added.length})` : 'Nothing added',
    description: [by, ...(lines.length ? [joinLinesWithin(lines, LIMITS.embedDescription - by.length - 1, (n) => `…and ${n} more`)] : [])].join('\n'),
    color: result.added.length ? COLOURS.answered : COLOURS.abstained,
    fields: refusals.length ? [{ name: `Not added (${refusals.length})`, value: joinLinesWithin(refusals, LIMITS.fieldValue, (n) => `…and ${n} more`) }] : [],
    ...(result.report ? { footer: { text: `Index: ${result.report.articles} articles, ${result.report.passages} passages` } } : {}),
  });
}

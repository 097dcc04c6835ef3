/** `/cite`: the whole passage behind one citation, the quoted words in bold. */
import { sourceLabel } from '../../answer/source-ref.js';
import type { Answer, Quote } from '../../answer/types.js';
import type { PassageView } from '../../app/service-types.js';
import { LIMITS } from './limits.js';
import { COLOURS, embedMessage, type BotMessage } from './message.js';
import { escapeText, hostOf, linkOrLabel, oneLine, safeText, trimToLimit } from './text.js';

export function renderCitation(answer: Answer, quote: Quote, passage: PassageView | undefined): BotMessage {
  const source = passage?.source ?? quote.source;
  const position = passage ? `${passage.paragraph} of ${passage.paragraphCount}` : String(quote.paragraph);
  const page = passage?.page ?? quote.page;
  const label = sourceLabel(source);
  return embedMessage({
    title: trimToLimit(`[${quote.citation}] ${escapeText(oneLine(source.title))}`, LIMITS.embedTitle),
    ...(source.url && /^https?:\/\//i.test(source.url) ? { url: source.url } : {}),
    description: passage
      ? highlightQuote(passage.text, quote.text)
      : `${safeText(quote.text, LIMITS.embedDescription - 200)}\n\n*The index has changed since this answer: only the quoted words are available.*`,
    color: COLOURS.info,
    fields: [
      ...(page !== undefined ? [{ name: 'Page', value: String(page), inline: true }] : []),
      { name: 'Paragraph', value: position, inline: true },
      { name: 'Language', value: escapeText(source.language), inline: true },
      { name: 'Source', value: source.url ? linkOrLabel(escapeText(label ?? hostOf(source.url)), source.url) : label ? escapeText(label) : 'no source link', inline: true },
    ],
    footer: { text: trimToLimit(`answer ${answer.id} · ${oneLine(answer.question)}`, LIMITS.footerText) },
  });
}

/**
 * The passage with the quote in bold. Where the bold passage would not fit, the plain passage
 * is trimmed instead, so a cut can never leave an unclosed `**`.
 */
function highlightQuote(passage: string, quote: string): string {
  const at = passage.indexOf(quote);
  if (at >= 0) {
    const bold = `${escapeText(passage.slice(0, at))}**${escapeText(quote)}**${escapeText(passage.slice(at + quote.length))}`;
    if (bold.length <= LIMITS.embedDescription) return bold;
  }
  return safeText(passage, LIMITS.embedDescription);
}

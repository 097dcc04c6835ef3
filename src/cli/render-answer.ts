import { sourceLabel } from '../answer/source-ref.js';
import type { Answer, Quote } from '../answer/types.js';

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });
export const languageName = (code: string) => {
  try {
    return languageNames.of(code) ?? code;
  } catch {
    return code;
  }
};

function quoteText(quote: Quote): string {
  return `${quote.trimmedStart ? '…' : ''}${quote.text}${quote.trimmedEnd ? '…' : ''}`;
}

/** `“Title” — vtv.vn, 2025-10-25 — 000_….txt, Norwegian, page 2, paragraph 4 — URL` (title and label for articles that state an outlet or date). */
function attribution(quote: Quote): string {
  const { source } = quote;
  const label = sourceLabel(source);
  const where = `${source.articleId}, ${languageName(source.language)}, ${quote.page !== undefined ? `page ${quote.page}, ` : ''}paragraph ${quote.paragraph}`;
  return [label ? `“${source.title}” — ${label}` : null, where, source.url].filter(Boolean).join(' — ');
}

/** The answer as plain text for a terminal: answer line, values, numbered quotes with sources. */
export function renderAnswerText(answer: Answer): string {
  const lines: string[] = [];
  if (answer.status === 'abstained') {
    lines.push(`The corpus does not answer this. ${answer.abstention!.reason}`, answer.abstention!.corpusSummary);
  } else {
    if (answer.answerLine) lines.push(answer.answerLine);
    if (answer.values.length > 1) {
      for (const v of answer.values) lines.push(`  • ${v.value}: ${v.context ?? ''} [${v.citations.join('], [')}]`);
    }
    if (lines.length) lines.push('');
    for (const quote of answer.quotes) {
      lines.push(`[${quote.citation}] “${quoteText(quote)}”`, `    ${attribution(quote)}`);
    }
  }
  for (const notice of answer.notices) lines.push('', `Note: ${notice}`);
  return lines.join('\n');
}

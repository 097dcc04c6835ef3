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

function attribution(quote: Quote): string {
  const { source } = quote;
  return `${source.articleId}, ${languageName(source.language)}, paragraph ${quote.paragraph}${source.url ? ` — ${source.url}` : ''}`;
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

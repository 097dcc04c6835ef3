/** Article lists: every indexed article (`/sources`) and the articles one answer cites (button). */
import { sourceLabel } from '../../answer/source-ref.js';
import type { Answer, SourceRef } from '../../answer/types.js';
import type { ArticleSummary, IndexInfo } from '../../app/service-types.js';
import { modeLabel, plural } from './labels.js';
import { LIMITS } from './limits.js';
import { COLOURS, embedMessage, type BotMessage } from './message.js';
import { escapeText, joinLinesWithin, linkOrLabel, oneLine, safeText } from './text.js';

const MAX_TITLE = 150;

/** `• [Title](url) · nb · vtv.vn, 2025-10-25 · detail`, the title linked when the article has a URL. */
export function articleLine(source: SourceRef, detail: string): string {
  const title = linkOrLabel(safeText(oneLine(source.title), MAX_TITLE), source.url);
  const label = sourceLabel(source);
  return `• ${title} · ${escapeText(source.language)} · ${label ? `${safeText(label, MAX_TITLE)} · ` : ''}${detail}`;
}

const andMore = (hidden: number) => `…and ${hidden} more`;

export function renderIndexedArticles(articles: ArticleSummary[], info: IndexInfo): BotMessage {
  const lines = articles.map((article) => articleLine(article, plural(article.passages, 'passage')));
  return embedMessage({
    title: `Indexed articles (${articles.length})`,
    description: articles.length
      ? joinLinesWithin(lines, LIMITS.embedDescription, andMore)
      : 'The index is empty: put articles in the seeds folder and run /reindex.',
    color: COLOURS.info,
    fields: [
      { name: 'Mode', value: modeLabel(info.mode), inline: true },
      { name: 'Model', value: info.model ? safeText(info.model, 200) : 'none (keyword-only index)', inline: true },
      { name: 'Passages', value: String(info.passages), inline: true },
    ],
    footer: { text: `Index built ${info.builtAt}` },
  });
}

/** Every article an answer cites, with the citation numbers that quote it. */
export function renderCitedArticles(answer: Answer): BotMessage {
  const byArticle = new Map<string, { source: SourceRef; citations: number[] }>();
  for (const quote of answer.quotes) {
    const entry = byArticle.get(quote.source.articleId) ?? { source: quote.source, citations: [] };
    entry.citations.push(quote.citation);
    byArticle.set(quote.source.articleId, entry);
  }
  const lines = [...byArticle.values()].map(({ source, citations }) =>
    articleLine(source, citations.map((n) => `[${n}]`).join(' ')),
  );
  return embedMessage({
    title: `Sources cited (${byArticle.size})`,
    description: lines.length ? joinLinesWithin(lines, LIMITS.embedDescription, andMore) : 'This answer cites no article.',
    color: COLOURS.info,
    footer: { text: `answer ${answer.id}` },
  });
}

/** A hand-written ResearchService for tests that need control over answers (huge, slow, failing). */
import type { Answer } from '../../src/answer/types.js';
import type { ArticleSummary, IndexReport, PassageView, ResearchService } from '../../src/app/service-types.js';
import { makeAbstention, makeAnswer, makeHugeAnswer, VIETNAMNET_SOURCE, VTV_SOURCE } from './fixtures.js';

export interface StubService extends ResearchService {
  asked: string[];
  /** Replaces how questions are answered. */
  answerWith(ask: (question: string) => Promise<Answer>): void;
}

let counter = 0;

/** Answers questions about how many countries signed; asks containing HUGE get an oversized answer; others abstain. */
function defaultAsk(question: string): Promise<Answer> {
  const id = `stub${++counter}`;
  if (question.includes('HUGE')) return Promise.resolve(makeHugeAnswer(id));
  if (/land|countries|72/i.test(question)) return Promise.resolve(makeAnswer({ id, question }));
  return Promise.resolve(makeAbstention(question, id));
}

export function createStubService(): StubService {
  let ask = defaultAsk;
  const asked: string[] = [];
  const articles: ArticleSummary[] = [
    { ...VTV_SOURCE, passages: 18 },
    { ...VIETNAMNET_SOURCE, passages: 12 },
  ];
  return {
    asked,
    answerWith(next) {
      ask = next;
    },
    ask(question) {
      asked.push(question);
      return ask(question);
    },
    async passage(passageId): Promise<PassageView | undefined> {
      const quote = makeAnswer().quotes.find((q) => q.passageId === passageId);
      if (!quote) return undefined;
      return { passageId, source: quote.source, paragraph: 4, paragraphCount: 18, text: `Innledning. ${quote.text} Avslutning.` };
    },
    articles: () => articles,
    info: () => ({ mode: 'lexical', model: null, articles: articles.length, passages: 30, builtAt: '2026-01-01T00:00:00.000Z' }),
    reindex: async (): Promise<IndexReport> => ({
      articles: 2, passages: 30, added: [], changed: [VTV_SOURCE.articleId], removed: [], unchanged: 1,
      mode: 'lexical', model: null, seconds: 0.2, warnings: [],
    }),
    add: async () => ({ added: [], refused: [], report: null }),
    close: async () => undefined,
  };
}

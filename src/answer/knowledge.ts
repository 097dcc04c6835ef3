import type { Article, Passage } from '../corpus/types.js';
import { splitSentences } from '../corpus/sentences.js';
import { LexicalIndex } from './lexical-index.js';
import { tokenize, type Token } from '../corpus/text/analyzer.js';

/** A sentence of a passage, analysed once at load time. */
export interface SentenceEntry {
  text: string;
  /** Offset in the article's raw text. */
  start: number;
  tokens: Token[];
  terms: Set<string>;
}

export interface PassageEntry {
  passage: Passage;
  article: Article;
  sentences: SentenceEntry[];
}

/** The corpus as the answering code reads it: passages, their sentences and the keyword index. */
export interface KnowledgeBase {
  articles: Map<string, Article>;
  passages: Map<string, PassageEntry>;
  languages: string[];
  lexical: LexicalIndex;
  /** Every index term, for matching parts of compound words. */
  vocabulary: string[];
}

function analyzeSentences(passage: Passage, article: Article): SentenceEntry[] {
  return splitSentences(passage.text, article.language).map((s) => {
    const tokens = tokenize(s.text, article.language);
    return { text: s.text, start: passage.start + s.start, tokens, terms: new Set(tokens.map((t) => t.term)) };
  });
}

export function buildKnowledgeBase(articles: Article[], passages: Passage[]): KnowledgeBase {
  const byId = new Map(articles.map((a) => [a.id, a]));
  const entries = new Map<string, PassageEntry>();
  for (const passage of passages) {
    const article = byId.get(passage.articleId);
    if (article) entries.set(passage.id, { passage, article, sentences: analyzeSentences(passage, article) });
  }
  const documents = [...entries.values()].map((e) => ({ id: e.passage.id, terms: e.sentences.flatMap((s) => s.tokens.map((t) => t.term)) }));
  const vocabulary = [...new Set(documents.flatMap((d) => d.terms))];
  const languages = [...new Set(articles.map((a) => a.language).filter((l) => l !== 'und'))];
  return { articles: byId, passages: entries, languages, lexical: new LexicalIndex(documents), vocabulary };
}

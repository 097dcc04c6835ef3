/**
 * The contract suite's corpus and its oracle: the seed articles analysed as the indexer does
 * (tokenize's terms, figures as value keys, deterministic vectors), and the answers every store
 * must give, computed here by brute force from the same data.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArticle, splitIntoPassages, type Article } from '../../../src/corpus/index.js';
import { splitSentences } from '../../../src/corpus/sentences.js';
import { tokenize } from '../../../src/corpus/text/analyzer.js';
import { estimateTokens } from '../../../src/embed/token-counter.js';
import type { IndexChange, IndexedPassage, TermForms } from '../../../src/store/seam.js';
import { REPO_SEEDS } from '../../support/workspace.js';

/** A multiple of 8, so stores with a SIMD path take it. */
export const DIMENSIONS = 16;

export interface CorpusArticle {
  article: Article;
  passages: IndexedPassage[];
}

/** The oracle's own cosine (not the product's: an oracle must not share the code it checks). */
export function cosineOf(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}

/** Deterministic vectors from a passage id, not unit length (so cosine differs from the dot product). */
export function vectorFor(id: string, dims = DIMENSIONS): Float32Array {
  let seed = [...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  return Float32Array.from({ length: dims }, () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return (seed / 2 ** 32 - 0.5) * 3;
  });
}

export function analyse(article: Article, hybrid: boolean): CorpusArticle {
  const passages = splitIntoPassages(article, { countTokens: estimateTokens, maxTokens: 256 });
  return {
    article,
    passages: passages.map((passage) => {
      const tokens = tokenize(passage.text, article.language);
      return {
        passage,
        terms: tokens.map((t) => t.term),
        valueKeys: [...new Set(tokens.filter((t) => t.isNumber).map((t) => t.term))],
        vector: hybrid ? vectorFor(passage.id) : null,
        sentenceVectors: hybrid ? splitSentences(passage.text, article.language).map((_, i) => vectorFor(`${passage.id}/${i}`)) : null,
      };
    }),
  };
}

export function seedArticles(): Article[] {
  return fs
    .readdirSync(REPO_SEEDS)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => parseArticle(f, fs.readFileSync(path.join(REPO_SEEDS, f), 'utf8')));
}

/** The same article with a sentence changed, so its passages (and ids) change. */
export function edited(article: Article, marker: string): Article {
  const raw = `${article.raw.trimEnd().split('\n').slice(0, -1).join('\n')}\n\nEin neuer Absatz ${marker} mit 4711 Delegierten aus Kvarnby.\n\n${article.raw.trimEnd().split('\n').at(-1)}\n`;
  return parseArticle(article.id, raw);
}

export function changeOf(corpus: CorpusArticle[], options: { hybrid: boolean; remove?: string[]; rebuild?: boolean; all?: CorpusArticle[] }): IndexChange {
  const all = options.all ?? corpus;
  return {
    manifest: {
      format: 1,
      builtAt: new Date().toISOString(),
      mode: options.hybrid ? 'hybrid' : 'lexical',
      lexicalReason: options.hybrid ? null : 'test',
      settingsFingerprint: 'contract',
      chunkerVersion: 1,
      maxPassageTokens: 256,
      tokenCounter: 'estimate',
      model: options.hybrid ? { id: 'contract-vectors', dimensions: DIMENSIONS, dtype: 'fp32', prefixScheme: 'none' } : null,
      articles: Object.fromEntries(all.map((a) => [a.article.id, { hash: a.article.id, passages: a.passages.length }])),
    },
    upsert: corpus,
    remove: options.remove ?? [],
    rebuild: options.rebuild ?? false,
  };
}

/** BM25 as the product defines it, by brute force over the corpus. */
export class Oracle {
  readonly passages: IndexedPassage[];
  readonly df = new Map<string, number>();
  readonly averageLength: number;

  constructor(readonly corpus: CorpusArticle[]) {
    this.passages = corpus.flatMap((a) => a.passages);
    for (const p of this.passages) for (const t of new Set(p.terms)) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    this.averageLength = this.passages.reduce((s, p) => s + p.terms.length, 0) / Math.max(1, this.passages.length);
  }

  idf(df: number): number {
    const n = this.passages.length;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Every passage's score (passages that match nothing left out). */
  scores(query: readonly TermForms[]): Map<string, number> {
    const out = new Map<string, number>();
    for (const p of this.passages) {
      let total = 0;
      for (const forms of query) {
        let best = 0;
        for (const [form, strength] of forms) {
          const tf = p.terms.filter((t) => t === form).length;
          if (tf === 0) continue;
          const norm = tf + 1.2 * (1 - 0.75 + (0.75 * p.terms.length) / this.averageLength);
          best = Math.max(best, (strength * this.idf(this.df.get(form)!) * tf * 2.2) / norm);
        }
        total += best;
      }
      if (total > 0) out.set(p.passage.id, total);
    }
    return out;
  }

  termsWith(match: (term: string) => boolean, limit: number): string[] {
    return [...this.df]
      .filter(([t]) => match(t))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, limit)
      .map(([t]) => t);
  }

  /** Passage ids stating each key, and the articles they belong to. */
  statementsOf(key: string): IndexedPassage[] {
    return this.passages.filter((p) => p.valueKeys.includes(key));
  }

  cosineTop(vector: Float32Array, k: number): Array<{ passageId: string; score: number }> {
    const cos = cosineOf;
    return this.passages
      .map((p) => ({ passageId: p.passage.id, score: cos(vector, p.vector!) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, k);
  }
}

/** Query terms drawn from the corpus: common and rare words, several forms with strengths below 1. */
export function queriesFrom(oracle: Oracle): TermForms[][] {
  const byDf = [...oracle.df].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([t]) => t);
  const common = byDf.slice(0, 40);
  const rare = byDf.filter((t) => oracle.df.get(t) === 1).slice(0, 40);
  const middle = byDf.slice(Math.floor(byDf.length / 3), Math.floor(byDf.length / 3) + 40);
  const queries: TermForms[][] = [];
  for (let i = 0; i < 12; i++) {
    queries.push([
      new Map([[common[i % common.length]!, 1]]),
      new Map([
        [middle[i % middle.length]!, 1],
        [rare[(i * 3) % rare.length]!, 0.8],
      ]),
      new Map([
        [rare[(i * 7 + 1) % rare.length]!, 0.7],
        ['no-such-term-anywhere', 1],
      ]),
    ]);
  }
  // Passages' own words as queries (how the answer looks for other statements of a sentence):
  // common words beside rare ones, where the search need not read every common word's postings.
  for (const p of oracle.passages.filter((_, i) => i % 10 === 0)) queries.push([...new Set(p.terms)].map((t) => new Map([[t, 1]])));
  // One word matched two ways in the same passage counts once, with its best form.
  const passage = oracle.passages[3]!;
  queries.push([new Map([[passage.terms[0]!, 1], [passage.terms[1]!, 0.5]])]);
  return queries;
}

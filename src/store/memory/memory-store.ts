/**
 * The seam's read side held in memory: the reference implementation the contract suite checks
 * the other stores against, and the store for tests and small corpora built on the fly.
 */
import type { Article } from '../../corpus/types.js';
import type {
  ArticleRecord,
  DocumentStore,
  IndexedPassage,
  KeywordHit,
  KeywordStats,
  KeywordStore,
  PassageRecord,
  TermForms,
  ValueStatement,
  VectorHit,
  VectorStore,
} from '../seam.js';
import { cosine } from '../../embed/similarity.js';
import { bm25Idf, bm25TermScore } from '../../corpus/text/bm25.js';


export class MemoryKeywordStore implements KeywordStore {
  private readonly postings = new Map<string, Map<number, number>>();
  private readonly lengths: number[];
  private readonly averageLength: number;
  private readonly sortedTerms: string[];
  private readonly reversedTerms: string[];

  constructor(private readonly documents: Array<{ passageId: string; terms: string[] }>) {
    this.lengths = documents.map((d) => d.terms.length);
    this.averageLength = this.lengths.reduce((a, b) => a + b, 0) / Math.max(1, documents.length);
    documents.forEach((document, index) => {
      for (const term of document.terms) {
        let posting = this.postings.get(term);
        if (!posting) this.postings.set(term, (posting = new Map()));
        posting.set(index, (posting.get(index) ?? 0) + 1);
      }
    });
    this.sortedTerms = [...this.postings.keys()].sort();
    this.reversedTerms = this.sortedTerms.map(reverse).sort();
  }

  async stats(): Promise<KeywordStats> {
    return { documents: this.documents.length, averageLength: this.averageLength };
  }

  async documentFrequencies(terms: readonly string[]): Promise<Map<string, number>> {
    return new Map(terms.map((t) => [t, this.postings.get(t)?.size ?? 0]));
  }

  async termsWithPrefix(prefix: string, limit: number): Promise<string[]> {
    return this.byFrequency(rangeOf(this.sortedTerms, prefix), limit);
  }

  async termsWithSuffix(suffix: string, limit: number): Promise<string[]> {
    return this.byFrequency(rangeOf(this.reversedTerms, reverse(suffix)).map(reverse), limit);
  }

  private byFrequency(terms: string[], limit: number): string[] {
    return terms
      .map((t) => [t, this.postings.get(t)?.size ?? 0] as const)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, limit)
      .map(([t]) => t);
  }

  async search(query: readonly TermForms[], topK: number): Promise<KeywordHit[]> {
    const scores = new Map<number, number>();
    const n = this.documents.length;
    for (const forms of query) {
      const best = new Map<number, number>();
      for (const [form, strength] of forms) {
        const posting = this.postings.get(form);
        if (!posting) continue;
        const idf = bm25Idf(n, posting.size);
        for (const [doc, tf] of posting) {
          const score = bm25TermScore(tf, this.lengths[doc]!, this.averageLength, idf, strength);
          if (score > (best.get(doc) ?? 0)) best.set(doc, score);
        }
      }
      for (const [doc, score] of best) scores.set(doc, (scores.get(doc) ?? 0) + score);
    }
    return [...scores]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, topK)
      .map(([doc, score]) => ({ passageId: this.documents[doc]!.passageId, score }));
  }
}

const reverse = (s: string) => [...s].reverse().join('');

/** The sorted terms that start with `prefix`: a binary search for the range. */
function rangeOf(sorted: string[], prefix: string): string[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix); i++) out.push(sorted[i]!);
  return out;
}

export class MemoryVectorStore implements VectorStore {
  readonly dimensions: number;
  constructor(private readonly items: Array<{ passageId: string; vector: Float32Array; sentenceVectors: Float32Array[] | null }>) {
    this.dimensions = items[0]?.vector.length ?? 0;
  }

  async count(): Promise<number> {
    return this.items.length;
  }

  async query(vector: Float32Array, topK: number): Promise<VectorHit[]> {
    return this.items
      .map((item) => ({ passageId: item.passageId, score: cosine(vector, item.vector) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, topK);
  }

  async vectorsOf(passageIds: readonly string[]): Promise<Map<string, Float32Array>> {
    const wanted = new Set(passageIds);
    return new Map(this.items.filter((i) => wanted.has(i.passageId)).map((i) => [i.passageId, i.vector]));
  }

  async sample(n: number): Promise<Float32Array[]> {
    const step = Math.max(1, this.items.length / n);
    return Array.from({ length: Math.min(n, this.items.length) }, (_, i) => this.items[Math.floor(i * step)]!.vector);
  }

  async sentenceVectorsOf(passageIds: readonly string[]): Promise<Map<string, Float32Array[]>> {
    const wanted = new Set(passageIds);
    return new Map(this.items.filter((i) => wanted.has(i.passageId) && i.sentenceVectors).map((i) => [i.passageId, i.sentenceVectors!]));
  }
}

export function articleRecord(article: Article, passageCount: number): ArticleRecord {
  return { id: article.id, language: article.language, sourceUrl: article.sourceUrl, title: article.title, paragraphCount: article.paragraphs.length, passageCount, metadata: article.metadata ?? {} };
}

export class MemoryDocumentStore implements DocumentStore {
  private readonly records = new Map<string, PassageRecord>();
  private readonly byArticle = new Map<string, PassageRecord[]>();
  private readonly articleList: ArticleRecord[];
  private readonly statementsByKey = new Map<string, ValueStatement[]>();

  constructor(articles: Article[], passages: IndexedPassage[]) {
    const counts = new Map<string, number>();
    for (const p of passages) counts.set(p.passage.articleId, (counts.get(p.passage.articleId) ?? 0) + 1);
    this.articleList = articles.map((a) => articleRecord(a, counts.get(a.id) ?? 0));
    const byId = new Map(this.articleList.map((a) => [a.id, a]));
    for (const { passage, valueKeys } of passages) {
      const article = byId.get(passage.articleId);
      if (!article) continue;
      const record = { ...passage, article };
      this.records.set(passage.id, record);
      const own = this.byArticle.get(passage.articleId) ?? [];
      own.push(record);
      this.byArticle.set(passage.articleId, own);
      for (const key of valueKeys) {
        const list = this.statementsByKey.get(key) ?? [];
        list.push({ key, passageId: passage.id, articleId: passage.articleId });
        this.statementsByKey.set(key, list);
      }
    }
    // Each article's passages in text order, once, for every `passagesOf`.
    for (const own of this.byArticle.values()) own.sort((a, b) => a.start - b.start);
  }

  async articles(): Promise<ArticleRecord[]> {
    return this.articleList;
  }

  async passages(ids: readonly string[]): Promise<PassageRecord[]> {
    return ids.flatMap((id) => {
      const record = this.records.get(id);
      return record ? [record] : [];
    });
  }

  async passagesOf(articleIds: readonly string[]): Promise<PassageRecord[]> {
    return articleIds.flatMap((id) => this.byArticle.get(id) ?? []);
  }

  async statements(keys: readonly string[], perKey: number): Promise<ValueStatement[]> {
    return keys.flatMap((key) => {
      const all = this.statementsByKey.get(key) ?? [];
      // One per article first, so support counts every article before repeating one.
      const seen = new Set<string>();
      const firsts = all.filter((s) => !seen.has(s.articleId) && seen.add(s.articleId));
      const rest = all.filter((s) => !firsts.includes(s));
      return [...firsts, ...rest].slice(0, perKey);
    });
  }
}

/** The three read stores over one corpus held in memory. */
export function memorySnapshotStores(articles: Article[], passages: IndexedPassage[]) {
  const vectors = passages.every((p) => p.vector) && passages.length > 0 ? new MemoryVectorStore(passages.map((p) => ({ passageId: p.passage.id, vector: p.vector!, sentenceVectors: p.sentenceVectors }))) : null;
  return {
    documents: new MemoryDocumentStore(articles, passages),
    keyword: new MemoryKeywordStore(passages.map((p) => ({ passageId: p.passage.id, terms: p.terms }))),
    vectors,
  };
}

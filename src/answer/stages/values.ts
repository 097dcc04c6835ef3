import type { ValueSpan } from '../../corpus/text/spans.js';
import type { DocumentStore, KeywordStore } from '../../store/seam.js';
import type { AnswerKindSpec } from '../kinds/types.js';
import type { Tuning } from '../tuning.js';
import { readSentences, type SentenceCandidate } from './sentences.js';
import { coverage, type MatchableTerm } from './term-forms.js';
import { bm25Idf } from '../../store/memory/memory-store.js';

/** A value of the asked kind stated in a sentence. */
export interface Mention {
  span: ValueSpan;
  /** As written in the sentence, qualifier and unit included ("nearly 70", "83,5 millioner"). */
  written: string;
  sentence: SentenceCandidate;
  /** How closely the question's words surround it, in [0, 1]. */
  closeness: number;
  score: number;
}

/** One value with the mentions and articles that state it. */
export interface ValueGroup {
  key: string;
  mentions: Mention[];
  /** Every article that states it (mentions, aligned statements and the value index). */
  articleIds: string[];
}

const spansOf = (kind: AnswerKindSpec, s: SentenceCandidate) => kind.spans({ text: s.text, tokens: s.tokens, language: s.passage.article.language });

/**
 * How near the question's words stand to a span, in [0, 1]: each word the sentence matches
 * counts by its weight, fully when next to the span and less with every word between.
 */
function closenessOf(span: ValueSpan, sentence: SentenceCandidate, terms: MatchableTerm[], tuning: Tuning): number {
  let near = 0;
  let present = 0;
  for (const term of terms) {
    let best = 0;
    let found = 0;
    sentence.tokens.forEach((token, i) => {
      if (i >= span.first && i <= span.last) return;
      const strength = term.forms.get(token.term) ?? 0;
      if (strength === 0) return;
      found = Math.max(found, strength);
      const distance = i < span.first ? span.first - i : i - span.last;
      if (distance <= tuning.valueWindow) best = Math.max(best, strength / (1 + (distance - 1) / 3));
    });
    near += term.weight * best;
    present += term.weight * found;
  }
  return present === 0 ? 0 : near / present;
}

/** Whether the span only repeats words of the question (the asked-about name is not the answer). */
function repeatsQuestion(span: ValueSpan, sentence: SentenceCandidate, terms: MatchableTerm[]): boolean {
  return sentence.tokens.slice(span.first, span.last + 1).every((t) => terms.some((q) => (q.forms.get(t.term) ?? 0) >= 1));
}

function mentionsIn(kind: AnswerKindSpec, sentence: SentenceCandidate, terms: MatchableTerm[], tuning: Tuning, bestScore: number): Mention[] {
  const spans = spansOf(kind, sentence).filter((span) => !repeatsQuestion(span, sentence, terms));
  return spans.map((span) => {
    const lexical = closenessOf(span, sentence, terms, tuning);
    // Across languages the question's words are not in the sentence: a sentence the model finds
    // close, stating one value of the kind, states the answer.
    const semantic = (sentence.scores.dense ?? 0) / spans.length;
    const closeness = Math.max(lexical, semantic);
    const relative = bestScore > 0 ? sentence.scores.total! / bestScore : 0;
    return { span, written: sentence.text.slice(span.start, span.end), sentence, closeness, score: closeness * 0.5 + relative * 0.4 + kind.specificity(span) * 0.1 };
  });
}

/** The question's value in a sentence that says the same as the best statement: the span standing where the best one stands among shared words. */
function alignedSpan(kind: AnswerKindSpec, sentence: SentenceCandidate, anchorTerms: MatchableTerm[], tuning: Tuning): ValueSpan | null {
  const spans = spansOf(kind, sentence);
  let best: { span: ValueSpan; closeness: number } | null = null;
  for (const span of spans) {
    const closeness = spans.length === 1 ? 1 : closenessOf(span, sentence, anchorTerms, tuning);
    if (!best || closeness > best.closeness) best = { span, closeness };
  }
  return best && best.closeness > 0 ? best.span : null;
}

export interface ValueInput {
  kind: AnswerKindSpec;
  sentences: SentenceCandidate[];
  terms: MatchableTerm[];
  documents: DocumentStore;
  keyword: KeywordStore;
  tuning: Tuning;
  /** Similarity of two sentences by meaning, when a model is loaded. */
  similarity: ((a: SentenceCandidate, b: SentenceCandidate[]) => Promise<number[]>) | null;
}

/**
 * Stage: the values the evidence states for the question, best first: one group when the
 * articles agree, several when they give different values for the same thing. Disagreements are
 * found by what the best statement says (its words and figures, or its meaning with a model),
 * not by the question's wording; support by the value index. Empty when no value stands close
 * enough to what was asked.
 */
export async function findValues(input: ValueInput): Promise<ValueGroup[]> {
  const { kind, sentences, terms, tuning } = input;
  const bestScore = sentences[0]?.scores.total ?? 0;
  const read = sentences.filter((s) => s.scores.total! >= bestScore * tuning.evidenceShare);
  const mentions = read
    .flatMap((s) => mentionsIn(kind, s, terms, tuning, bestScore))
    .filter((m) => m.closeness >= tuning.minValueCloseness)
    .sort((a, b) => b.score - a.score);
  const top = mentions[0];
  if (!top) return [];

  // Each article's own best value competes when it scores close to the overall best.
  const perArticle = new Map<string, Mention>();
  for (const m of mentions) if (!perArticle.has(m.sentence.passage.articleId)) perArticle.set(m.sentence.passage.articleId, m);
  const chosen: Mention[] = [top, ...[...perArticle.values()].filter((m) => m !== top && m.score >= top.score * tuning.competeShare)];
  chosen.push(...(await alignedStatements(input, top, new Set(perArticle.keys()))));

  const groups = new Map<string, Mention[]>();
  for (const m of [...chosen, ...mentions.filter((m) => m.span.key === top.span.key)]) {
    const list = groups.get(m.span.key) ?? [];
    if (!list.some((x) => x.sentence === m.sentence)) list.push(m);
    groups.set(m.span.key, list);
  }
  return Promise.all([...groups].map(([key, list]) => withSupport(input, key, list)));
}

/** Statements in other articles that say what the best statement says: the same value (support) or another (a disagreement). */
async function alignedStatements(input: ValueInput, top: Mention, covered: Set<string>): Promise<Mention[]> {
  const { kind, keyword, documents, tuning } = input;
  const best = top.sentence;
  // The best statement's own words, less the value, as a query: what the other articles would say it with.
  const valueTokens = new Set(best.tokens.slice(top.span.first, top.span.last + 1).map((t) => t.term));
  const words = [...new Set(best.tokens.map((t) => t.term))].filter((t) => !valueTokens.has(t));
  if (words.length === 0) return [];
  const [df, stats] = await Promise.all([keyword.documentFrequencies(words), keyword.stats()]);
  const anchors: MatchableTerm[] = words
    .filter((w) => (df.get(w) ?? 0) > 0)
    .map((w) => ({ term: { surface: w, variants: [w], isNumber: false }, forms: new Map([[w, 1]]), weight: bm25Idf(stats.documents, df.get(w) ?? 0), inCorpus: true }));
  const queryTerms = [...anchors, ...input.terms];
  const hits = await keyword.search(queryTerms.map((t) => t.forms), tuning.retrievalDepth);
  const others = hits.filter((h) => h.passageId !== best.passage.id);
  const sentences = (await readSentences(documents, others.map((h) => ({ passageId: h.passageId, scores: { bm25: h.score } })), tuning.passagesRead)).filter(
    (s) => s.passage.articleId !== best.passage.articleId && !covered.has(s.passage.articleId),
  );
  if (sentences.length === 0) return [];
  const lexical = sentences.map((s) => coverage(anchors, s.terms) * 0.7 + coverage(input.terms, s.terms) * 0.3);
  const semantic = input.similarity ? await input.similarity(best, sentences) : null;
  const similarity = sentences.map((_, i) => Math.max(lexical[i]!, semantic?.[i] ?? 0));
  const perArticle = new Map<string, { sentence: SentenceCandidate; similarity: number }>();
  sentences.forEach((s, i) => {
    const current = perArticle.get(s.passage.articleId);
    if (similarity[i]! > (current?.similarity ?? 0)) perArticle.set(s.passage.articleId, { sentence: s, similarity: similarity[i]! });
  });
  const found: Mention[] = [];
  for (const { sentence, similarity: sim } of perArticle.values()) {
    if (sim < tuning.minStatementSimilarity) continue;
    const span = alignedSpan(kind, sentence, anchors, tuning);
    if (!span) continue;
    found.push({ span, written: sentence.text.slice(span.start, span.end), sentence, closeness: top.closeness, score: top.score * sim });
  }
  return found;
}

/** A value's group with every article that states it: its mentions, then the value index. */
async function withSupport(input: ValueInput, key: string, mentions: Mention[]): Promise<ValueGroup> {
  const articleIds = new Set(mentions.map((m) => m.sentence.passage.articleId));
  const indexKey = input.kind.indexKey(mentions[0]!.span);
  if (indexKey) {
    for (const statement of await input.documents.statements([indexKey], input.tuning.statementsPerValue)) articleIds.add(statement.articleId);
  }
  return { key, mentions, articleIds: [...articleIds] };
}


import type { ValueSpan } from '../../corpus/text/spans.js';
import type { DocumentStore, KeywordStore } from '../../store/seam.js';
import type { AnswerKindSpec } from '../kinds/types.js';
import type { Tuning } from '../tuning.js';
import { readSentences, spansOf, type SentenceCandidate } from './sentences.js';
import { bm25Idf } from '../../corpus/text/bm25.js';
import { isStopword, isUnspaced } from '../../corpus/text/analyzer.js';
import { coverage, type MatchableTerm } from './term-forms.js';

/** A value of the asked kind stated in a sentence. */
export interface Mention {
  span: ValueSpan;
  /** As written in the sentence, qualifier and unit included ("nearly 70", "83,5 millioner"). */
  written: string;
  sentence: SentenceCandidate;
  /** How closely the question's words surround it, in [0, 1]. */
  closeness: number;
  /** The part of `closeness` the question's own words give (0 across languages). */
  lexical: number;
  /** Its sentence's score relative to the best sentence's. */
  relative: number;
  score: number;
}

const mentionScore = (kind: AnswerKindSpec, span: ValueSpan, closeness: number, relative: number) => closeness * relative * 0.9 + kind.specificity(span) * 0.1;

/** One value with the mentions and articles that state it. */
export interface ValueGroup {
  key: string;
  mentions: Mention[];
  /** Every article that states it (mentions, aligned statements and the value index). */
  articleIds: string[];
}

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
      const strength = term.forms.get(token.term) ?? 0;
      if (strength === 0) return;
      found = Math.max(found, strength);
      // The question's word is the value's own unit or scale ("how many *million euros*").
      if (i >= span.first && i <= span.last) {
        best = Math.max(best, strength);
        return;
      }
      const distance = i < span.first ? span.first - i : i - span.last;
      if (distance <= tuning.valueWindow) best = Math.max(best, strength / (1 + (distance - 1) / 3));
    });
    const weight = term.weight * (term.term.focus ? tuning.focusWeight : 1);
    near += weight * best;
    present += weight * found;
  }
  return present === 0 ? 0 : near / present;
}

/**
 * The span less the question's own words at its start ("Sicherheit Luong Tam Quang" for a question
 * about "öffentliche Sicherheit"); null when nothing else is left (the asked-about name is not the answer).
 */
function withoutQuestionWords(span: ValueSpan, sentence: SentenceCandidate, terms: MatchableTerm[]): ValueSpan | null {
  const isQuestionWord = (i: number) => !sentence.tokens[i]!.isNumber && terms.some((q) => (q.forms.get(sentence.tokens[i]!.term) ?? 0) >= 1);
  let first = span.first;
  while (first <= span.last && isQuestionWord(first)) first++;
  if (first > span.last) return null;
  if (first === span.first) return span;
  const words = sentence.tokens.slice(first, span.last + 1);
  if (span.key.includes(' ') && words.length < 2) return null;
  return { ...span, first, start: sentence.tokens[first]!.start };
}

function mentionsIn(kind: AnswerKindSpec, sentence: SentenceCandidate, terms: MatchableTerm[], tuning: Tuning, bestScore: number): Mention[] {
  const spans = spansOf(kind, sentence)
    .map((span) => withoutQuestionWords(span, sentence, terms))
    .filter((span): span is ValueSpan => span !== null);
  return spans.map((span) => {
    const lexical = closenessOf(span, sentence, terms, tuning);
    // Across languages the question's words are not in the sentence: a sentence the model finds
    // close, stating one value of the kind, states the answer.
    const semantic = (sentence.scores.dense ?? 0) / spans.length;
    const closeness = Math.max(lexical, semantic);
    // Closeness counts only the question's words the sentence has: weigh it by how well the sentence answers.
    const relative = bestScore > 0 ? sentence.scores.total! / bestScore : 0;
    return { span, written: sentence.text.slice(span.start, span.end), sentence, closeness, lexical, relative, score: mentionScore(kind, span, closeness, relative) };
  });
}

/** The words around a value (the value window each side), as the sentence writes them. */
function phraseAround(span: ValueSpan, sentence: SentenceCandidate, window: number): string {
  const { tokens, text } = sentence;
  const first = tokens[Math.max(0, span.first - window)]!;
  const last = tokens[Math.min(tokens.length - 1, span.last + window)]!;
  return text.slice(first.start, last.end);
}

/**
 * With a model, where the question's words are not in a sentence (another language) and it states
 * several values of the kind: which of them answers, by how close the words around each stand to
 * the question in meaning ("31 Stimmen dafür" against "412 Millionen Euro" for "Kura ngapi za
 * ndiyo?"). Only when no sentence's words tell, and only for the best such sentence: a bounded
 * number of short phrases embedded per answer.
 */
async function closenessByMeaning(input: ValueInput, mentions: Mention[]): Promise<void> {
  if (!input.phraseRelevance || mentions.some((m) => m.lexical >= input.tuning.minValueCloseness)) return;
  const bySentence = new Map<SentenceCandidate, Mention[]>();
  for (const m of mentions) bySentence.set(m.sentence, [...(bySentence.get(m.sentence) ?? []), m]);
  const [list] = [...bySentence.values()]
    .filter((values) => values.length > 1 && values.length <= input.tuning.phrasesEmbedded)
    .sort((a, b) => b[0]!.relative - a[0]!.relative);
  if (!list) return;
  const closeness = await input.phraseRelevance(list.map((m) => phraseAround(m.span, m.sentence, input.tuning.phraseWindow)));
  // The sentence's relevance goes to the phrase closest in meaning, the others in proportion.
  const best = Math.max(...closeness.map((c) => c.cosine));
  list.forEach((m, i) => {
    m.closeness = best > 0 ? closeness[i]!.relevance * Math.max(0, closeness[i]!.cosine / best) : 0;
    m.score = mentionScore(input.kind, m.span, m.closeness, m.relative);
  });
}

/**
 * The question's value in a sentence that says the same as the best statement. Reports of one
 * event often state the same figures in the same order: when both sentences state a value the
 * other also states (an anchor, not the answer), the span standing where the answer stands
 * relative to it is this sentence's value, the same or a different one. Otherwise the span the
 * shared words stand closest to.
 */
function alignedSpan(kind: AnswerKindSpec, sentence: SentenceCandidate, top: Mention, questionTerms: MatchableTerm[] | null, tuning: Tuning): ValueSpan | null {
  const spans = spansOf(kind, sentence);
  const bestSpans = spansOf(kind, top.sentence);
  const answerAt = bestSpans.findIndex((s) => s.start === top.span.start);
  for (const [i, anchor] of bestSpans.entries()) {
    if (i === answerAt || anchor.key === top.span.key) continue;
    const at = spans.findIndex((s) => s.key === anchor.key);
    // Lists of figures diverge between reports: only the answer's immediate neighbour anchors it.
    if (at < 0 || answerAt < 0 || Math.abs(answerAt - i) !== 1) continue;
    const target = spans[at + (answerAt - i)];
    if (target && target.key !== anchor.key) return target;
  }
  // Without an anchor, the span the question's own words stand closest to (when the sentence says the same by its words or meaning).
  if (!questionTerms) return null;
  let best: { span: ValueSpan; closeness: number } | null = null;
  for (const span of spans) {
    const closeness = closenessOf(span, sentence, questionTerms, tuning);
    if (!best || closeness > best.closeness) best = { span, closeness };
  }
  return best && best.closeness > 0 ? best.span : null;
}

/**
 * Whether two sentences state common values other than the answer: one distinctive value (a
 * figure, full date or name that recurs only by being the same fact), or two of any kind ("31
 * votes in favour and 8 against").
 */
function sharesAnchor(kind: AnswerKindSpec, a: SentenceCandidate, b: SentenceCandidate, answerKey: string): boolean {
  const own = spansOf(kind, a).filter((s) => s.key !== answerKey);
  const theirs = new Set(spansOf(kind, b).map((s) => s.key));
  const shared = own.filter((s) => theirs.has(s.key));
  return shared.some((s) => kind.indexKey(s) !== null) || new Set(shared.map((s) => s.key)).size >= 2;
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
  /** Closeness in meaning of short phrases to the question (cosine and dense relevance), when a model is loaded. */
  phraseRelevance: ((phrases: string[]) => Promise<Array<{ cosine: number; relevance: number }>>) | null;
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
  const all = read.flatMap((s) => mentionsIn(kind, s, terms, tuning, bestScore));
  await closenessByMeaning(input, all);
  const mentions = all.filter((m) => m.closeness >= tuning.minValueCloseness).sort((a, b) => b.score - a.score);
  const top = mentions[0];
  if (!top) return [];

  // Each article's own best value competes when it scores close to the overall best.
  const perArticle = new Map<string, Mention>();
  for (const m of mentions) if (!perArticle.has(m.sentence.passage.articleId)) perArticle.set(m.sentence.passage.articleId, m);
  const chosen: Mention[] = [top, ...[...perArticle.values()].filter((m) => m !== top && m.score >= top.score * tuning.competeShare)];
  // Articles whose own best value did not compete are still read for a statement aligned with the best one:
  // their best value may be another figure (retrieval by meaning reads sentences whose words differ from the question's).
  chosen.push(...(await alignedStatements(input, top, new Set(chosen.map((m) => m.sentence.passage.articleId)))));

  const groups = new Map<string, Mention[]>();
  const same = kind.sameValue ?? ((a: string, b: string) => a === b);
  for (const m of [...chosen, ...mentions.filter((m) => m.span.key === top.span.key)]) {
    const key = [...groups.keys()].find((k) => same(k, m.span.key)) ?? m.span.key;
    const list = groups.get(key) ?? [];
    if (!list.some((x) => x.sentence === m.sentence)) list.push(m);
    groups.set(key, list);
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
  // The search leaves stopwords out, as the question's search does: they tell passages apart little,
  // and in a large corpus each has a posting in most passages. Sentences are still compared on every word.
  const contentWords = new Set(best.tokens.filter((t) => t.isNumber || isUnspaced(t.surface) || !isStopword(t.surface, [best.passage.article.language])).map((t) => t.term));
  const [df, stats] = await Promise.all([keyword.documentFrequencies(words), keyword.stats()]);
  const anchors: MatchableTerm[] = words
    .filter((w) => (df.get(w) ?? 0) > 0)
    .map((w) => ({ term: { surface: w, variants: [w], isNumber: false, focus: false }, forms: new Map([[w, 1]]), weight: bm25Idf(stats.documents, df.get(w) ?? 0), inCorpus: true }));
  const queryTerms = [...anchors.filter((a) => contentWords.has(a.term.surface)), ...input.terms];
  // Only the first passagesRead are read, so only they are asked for: the same passages, and a top k the search settles sooner.
  const hits = await keyword.search(queryTerms.map((t) => t.forms), tuning.passagesRead);
  // Passages stating the best statement's other values (figures, dates, names), from the value index.
  const anchorKeys = [...new Set(spansOf(kind, best).filter((s) => s.key !== top.span.key).flatMap((s) => kind.indexKey(s) ?? []))];
  const anchored = anchorKeys.length > 0 ? await documents.statements(anchorKeys, tuning.statementsPerValue) : [];
  const passageIds = [...new Set([...anchored.map((s) => s.passageId), ...hits.slice(0, tuning.passagesRead).map((h) => h.passageId)])].filter((id) => id !== best.passage.id);
  const sentences = (await readSentences(documents, passageIds.map((passageId) => ({ passageId, scores: {} })), passageIds.length)).filter(
    (s) => s.passage.articleId !== best.passage.articleId && !covered.has(s.passage.articleId),
  );
  if (sentences.length === 0) return [];
  const lexicalContent = sentences.map((s) => coverage(anchors, s.terms) * 0.7 + coverage(input.terms, s.terms) * 0.3);
  const lexical = sentences.map((s, i) => Math.max(lexicalContent[i]!, sharesAnchor(kind, best, s, top.span.key) ? tuning.anchorSimilarity : 0));
  // By meaning too, for the few sentences most alike by their words (a bounded number embedded).
  // Only for articles whose words found no such sentence: the others need no model.
  const matchedArticles = new Set(sentences.filter((_, i) => lexical[i]! >= tuning.minStatementSimilarity).map((s) => s.passage.articleId));
  const closest = sentences
    .map((_, i) => i)
    .filter((i) => !matchedArticles.has(sentences[i]!.passage.articleId))
    .sort((a, b) => lexical[b]! - lexical[a]!)
    .slice(0, tuning.statementsEmbedded);
  const semantic = new Array<number>(sentences.length).fill(0);
  if (input.similarity && closest.length > 0) (await input.similarity(best, closest.map((i) => sentences[i]!))).forEach((sim, k) => (semantic[closest[k]!] = sim));
  const similarity = sentences.map((_, i) => Math.max(lexical[i]!, semantic[i]!));
  const perArticle = new Map<string, { sentence: SentenceCandidate; similarity: number; byContent: boolean }>();
  sentences.forEach((s, i) => {
    const current = perArticle.get(s.passage.articleId);
    const byContent = Math.max(lexicalContent[i]!, semantic[i]!) >= tuning.minStatementSimilarity;
    if (similarity[i]! > (current?.similarity ?? 0)) perArticle.set(s.passage.articleId, { sentence: s, similarity: similarity[i]!, byContent });
  });
  const found: Mention[] = [];
  for (const { sentence, similarity: sim, byContent } of perArticle.values()) {
    if (sim < tuning.minStatementSimilarity) continue;
    const span = alignedSpan(kind, sentence, top, byContent ? input.terms : null, tuning);
    if (!span) continue;
    found.push({ span, written: sentence.text.slice(span.start, span.end), sentence, closeness: top.closeness, lexical: top.lexical, relative: top.relative, score: top.score * sim });
  }
  return found;
}

/**
 * A value's group with every article that states it: its mentions, then the value index's
 * statements (counted all; the first few read, so other articles can be quoted saying it).
 */
async function withSupport(input: ValueInput, key: string, mentions: Mention[]): Promise<ValueGroup> {
  const articleIds = new Set(mentions.map((m) => m.sentence.passage.articleId));
  const indexKey = input.kind.indexKey(mentions[0]!.span);
  if (!indexKey) return { key, mentions, articleIds: [...articleIds] };
  const statements = await input.documents.statements([indexKey], input.tuning.statementsPerValue);
  const unquoted = new Map<string, string>();
  for (const statement of statements) if (!articleIds.has(statement.articleId) && !unquoted.has(statement.articleId)) unquoted.set(statement.articleId, statement.passageId);
  const toRead = [...unquoted.values()].slice(0, input.tuning.supportQuotesRead);
  const sentences = await readSentences(input.documents, toRead.map((passageId) => ({ passageId, scores: {} })), toRead.length);
  const quoted = new Set<string>();
  for (const sentence of sentences) {
    if (quoted.has(sentence.passage.articleId)) continue;
    const span = spansOf(input.kind, sentence).find((s) => s.key === key);
    if (!span) continue;
    mentions.push({ span, written: sentence.text.slice(span.start, span.end), sentence, closeness: 0, lexical: 0, relative: 0, score: 0 });
    quoted.add(sentence.passage.articleId);
  }
  for (const statement of statements) articleIds.add(statement.articleId);
  return { key, mentions, articleIds: [...articleIds] };
}

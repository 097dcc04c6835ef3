import { isCenturyOrDecadeKey, isPeriodKey, type UnitClass, type ValueSpan } from '../../corpus/text/spans.js';
import type { DocumentStore, KeywordStore, TermForms, ValueStatement } from '../../store/seam.js';
import type { AnswerKindSpec } from '../../corpus/kinds/types.js';
import type { Tuning } from '../tuning.js';
import { readSentences, spansOf, type SentenceCandidate } from './sentences.js';
import { bm25Idf } from '../../corpus/text/bm25.js';
import { isStopword, isUnspaced, type Token } from '../../corpus/text/analyzer.js';
import { coverage, matchStrength, type MatchableTerm } from './term-forms.js';
import { anchorSimilarity, countsSameThing, FIGURE_WEIGHT, foldedWords, frameSimilarity, frameTokens, mentionsName, numberKeys, sharedWeight, storyOverlap, textMentionsName, type StoryOverlap } from './statement-alignment.js';

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
  /** Found where another article tells the best statement's story (a translation of its passage), at the best statement's place in it. */
  story?: boolean;
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

/** Whether a sentence's token is one of the question's own words (in one of its forms, not merely a cognate). */
function asks(token: Token, terms: MatchableTerm[]): boolean {
  return terms.some((q) => (q.forms.get(token.term) ?? 0) >= 1);
}

/**
 * The span less the question's own words at its start ("Sicherheit Luong Tam Quang" for a question
 * about "öffentliche Sicherheit"); null when nothing else is left (the asked-about name or figure is not the answer).
 */
function withoutQuestionWords(span: ValueSpan, sentence: SentenceCandidate, terms: MatchableTerm[]): ValueSpan | null {
  const isQuestionWord = (i: number) => !sentence.tokens[i]!.isNumber && asks(sentence.tokens[i]!, terms);
  let first = span.first;
  while (first <= span.last && isQuestionWord(first)) first++;
  if (first > span.last) return null;
  const words = sentence.tokens.slice(first, span.last + 1);
  // A name that holds the question's words further in is the one asked about, not the answer
  // ("Cruiseskipet Viking Sky" for "Hvor holdt Viking Sky på å grunnstøte?").
  if (!words.some((t) => t.isNumber) && words.some((_, k) => isQuestionWord(first + k))) return null;
  // A figure the question itself states is what it asks about, not its answer ("more than 2.5 million" in "how many cities had more than 2.5 million?").
  const figures = words.filter((t) => t.isNumber);
  const askedFigures = terms.filter((q) => q.term.isNumber);
  if (figures.length > 0 && figures.every((t) => asks(t, askedFigures))) return null;
  if (first === span.first) return span;
  if (span.key.includes(' ') && words.length < 2) return null;
  return { ...span, first, start: sentence.tokens[first]!.start };
}

/**
 * Whether a name stands in brackets right after the question's own words: another name of what
 * is asked about ("罗伯特·卡莱尔·吉芬（Robert Carlisle Giffen）", "《越战狂想曲》（Cat Shit One）"), not the
 * answer. Figures and dates in brackets (a life's years) are values of their own.
 */
function aliasOfAsked(span: ValueSpan, sentence: SentenceCandidate, terms: MatchableTerm[]): boolean {
  const { tokens, text } = sentence;
  if (tokens.slice(span.first, span.last + 1).some((t) => t.isNumber)) return false;
  const before = tokens[span.first - 1];
  if (!before || !/^\s*[(（]\s*$/u.test(text.slice(before.end, span.start).replace(/[》」』”"]/gu, ''))) return false;
  return !before.isNumber && asks(before, terms);
}

/** Whether a figure measures what the question asks for (persons are not metres); anything goes when the question does not say. */
export function fitsMeasure(span: ValueSpan, measures: ReadonlySet<UnitClass | 'count'> | null): boolean {
  return !measures || measures.has(span.unit ?? 'count');
}

/**
 * Whether a figure in brackets right after one of the same measure restates it in another unit
 * ("110 mph (180 km/h)", "120 m (390 ft)"): the figure before the brackets is the one the text states.
 */
function restatement(span: ValueSpan, spans: ValueSpan[], text: string): boolean {
  return !!span.unit && spans.some((s) => s.end <= span.start && s.unit === span.unit && /^\s*[(（]\s*$/u.test(text.slice(s.end, span.start)));
}

function mentionsIn(kind: AnswerKindSpec, sentence: SentenceCandidate, terms: MatchableTerm[], tuning: Tuning, bestScore: number, measures: ReadonlySet<UnitClass | 'count'> | null): Mention[] {
  const all = spansOf(kind, sentence);
  const spans = all
    .filter((span) => !kind.composite?.(span) && fitsMeasure(span, measures) && !restatement(span, all, sentence.text))
    .map((span) => withoutQuestionWords(span, sentence, terms))
    .filter((span): span is ValueSpan => span !== null && !aliasOfAsked(span, sentence, terms));
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

/** A candidate as its sentence states it: where it stands inside a span made of others of the kind (a period), that span. */
function asStated(kind: AnswerKindSpec, mention: Mention): Mention {
  if (!kind.composite) return mention;
  const whole = spansOf(kind, mention.sentence).find((s) => kind.composite!(s) && s.first <= mention.span.first && s.last >= mention.span.last);
  return whole ? { ...mention, span: whole, written: mention.sentence.text.slice(whole.start, whole.end) } : mention;
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
/**
 * The question's value in a sentence that says the same as the best statement. Reports of one
 * event often state the same figures in the same order: when both sentences state a value the
 * other also states (an anchor, not the answer), the span standing where the answer stands
 * relative to it is this sentence's value, the same or a different one; a translation states as
 * many values of the kind as the best statement, in the same order. Otherwise the span the
 * question's words stand closest to. Only a span of the same measure as the best one.
 */
function alignedSpan(input: ValueInput, sentence: SentenceCandidate, top: Mention, byQuestion: boolean): ValueSpan | null {
  const { kind, tuning } = input;
  const fits = (s: ValueSpan) => fitsMeasure(s, input.measures) && sameMeasure(s, top.span);
  const spans = spansOf(kind, sentence).filter(fits);
  const bestSpans = spansOf(kind, top.sentence).filter(fits);
  const answerAt = bestSpans.findIndex((s) => s.start === top.span.start);
  for (const [i, anchor] of bestSpans.entries()) {
    if (i === answerAt || anchor.key === top.span.key) continue;
    const at = spans.findIndex((s) => s.key === anchor.key);
    // Lists of figures diverge between reports: only the answer's immediate neighbour anchors it.
    if (at < 0 || answerAt < 0 || Math.abs(answerAt - i) !== 1) continue;
    const target = spans[at + (answerAt - i)];
    if (target && target.key !== anchor.key) return target;
  }
  if (answerAt >= 0 && spans.length === bestSpans.length) return spans[answerAt]!;
  // Without an anchor, the span the question's own words stand closest to (when the sentence says the same by its words or meaning).
  if (!byQuestion) return null;
  let best: { span: ValueSpan; closeness: number } | null = null;
  for (const span of spans) {
    const closeness = closenessOf(span, sentence, input.terms, tuning);
    if (!best || closeness > best.closeness) best = { span, closeness };
  }
  return best && best.closeness >= tuning.minValueCloseness ? best.span : null;
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
  // Years alone recur by chance between articles (histories list many); they are no anchor.
  return shared.some((s) => kind.indexKey(s) !== null) || new Set(shared.map((s) => s.key).filter((key) => !/^\d{4}$/u.test(key))).size >= 2;
}

/** Share of the question's weight that a sentence's passage (the sentence and its neighbours) covers. */
function passageCoverage(sentence: SentenceCandidate, all: readonly SentenceCandidate[], terms: MatchableTerm[]): number {
  const around = all.filter((s) => s.passage.id === sentence.passage.id && Math.abs(s.index - sentence.index) <= 1);
  return coverage(terms, new Set([...sentence.terms, ...around.flatMap((s) => [...s.terms])]));
}

const asked = new WeakMap<MatchableTerm[], string[]>();
/** The question's words, folded as frames compare them. */
function askedWords(input: ValueInput): string[] {
  let words = asked.get(input.terms);
  if (!words) asked.set(input.terms, (words = foldedWords(input.terms.map((t) => t.term.surface))));
  return words;
}

/**
 * Whether a statement is about what the question names ("Grieghallen", "Storsundbrua"): each
 * name the question gives stands in its passage, as written, in another form or as a cognate.
 * Six reports of one template about six bridges are not six statements about one.
 */
function aboutSubject(input: ValueInput, sentence: SentenceCandidate): boolean {
  return namesStandIn(input, sentencesAround(input, sentence));
}

/** Whether each name the question gives stands in the sentences (or the headline), as written, in another form or as a cognate. */
function namesStandIn(input: ValueInput, sentences: readonly SentenceCandidate[], headline = ''): boolean {
  return input.terms.filter((t) => t.term.name).every((t) => sentences.some((s) => matchStrength(t, s.terms) > 0) || mentionsName(sentences, t.term.surface) || textMentionsName(headline, t.term.surface));
}

/**
 * Whether an article is about what the question names: each name stands in its headline or in one
 * of its sentences read (news names its subject once, then says "the tunnel").
 */
function articleAboutSubject(input: ValueInput, sentence: SentenceCandidate): boolean {
  return namesStandIn(input, [sentence, ...input.sentences.filter((s) => s.passage.articleId === sentence.passage.articleId)], sentence.passage.article.title);
}

/** Whether two values' keys are the same value, by the kind's sameness rule. */
const isSameValue = (kind: AnswerKindSpec, a: string, b: string) => (kind.sameValue ? kind.sameValue(a, b) : a === b);

/** Two figures measure the same unless both say what they measure and it differs (euros against a bare "421 millones" is no conflict). */
function sameMeasure(a: ValueSpan, b: ValueSpan): boolean {
  return !a.unit || !b.unit || a.unit === b.unit;
}

/**
 * Whether another article's statement of the best value supports it: a statement of the same
 * fact, or the value with the question's words around it, or in a passage about the question's
 * subject (it covers the question as well as the best statement's does). A figure that merely
 * recurs in an article about something else is no support.
 */
function supports(input: ValueInput, top: Mention, other: Mention): boolean {
  if (!sameSubject(input, top, other)) return false;
  if (other.story || statesSameFact(input, top, other)) return true;
  const { tuning, sentences, terms } = input;
  return resembles(input, top, other) || other.lexical >= tuning.minValueCloseness || passageCoverage(other.sentence, sentences, terms) >= passageCoverage(top.sentence, sentences, terms) * tuning.sameSubjectShare;
}

/** Whether another statement of a value says what a statement of it says, by what survives translation (names, other figures, cognates). */
function resembles(input: ValueInput, a: Mention, b: Mention): boolean {
  const except = new Set([...numberKeys(a.sentence, a.span.first, a.span.last), ...numberKeys(b.sentence, b.span.first, b.span.last)]);
  return anchorSimilarity(a.sentence, b.sentence, except) >= input.tuning.supportSimilarity;
}

/**
 * Whether two statements are of the same fact: figures of the same measure, in sentences that
 * say the same (by what survives translation), or with the same words around them (what is
 * counted, and what was done to it). A value of another measure or from a sentence about
 * something else never competes.
 */
function statesSameFact(input: ValueInput, a: Mention, b: Mention): boolean {
  return sameMeasure(a.span, b.span) && sameFactSimilarity(input, a, b) >= 1;
}

/**
 * Whether another article's statement can be about the question's subject: it tells the best
 * statement's story (a translation need not keep the question's names: "Summer Theatre" is
 * "Teatro de Verano"), it names the subject, or the best statement does not either.
 */
function sameSubject(input: ValueInput, top: Mention, other: Mention): boolean {
  return other.story === true || !aboutSubject(input, top.sentence) || aboutSubject(input, other.sentence);
}

/** A sentence with its passage's other sentences when they were read, else alone. */
function sentencesAround(input: ValueInput, sentence: SentenceCandidate): SentenceCandidate[] {
  const read = input.sentences.filter((s) => s.passage.id === sentence.passage.id);
  return read.length > 0 ? read : [sentence];
}

/** How much two statements say the same, as a share of what makes them one fact (1 and more: the same fact). */
function sameFactSimilarity(input: ValueInput, a: Mention, b: Mention): number {
  // Reports that disagree on a figure are a little off, not another order of magnitude or another decade.
  if (!plausibleVariant(input, a.span, b.span)) return 0;
  const except = new Set([...numberKeys(a.sentence, a.span.first, a.span.last), ...numberKeys(b.sentence, b.span.first, b.span.last)]);
  const anchored = sharesAnchor(input.kind, a.sentence, b.sentence, a.span.key) ? input.tuning.anchorSimilarity : 0;
  const placeOf = (m: Mention) => ({ sentence: m.sentence, first: m.span.first, last: m.span.last });
  return Math.max(
    Math.max(anchored, anchorSimilarity(a.sentence, b.sentence, except)) / input.tuning.minStatementSimilarity,
    frameSimilarity(placeOf(a), placeOf(b), askedWords(input)) / input.tuning.minFrameSimilarity,
    countsSameThing(placeOf(a), placeOf(b)) ? 1 : 0,
  );
}

export interface ValueInput {
  kind: AnswerKindSpec;
  sentences: SentenceCandidate[];
  terms: MatchableTerm[];
  documents: DocumentStore;
  keyword: KeywordStore;
  tuning: Tuning;
  /** What a quantity question asks to be measured in (see `AnalyzedQuestion.measures`). */
  measures: ReadonlySet<UnitClass | 'count'> | null;
  /** Similarity of two sentences by meaning, when a model is loaded. */
  similarity: ((a: SentenceCandidate, b: SentenceCandidate[]) => Promise<number[]>) | null;
  /** Closeness in meaning of short phrases to the question (cosine and dense relevance), when a model is loaded. */
  phraseRelevance: ((phrases: string[]) => Promise<Array<{ cosine: number; relevance: number }>>) | null;
}

/**
 * Stage, first part: the values of the asked kind the evidence states that could answer, best
 * first by the stages' own score (the line's scorer weighs them all and picks the line's value).
 * Where the evidence has statements about what the question names, the others are left out.
 */
export async function candidateValues(input: ValueInput): Promise<Mention[]> {
  const { kind, sentences, terms, tuning } = input;
  const bestScore = sentences[0]?.scores.total ?? 0;
  const read = sentences.filter((s) => s.scores.total! >= bestScore * tuning.evidenceShare);
  const all = read.flatMap((s) => mentionsIn(kind, s, terms, tuning, bestScore, input.measures));
  await closenessByMeaning(input, all);
  const close = all.filter((m) => m.closeness >= tuning.minCandidateCloseness);
  // When the evidence has statements about what the question names, the others do not answer it.
  const about = close.filter((m) => aboutSubject(input, m.sentence));
  return (about.length > 0 ? about : close).sort((a, b) => b.score - a.score).slice(0, tuning.candidatesScored);
}

/**
 * Stage, second part: the values the evidence states for the question, the line's value (`top`,
 * one of `candidates`) first: one group when the articles agree, several when their statements
 * of the same fact give different values. The best value's statements are gathered first (the
 * articles that state it, in any language); another article's value competes only when its
 * statement says what one of those says (by what survives translation: figures, names, cognates,
 * or meaning with a model) and measures the same thing.
 */
export async function valuesFor(input: ValueInput, best: Mention, candidates: Mention[]): Promise<ValueGroup[]> {
  const { kind, tuning } = input;
  // Each candidate as its sentence states it ("1321" of "from 1321 to 1323" is that period), once.
  const top = asStated(kind, best);
  const place = (m: Mention) => `${m.sentence.passage.id}:${m.sentence.start}:${m.span.start}`;
  const seen = new Set([place(top)]);
  // Only values standing close to the question's words support or compete by themselves.
  const mentions = candidates
    .map((m) => (m === best ? top : asStated(kind, m)))
    .filter((m) => {
      if (m === top) return true;
      if (seen.has(place(m))) return false;
      seen.add(place(m));
      return m.closeness >= tuning.minValueCloseness;
    });
  const same = kind.sameValue ?? ((a: string, b: string) => a === b);
  const articleOf = (m: Mention) => m.sentence.passage.articleId;
  const strongest = Math.max(...mentions.map((m) => m.score));

  // The value index asked once per value, however often its statements are looked through.
  const lookUp = statementLookup(input);

  // The best value's statements: the evidence's own, then the value index's, in other articles.
  const stating = new Map<string, Mention[]>([[articleOf(top), [top]]]);
  const addStatement = (m: Mention) => stating.set(articleOf(m), [...(stating.get(articleOf(m)) ?? []), m]);
  for (const m of mentions) if (m !== top && same(top.span.key, m.span.key) && (articleOf(m) === articleOf(top) || supports(input, top, m))) addStatement(m);
  for (const m of await indexedStatements(input, top, new Set(stating.keys()), lookUp)) addStatement(m);
  const statements = () => [...stating.values()].flat();

  // Other articles' statements of the same fact: their own best values, and sentences aligned with the statements found;
  // per article the one whose words say most what a statement found says.
  const perArticle = new Map<string, Mention>();
  for (const m of mentions) if (!perArticle.has(articleOf(m))) perArticle.set(articleOf(m), m);
  const others = [
    ...[...perArticle.values()].filter((m) => !stating.has(articleOf(m)) && m.score >= strongest * tuning.competeShare),
    ...(await alignedStatements(input, top, statements(), new Set(stating.keys()))),
  ];
  const alignment = (m: Mention) => (!sameSubject(input, top, m) ? 0 : m.story ? 1 : Math.max(...statements().map((s) => (sameMeasure(s.span, m.span) ? sameFactSimilarity(input, s, m) : 0))));
  const competing = new Map<string, { mention: Mention; alignment: number }>();
  for (const m of others) {
    if (stating.has(articleOf(m))) continue;
    if (same(top.span.key, m.span.key)) {
      addStatement(m);
      competing.delete(articleOf(m));
      continue;
    }
    const score = alignment(m);
    if (score >= 1 && score > (competing.get(articleOf(m))?.alignment ?? 0)) competing.set(articleOf(m), { mention: m, alignment: score });
  }

  const groups = new Map<string, Mention[]>();
  for (const m of [...statements(), ...[...competing.values()].map((c) => c.mention)]) {
    const key = [...groups.keys()].find((k) => same(k, m.span.key)) ?? m.span.key;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  // Every article that states a value counts for it (the value index's statements of it that support one of its
  // statements found: a report in a third language says what the aligned one says), not only the articles whose
  // statements were aligned with the best value's.
  // Another value is counted from statements that support one of its own and count what the question counts (its
  // focus word stands in them: an arena's 650 spectators are no ferry's 650 passengers), in the languages where the
  // focus word is found at all; in another language ("країн" for "länder") one that says what a statement of it says.
  const covered = new Set([...groups.values()].flat().map(articleOf));
  const focus = input.terms.find((t) => t.term.focus);
  const languageOf = (m: Mention) => m.sentence.passage.article.language;
  for (const [key, list] of groups) {
    const ofTop = list.includes(top);
    const focusLanguages = new Set(list.filter((m) => focus && matchStrength(focus, m.sentence.terms) > 0).map(languageOf));
    const sameFact = (statement: Mention, other: Mention) =>
      supports(input, statement, other) && (!focus || matchStrength(focus, other.sentence.terms) > 0 || (!focusLanguages.has(languageOf(other)) && resembles(input, statement, other)));
    for (const m of await indexedStatements(input, ofTop ? top : list[0]!, covered, lookUp, list, ofTop ? undefined : sameFact)) {
      list.push(m);
      covered.add(articleOf(m));
    }
    groups.set(key, list);
  }
  // Each value as its best statement writes it (the best value's own first).
  for (const list of groups.values()) list.sort((a, b) => (a === top ? -1 : b === top ? 1 : b.score - a.score));
  return [...groups].map(([key, list]) => ({ key, mentions: list, articleIds: [...new Set(list.map(articleOf))] }));
}


/** A name's weight beside a figure's in the search for the versions of the best statement's story. */
const STORY_NAME_STRENGTH = 0.5;

/** Most words of the best statement's passage searched for its statements in other articles (the rarest). */
const ALIGNMENT_QUERY_WORDS = 32;

/** Statements in other articles that say what the best statement says: the same value (support) or another (a disagreement). */
async function alignedStatements(input: ValueInput, top: Mention, statements: Mention[], covered: Set<string>): Promise<Mention[]> {
  const { kind, keyword, documents, tuning } = input;
  const best = top.sentence;
  // The best statement's own words, less the value, as a query: what the other articles would say it with;
  // and its passage's rarest words, which a translation of the passage shares (figures, names).
  const valueTokens = new Set(best.tokens.slice(top.span.first, top.span.last + 1).map((t) => t.term));
  // The other statements' words too: a report in a third language shares words with one of them, if not with the best.
  const passageTokens = [...input.sentences.filter((s) => s.passage.id === best.passage.id).flatMap((s) => s.tokens), ...statements.filter((m) => m !== top).flatMap((m) => m.sentence.tokens)];
  const words = [...new Set(best.tokens.map((t) => t.term))].filter((t) => !valueTokens.has(t));
  const passageWords = [...new Set(passageTokens.filter((t) => t.isNumber || isUnspaced(t.surface) || !isStopword(t.surface, [best.passage.article.language])).map((t) => t.term))].filter((t) => !valueTokens.has(t));
  if (words.length === 0 && passageWords.length === 0) return [];
  // The search leaves stopwords out, as the question's search does: they tell passages apart little,
  // and in a large corpus each has a posting in most passages. Sentences are still compared on every word.
  const contentWords = new Set(best.tokens.filter((t) => t.isNumber || isUnspaced(t.surface) || !isStopword(t.surface, [best.passage.article.language])).map((t) => t.term));
  const [df, stats] = await Promise.all([keyword.documentFrequencies([...new Set([...words, ...passageWords])]), keyword.stats()]);
  const termOf = (w: string): MatchableTerm => ({ term: { surface: w, variants: [w], isNumber: false, focus: false }, forms: new Map([[w, 1]]), weight: bm25Idf(stats.documents, df.get(w) ?? 0), inCorpus: true });
  const anchors: MatchableTerm[] = words.filter((w) => (df.get(w) ?? 0) > 0).map(termOf);
  const rarest = passageWords.filter((w) => (df.get(w) ?? 0) > 0 && !contentWords.has(w)).sort((a, b) => df.get(a)! - df.get(b)!).slice(0, ALIGNMENT_QUERY_WORDS).map(termOf);
  const queryTerms = [...anchors.filter((a) => contentWords.has(a.term.surface)), ...rarest, ...input.terms];
  // The articles already stating the fact rank first for their own words: their passages are passed over, and the
  // first passagesRead of the other articles' are read.
  const hits = await keyword.search(queryTerms.map((t) => t.forms), tuning.passagesRead * tuning.alignmentSearchDepth);
  // Another report's statement of the fact says what its figure counts, and what was done, in the words of one of the statements found ("72 land som signerte", "nästan 70 länder … undertecknat").
  const frameTerms = [...new Set(statements.flatMap((m) => frameTokens({ sentence: m.sentence, first: m.span.first, last: m.span.last }).map((t) => t.term)))];
  const frameHits = frameTerms.length > 0 ? await keyword.search(frameTerms.map((t) => new Map([[t, 1]])), tuning.passagesRead * tuning.alignmentSearchDepth) : [];
  // The best statement's whole article is its story: news states its figures and names in other paragraphs than the one
  // stating the value ("the project cost 6.2 billion" after "the 11.4 km tunnel, built by 420 workers").
  const read = async (ids: string[]) => readSentences(documents, ids.map((passageId) => ({ passageId, scores: {} })), ids.length);
  // Only the articles with passages not read yet are asked for (a short article is often read whole already).
  const wholeArticles = async (articles: Array<{ id: string; passageCount: number }>, known: readonly SentenceCandidate[]) => {
    const unread = articles.filter((a) => new Set(known.filter((s) => s.passage.articleId === a.id).map((s) => s.passage.id)).size < a.passageCount).map((a) => a.id);
    if (unread.length === 0) return [];
    const knownIds = new Set(known.map((s) => s.passage.id));
    return read((await documents.passagesOf(unread)).filter((p) => !knownIds.has(p.id)).map((p) => p.id).slice(0, tuning.passagesRead * unread.length));
  };
  const ownArticle = [best, ...input.sentences.filter((s) => s.passage.articleId === best.passage.articleId)];
  const story = inArticleOrder([...ownArticle, ...(await wholeArticles([best.passage.article], ownArticle))]);
  // A translation of the best statement's story shares its figures and names, not its words: searched for by them alone.
  const storyTerms = storyAnchorTerms(top, story);
  const storyHits = storyTerms.length > 0 ? await keyword.search(storyTerms, tuning.passagesRead * tuning.alignmentSearchDepth) : [];
  // Passages stating the best statement's other values (figures, dates, names), from the value index.
  const anchorKeys = [...new Set(spansOf(kind, best).filter((s) => s.key !== top.span.key).flatMap((s) => kind.indexKey(s) ?? []))];
  const anchored = anchorKeys.length > 0 ? await documents.statements(anchorKeys, tuning.statementsPerValue) : [];
  const hitPassages = await documents.passages([...new Set([...hits, ...storyHits, ...frameHits].map((h) => h.passageId))]);
  const uncovered = new Set(hitPassages.filter((p) => !covered.has(p.articleId)).map((p) => p.id));
  const firstUncovered = (list: typeof hits) => list.filter((h) => uncovered.has(h.passageId)).slice(0, tuning.passagesRead).map((h) => h.passageId);
  const passageIds = [...new Set([...anchored.filter((s) => !covered.has(s.articleId)).map((s) => s.passageId), ...firstUncovered(hits)])];
  const sentences = await read(passageIds);
  // The story's versions are compared as stories (a figure or two in common says nothing of one sentence alone).
  // Every passage found of the articles whose passages rank first: a story is compared on all its figures that were found.
  const articleOfPassage = new Map(hitPassages.map((p) => [p.id, p.articleId]));
  const storyArticles = new Set(firstUncovered(storyHits).map((id) => articleOfPassage.get(id)));
  const storyPassages = storyHits.filter((h) => uncovered.has(h.passageId) && storyArticles.has(articleOfPassage.get(h.passageId))).map((h) => h.passageId);
  // Those articles whole: the sentence in the best statement's place may share nothing with it but the place.
  const storyRead = await read([...new Set([...storyPassages, ...firstUncovered(frameHits)])].filter((id) => !passageIds.includes(id)));
  const storyArticleRecords = new Map(hitPassages.filter((p) => storyArticles.has(p.articleId)).map((p) => [p.articleId, p.article]));
  const storySentences = [...sentences, ...storyRead, ...(await wholeArticles([...storyArticleRecords.values()], [...sentences, ...storyRead]))];
  if (storySentences.length === 0) return [];
  const except = numberKeys(best, top.span.first, top.span.last);
  const lexicalContent = sentences.map((s) => Math.max(coverage(anchors, s.terms) * 0.7 + coverage(input.terms, s.terms) * 0.3, anchorSimilarity(best, s, new Set([...except, ...s.tokens.filter((t) => t.isNumber && !best.terms.has(t.term)).map((t) => t.term)]))));
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
  // The words around a value of the kind (what it counts, what was done) said as one of the statements says them.
  const framedIn = (sentence: SentenceCandidate) => {
    let best: { span: ValueSpan; similarity: number } | null = null;
    for (const span of spansOf(kind, sentence).filter((x) => fitsMeasure(x, input.measures) && sameMeasure(x, top.span) && plausibleVariant(input, top.span, x))) {
      for (const statement of statements) {
        const [a, b] = [{ sentence: statement.sentence, first: statement.span.first, last: statement.span.last }, { sentence, first: span.first, last: span.last }];
        const similarity = Math.max(frameSimilarity(a, b, askedWords(input)), countsSameThing(a, b) ? tuning.minFrameSimilarity : 0);
        if (!best || similarity > best.similarity) best = { span, similarity };
      }
    }
    return best && best.similarity >= tuning.minFrameSimilarity ? best : null;
  };
  const byFrame = sentences.map(framedIn);
  // Per article, the statement whose value's own words say what a statement found says; else the sentence most alike as a whole.
  const similarity = sentences.map((_, i) => Math.max(lexical[i]!, semantic[i]!));
  const perArticle = new Map<string, { index: number; similarity: number; framed: boolean }>();
  sentences.forEach((s, i) => {
    const current = perArticle.get(s.passage.articleId);
    const framed = byFrame[i] !== null;
    const score = framed ? byFrame[i]!.similarity : similarity[i]!;
    if (!current || (framed && !current.framed) || (framed === current.framed && score > current.similarity)) perArticle.set(s.passage.articleId, { index: i, similarity: score, framed });
  });
  const found: Mention[] = storyStatements(input, top, story, storySentences);
  const stated = (articleId: string) => found.some((m) => m.sentence.passage.articleId === articleId);
  const add = (sentence: SentenceCandidate, span: ValueSpan, sim: number) => {
    const mention: Mention = { span, written: sentence.text.slice(span.start, span.end), sentence, closeness: top.closeness, lexical: top.lexical, relative: top.relative, score: top.score * sim };
    // The best value itself, in a sentence alike by its words, supports it only as any other statement of it does (not in a report about something else).
    if (isSameValue(kind, span.key, top.span.key) && !supports(input, top, { ...mention, lexical: closenessOf(span, sentence, input.terms, tuning) })) return;
    found.push(mention);
  };
  for (const { index, similarity: sim, framed } of perArticle.values()) {
    const sentence = sentences[index]!;
    if (stated(sentence.passage.articleId) || (!framed && sim < tuning.minStatementSimilarity)) continue;
    const byContent = Math.max(lexicalContent[index]!, semantic[index]!) >= tuning.minStatementSimilarity;
    const span = framed ? byFrame[index]!.span : alignedSpan(input, sentence, top, byContent);
    if (span) add(sentence, span, sim);
  }
  // In the other passages the story search found, a statement only by its own words (what it counts, what was done).
  for (const sentence of storySentences.slice(sentences.length)) {
    const framed = stated(sentence.passage.articleId) ? null : framedIn(sentence);
    if (framed) add(sentence, framed.span, framed.similarity);
  }
  return found;
}

/** An article's sentences among `sentences`, each once, in the article's order. */
function inArticleOrder(sentences: readonly SentenceCandidate[]): SentenceCandidate[] {
  const byStart = new Map<number, SentenceCandidate>();
  for (const s of sentences) if (!byStart.has(s.start)) byStart.set(s.start, s);
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

/**
 * Whether another article tells the best statement's story (a translation, a syndicated
 * report), by what survives translation in the sentences read of both: most of their figures
 * recur (one may have been changed), or, where the story states no other figure, most of its
 * names and cognates. Two reports of other events share a year or two at most, and a story
 * whose figures mostly differ is another story whatever words it shares. `'support'` where the
 * evidence is weaker (a distinctive figure in common, no year, of the few read, and no word; a few
 * cognates where neither states another figure; only in another language): the
 * article supports the best value if it states it where the story does, and sets no other
 * value against it.
 */
function tellsSameStory(input: ValueInput, overlap: StoryOverlap, translated: boolean, ownValueCounted = false): 'story' | 'support' | null {
  const { tuning } = input;
  const { numbers, distinctive: distinct, leftNumbers, rightNumbers, words, wordShare } = overlap;
  // The other article may state one figure more: the changed value; where the best value's own figures are counted
  // (a period's years), one of them may be missing from the other article for the same reason.
  const own = ownValueCounted ? 1 : 0;
  const agreement = numbers / Math.max(1, leftNumbers - own, rightNumbers - 1);
  // Of the figures read on the side that read fewer (a translation is read in part).
  const readAgreement = numbers / Math.max(1, Math.min(leftNumbers, rightNumbers) - own);
  if (readAgreement < tuning.minStoryFigureShare && Math.max(leftNumbers, rightNumbers) >= 2) return null;
  if (agreement >= tuning.minStoryFigureShare || Math.max(leftNumbers, rightNumbers) < 2) {
    if (numbers >= 2 || (numbers === 1 && words >= tuning.minStoryWords)) return 'story';
    if (leftNumbers === 0 && wordShare >= tuning.minStorySimilarity && words >= tuning.minStoryAnchors) return 'story';
  }
  // In one language a report of the same story shares its words too: so little tells only across languages, where words do not.
  if (!translated || wordShare >= tuning.minStorySimilarity) return null;
  if (distinct >= 1) return 'support';
  return leftNumbers === 0 && rightNumbers === 0 && words >= tuning.minStoryAnchors && wordShare >= tuning.minStorySimilarity / 2 ? 'support' : null;
}

/**
 * A date's years: one of a day or a year ("2009-08-31", "1817"), two of a period ("1321/1324"), the
 * first of a decade or century ("196x": 1960); undefined for a value that is no date.
 */
function yearsOf(span: ValueSpan): number[] | undefined {
  const match = /^(\d{4})(?:-\d\d){0,2}(?:\/(\d{4}))?$/u.exec(isCenturyOrDecadeKey(span.key) ? span.key.replace(/x/gu, '0') : span.key);
  return match ? [match[1], match[2]].filter((y) => y !== undefined).map(Number) : undefined;
}
/** Whether a value is a figure or a date (not a name). */
const isFigure = (span: ValueSpan) => yearsOf(span) !== undefined || (span.key !== '' && Number.isFinite(Number(span.key)));

/**
 * Whether a value another report gives in the best value's place can be a different statement
 * of the same figure (a report that rounds, errs or was corrected) rather than another fact:
 * years a few apart, amounts of the same order. Values that are not figures always can.
 */
function plausibleVariant(input: ValueInput, a: ValueSpan, b: ValueSpan): boolean {
  if (!isFigure(a) || !isFigure(b)) return !isFigure(a) && !isFigure(b);
  // Dates by their years, a period by both ends; a count of 2 000 is no year.
  const [ya, yb] = [yearsOf(a), yearsOf(b)];
  if (input.kind.id === 'date' || ya?.length === 2 || yb?.length === 2) return ya !== undefined && yb !== undefined && ya.length === yb.length && ya.every((y, i) => Math.abs(y - yb[i]!) <= input.tuning.maxYearVariance);
  const x = Number(a.key);
  const y = Number(b.key);
  return Math.min(Math.abs(x), Math.abs(y)) >= Math.max(Math.abs(x), Math.abs(y)) * input.tuning.minVariantRatio;
}

/**
 * What of the best statement's story (its whole article) a translation would share,
 * as index terms: its figures (the value too: a translation that agrees states it), and the
 * names of the best statement.
 */
function storyAnchorTerms(top: Mention, story: SentenceCandidate[]): TermForms[] {
  const figures = new Set(story.flatMap((s) => s.tokens.filter((t) => t.isNumber).map((t) => t.term)));
  const language = top.sentence.passage.article.language;
  const names = new Set(top.sentence.tokens.filter((t, i) => i > 0 && !t.isNumber && /^\p{Lu}/u.test(t.surface) && !isStopword(t.surface, [language])).map((t) => t.term));
  // Names count less: in the best statement's own language they find its neighbours rather than its translations.
  return [...[...figures].map((t) => new Map([[t, 1]])), ...[...names].filter((t) => !figures.has(t)).map((t) => new Map([[t, STORY_NAME_STRENGTH]]))];
}

/**
 * Where another article tells the best statement's story (a translation, a syndicated report:
 * its figures and names recur), the sentence standing where the best statement stands in it
 * (sharing its figures and names, with neighbours sharing its neighbours', nearest in place) and
 * the value standing where the best value stands in that sentence: the same value, or the one
 * that article gives instead (a plausible variant of it, not one of the sentence's other values).
 */
function storyStatements(input: ValueInput, top: Mention, story: SentenceCandidate[], sentences: SentenceCandidate[]): Mention[] {
  const { kind } = input;
  // Only a figure has a place among a sentence's figures and plausible variants; names are matched as they are written.
  if (!isFigure(top.span)) return [];
  // A period's years are figures of the story as well: a report that gives another end still shares the other ("1321 to 1324").
  const period = isPeriodKey(top.span.key);
  const except = period ? new Set<string>() : numberKeys(top.sentence, top.span.first, top.span.last);
  const at = story.findIndex((s) => s.start === top.sentence.start);
  const byArticle = new Map<string, SentenceCandidate[]>();
  for (const s of sentences) byArticle.set(s.passage.articleId, [...(byArticle.get(s.passage.articleId) ?? []), s]);
  const place = (i: number, count: number) => (count > 1 ? i / (count - 1) : 0);
  const fits = (s: ValueSpan) => fitsMeasure(s, input.measures) && sameMeasure(s, top.span);
  const bestSpans = spansOf(kind, top.sentence).filter(fits);
  const answerAt = bestSpans.findIndex((s) => s.start === top.span.start);
  // The story's other values and figures: another article's statement of one of them states that fact, not the best value's.
  const otherValues = new Set([...story.flatMap((s) => spansOf(kind, s).map((x) => x.key)), ...story.flatMap((s) => s.tokens.filter((t) => t.isNumber).map((t) => t.term))].filter((key) => !isSameValue(kind, key, top.span.key)));
  // What two sentences share, stating the best value counting as a shared figure.
  const statesValue = (s: SentenceCandidate) => spansOf(kind, s).some((x) => isSameValue(kind, x.key, top.span.key));
  const alike = (a: SentenceCandidate, b: SentenceCandidate) => sharedWeight(a, b, except) + (statesValue(a) && statesValue(b) ? FIGURE_WEIGHT : 0);
  const found: Mention[] = [];
  for (const [articleId, read] of byArticle) {
    if (articleId === top.sentence.passage.articleId) continue;
    const other = inArticleOrder(read);
    const told = tellsSameStory(input, storyOverlap(story, other, except), other[0]!.passage.article.language !== top.sentence.passage.article.language, period);
    if (!told) continue;
    // The sentence saying most of what the best statement and its neighbours say, nearest in place.
    const scores = new Map<number, number>();
    for (const [i, sentence] of other.entries()) {
      if (spansOf(kind, sentence).filter(fits).length === 0) continue;
      // A sentence that says more of another sentence of the story is that sentence's counterpart.
      const own = alike(top.sentence, sentence);
      if (story.some((s) => s !== story[at] && alike(s, sentence) > own)) continue;
      const neighbours = [-1, 1].reduce((sum, j) => (story[at + j] && other[i + j] ? sum + sharedWeight(story[at + j]!, other[i + j]!, except) : sum), 0);
      const evidence = own + neighbours / 2;
      // Place alone aligns nothing: the sentence or its neighbours must say some of what the best statement's say.
      if (evidence > 0) scores.set(i, evidence + (1 - Math.abs(place(at, story.length) - place(i, other.length))));
    }
    // The same value; else the one in the best value's place, or the only plausible one, that is none of the story's other values.
    const valueIn = (sentence: SentenceCandidate) => {
      const spans = spansOf(kind, sentence).filter(fits);
      const variants = spans.filter((x) => !otherValues.has(x.key) && plausibleVariant(input, top.span, x));
      const inPlace = spans.length === bestSpans.length && answerAt >= 0 ? spans[answerAt]! : null;
      const same = spans.find((x) => isSameValue(kind, x.key, top.span.key));
      return same ?? (told === 'support' ? null : inPlace && variants.includes(inPlace) ? inPlace : variants.length === 1 ? variants[0]! : null);
    };
    const [best] = [...scores].sort((a, b) => b[1] - a[1]);
    if (!best) continue;
    // The best aligned sentence, or a neighbour of it where the translation split the statement in two.
    const index = [best[0], best[0] - 1, best[0] + 1].filter((i) => scores.has(i)).find((i) => valueIn(other[i]!) !== null);
    if (index === undefined) continue;
    const sentence = other[index]!;
    const span = valueIn(sentence)!;
    found.push({ span, written: sentence.text.slice(span.start, span.end), sentence, closeness: top.closeness, lexical: top.lexical, relative: top.relative, score: top.score, story: true });
  }
  return found;
}

/** The value index's statements of a value, by its index key. */
type StatementLookup = (indexKey: string) => Promise<ValueStatement[]>;

/** A look-up that asks the value index once per key. */
function statementLookup(input: ValueInput): StatementLookup {
  const asked = new Map<string, Promise<ValueStatement[]>>();
  return (indexKey) => {
    let statements = asked.get(indexKey);
    if (!statements) asked.set(indexKey, (statements = input.documents.statements([indexKey], input.tuning.statementsPerValue)));
    return statements;
  };
}

/**
 * The value index's statements of a value in other articles, read and kept when their sentence
 * supports one of the value's statements found so far (the best one by default; `accepts` says
 * what supports): an article that mentions the figure about something else is no support.
 */
async function indexedStatements(input: ValueInput, top: Mention, covered: Set<string>, lookUp: StatementLookup, statementsFound: readonly Mention[] = [top], accepts: (statement: Mention, other: Mention) => boolean = (statement, other) => supports(input, statement, other)): Promise<Mention[]> {
  const indexKey = input.kind.indexKey(top.span);
  if (!indexKey) return [];
  const statements = await lookUp(indexKey);
  // Every passage of an article that states the value, one article after another: an article may state it twice, in
  // a headline and in the sentence that says what another report says.
  const unread = new Map<string, Set<string>>();
  for (const statement of statements) {
    if (covered.has(statement.articleId)) continue;
    unread.set(statement.articleId, (unread.get(statement.articleId) ?? new Set<string>()).add(statement.passageId));
  }
  const toRead = [...unread.values()].flatMap((ids) => [...ids]).slice(0, input.tuning.supportStatementsRead);
  const sentences = await readSentences(input.documents, toRead.map((passageId) => ({ passageId, scores: {} })), toRead.length);
  const found = new Map<string, Mention>();
  const topAbout = articleAboutSubject(input, top.sentence);
  for (const sentence of sentences) {
    if (found.has(sentence.passage.articleId)) continue;
    const span = spansOf(input.kind, sentence).find((s) => s.key === top.span.key);
    if (!span) continue;
    const mention: Mention = { span, written: sentence.text.slice(span.start, span.end), sentence, closeness: 0, lexical: closenessOf(span, sentence, input.terms, input.tuning), relative: 0, score: 0 };
    // An article about what the question names, as the best statement's is (an arena's 420 volunteers in the town of the tunnel are not its workers).
    if ((!topAbout || articleAboutSubject(input, sentence)) && statementsFound.some((statement) => accepts(statement, mention))) found.set(sentence.passage.articleId, mention);
  }
  return [...found.values()];
}

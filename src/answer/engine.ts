import { randomUUID } from 'node:crypto';
import { detectLanguageAmong, languageName } from '../corpus/language.js';
import { isStopword, tokenize } from '../corpus/text/analyzer.js';
import type { DocumentStore, KeywordStore, VectorStore } from '../store/seam.js';
import { compose, type Composed } from './stages/compose.js';
import { confidenceOf } from './stages/confidence.js';
import { analyzeQuestion } from './stages/question.js';
import { kindByMeaning, type KindExemplars } from './stages/kind-by-meaning.js';
import { ANSWER_KINDS } from '../corpus/kinds/registry.js';
import { denseRelevance, fuse, type PassageCandidate, type QueryEmbedding, type Retriever } from './stages/retrieval.js';
import type { AnswerStages } from './pipeline.js';
import { scoreSentences } from './stages/sentence-signals.js';
import { readSentences, type SentenceCandidate } from './stages/sentences.js';
import { matchableTerms } from './stages/term-forms.js';
import { candidateValues, valuesFor, type Mention } from './stages/values.js';
import { rivalFact } from './stages/rival-fact.js';
import { BoundedMap } from '../bounded-map.js';
import { cosine } from '../embed/similarity.js';
import { REFERENCE_TEXTS } from './reference-texts.js';
import { DEFAULT_TUNING, type Tuning } from './tuning.js';
import type { Abstention, Answer, AnswerTimings, RetrievalMode } from './types.js';

/** What the engine needs of a model: the embedder's two calls. */
export interface QueryEmbedder {
  embedQuery(text: string): Promise<Float32Array>;
  embedPassages(texts: string[]): Promise<Float32Array[]>;
}

export interface AnswerEngineOptions {
  documents: DocumentStore;
  keyword: KeywordStore;
  /** Null for a keyword-only index. */
  vectors: VectorStore | null;
  /** Null when no model is loaded: keyword search only. */
  embedder: QueryEmbedder | null;
  /** The model's vectors of `REFERENCE_TEXTS`, when the index keeps them; otherwise embedded on the first question. */
  referenceVectors?: Float32Array[] | null;
  maxQuotes: number;
  /** Shown with every answer, e.g. that only keyword search was available. */
  notices?: string[];
  tuning?: Tuning;
  /** The retrievers and the line's scorer (`DEFAULT_STAGES` in `default-stages.ts` unless composed otherwise). */
  stages: AnswerStages;
}

/** Past this, a question is noise for retrieval (a pasted article, a flood): its first this many characters are used. */
export const MAX_QUESTION_CHARS = 1000;
const QUERY_CACHE_SIZE = 256;

/**
 * Control, format (zero-width, direction marks) and private-use characters carry no words, nor
 * do terminal escape sequences pasted along with text (`ESC[31m`).
 */
export function cleanQuestion(question: string): string {
  return question
    .normalize('NFKC')
    .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/gu, ' ')
    .replace(/[\p{Cc}\p{Cf}\p{Co}]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

export interface AnswerEngine {
  ask(question: string): Promise<Answer>;
}

/**
 * The answer engine: a list of stages with typed inputs and outputs, reading the corpus only
 * through the store seam. Question analysis → term forms → retrievers (keyword; dense with a
 * model) → fusion → sentence scoring → values, support and disagreement → confidence and
 * abstention → quotes and the answer line.
 */
export async function createAnswerEngine(options: AnswerEngineOptions): Promise<AnswerEngine> {
  const tuning = options.tuning ?? DEFAULT_TUNING;
  const articles = await options.documents.articles();
  const languages = [...new Set(articles.map((a) => a.language).filter((l) => l !== 'und'))];
  const dense = options.vectors && options.embedder ? { vectors: options.vectors, embedder: options.embedder } : null;
  const mode: RetrievalMode = dense ? 'hybrid' : 'lexical';
  // The yardstick of dense relevance: stored with the index, or embedded once by the loaded model on the first question.
  let reference: Promise<Float32Array[]> | null = options.referenceVectors?.length === REFERENCE_TEXTS.length ? Promise.resolve(options.referenceVectors) : null;
  const referenceVectors = () => (reference ??= dense!.embedder.embedPassages([...REFERENCE_TEXTS]));
  // Each kind's exemplar questions, embedded by the loaded model the first time a question's kind is not known by its words.
  let exemplars: Promise<KindExemplars> | null = null;
  const kindExemplars = () =>
    (exemplars ??= Promise.all(ANSWER_KINDS.map(async (kind) => ({ kind, vectors: await Promise.all(kind.exemplars.map((e) => dense!.embedder.embedQuery(e))) }))));
  const retrievers: Retriever[] = options.stages.retrievers.flatMap((spec) => spec.create({ keyword: options.keyword, vectors: dense?.vectors ?? null }) ?? []);
  const { lineScorer } = options.stages;
  const queryCache = new BoundedMap<string, Float32Array>(QUERY_CACHE_SIZE);

  const corpusSummary = () => {
    const titles = articles.slice(0, 3).map((a) => `“${a.title}”`);
    return `The corpus holds ${articles.length} news article${articles.length === 1 ? '' : 's'} (${languages.map(languageName).join(', ')}), for example ${titles.join('; ')}.`;
  };
  const abstain = (reason: string): Composed & { abstention: Abstention } => ({ answerLine: null, values: [], quotes: [], abstention: { reason, corpusSummary: corpusSummary() } });

  async function embedQuestion(question: string): Promise<QueryEmbedding | null> {
    if (!dense) return null;
    const started = performance.now();
    let vector = queryCache.get(question);
    if (!vector) {
      vector = await dense.embedder.embedQuery(question);
      queryCache.set(question, vector);
    }
    const sims = (await referenceVectors()).map((v) => cosine(v, vector!));
    const mean = sims.reduce((a, b) => a + b, 0) / Math.max(1, sims.length);
    const std = Math.sqrt(sims.reduce((a, s) => a + (s - mean) ** 2, 0) / Math.max(1, sims.length));
    return { vector, background: { mean, std }, embedMs: performance.now() - started };
  }

  /**
   * Sentence vectors: the index's own (made at index time, read for a few passages), or, for an
   * index written before it kept them, made at answer time for a bounded number of sentences.
   * Both kept for the next questions (teams ask about the same passages).
   */
  const storedSentences = new BoundedMap<string, Float32Array[] | null>(tuning.sentenceVectorCache);
  const embeddedSentences = new BoundedMap<string, Float32Array>(tuning.sentenceVectorCache);
  async function storedSentenceVectors(sentences: SentenceCandidate[]): Promise<Map<SentenceCandidate, Float32Array>> {
    const missing = [...new Set(sentences.map((s) => s.passage.id))].filter((id) => !storedSentences.has(id));
    if (missing.length > 0) {
      const read = await dense!.vectors.sentenceVectorsOf(missing);
      for (const id of missing) storedSentences.set(id, read.get(id) ?? null);
    }
    const out = new Map<SentenceCandidate, Float32Array>();
    for (const s of sentences) {
      const stored = storedSentences.get(s.passage.id);
      // A passage cut into other sentences than the index's (another analysis version) has none.
      if (stored?.length === s.passageSentences) out.set(s, stored[s.index]!);
    }
    return out;
  }
  async function sentenceVectors(sentences: SentenceCandidate[], embedBudget: number): Promise<Map<SentenceCandidate, Float32Array>> {
    const out = await storedSentenceVectors(sentences);
    const toEmbed = sentences.filter((s) => !out.has(s)).slice(0, embedBudget);
    const texts = [...new Set(toEmbed.map((s) => s.text).filter((t) => !embeddedSentences.has(t)))];
    if (texts.length > 0) (await dense!.embedder.embedPassages(texts)).forEach((v, i) => embeddedSentences.set(texts[i]!, v));
    for (const s of toEmbed) out.set(s, embeddedSentences.get(s.text)!);
    return out;
  }

  /**
   * Sentence closeness to the question by meaning. Sentences without a stored vector are
   * embedded at answer time, those of the best-ranked passages first, up to a bound; the rest
   * keep their passage's score.
   */
  async function sentenceDense(query: QueryEmbedding | null, candidates: PassageCandidate[], sentences: SentenceCandidate[]): Promise<Map<SentenceCandidate, number> | null> {
    if (!dense || !query) return null;
    const order = new Map(candidates.map((c, i) => [c.passageId, i]));
    const byRank = [...sentences].sort((a, b) => order.get(a.passage.id)! - order.get(b.passage.id)! || a.index - b.index);
    const vectors = await sentenceVectors(byRank, tuning.sentencesEmbedded);
    return new Map(sentences.map((s) => {
      const vector = vectors.get(s);
      return [s, vector ? denseRelevance(cosine(query.vector, vector), query.background, tuning) : (s.passageScores.dense ?? 0)];
    }));
  }

  /** Dense relevance of short phrases (the words around a value) to the question, embedded at answer time and kept. */
  async function phraseRelevance(query: QueryEmbedding, phrases: string[]): Promise<Array<{ cosine: number; relevance: number }>> {
    const missing = [...new Set(phrases.filter((p) => !embeddedSentences.has(p)))];
    if (missing.length > 0) (await dense!.embedder.embedPassages(missing)).forEach((v, i) => embeddedSentences.set(missing[i]!, v));
    return phrases.map((p) => {
      const similarity = cosine(query.vector, embeddedSentences.get(p)!);
      return { cosine: similarity, relevance: denseRelevance(similarity, query.background, tuning) };
    });
  }

  async function similarity(a: SentenceCandidate, others: SentenceCandidate[]): Promise<number[]> {
    const vectors = await sentenceVectors([a, ...others], others.length + 1);
    return others.map((s) => cosine(vectors.get(a)!, vectors.get(s)!));
  }

  /**
   * Keyword search cannot cross languages: a question in a language no article is written in
   * matches only names and chance cognates, which are no answer. Null when it can be matched.
   */
  function unmatchableLanguage(question: string): string | null {
    if (dense) return null;
    const language = detectLanguageAmong(question, [...languages, 'en']);
    if (language === 'und' || languages.includes(language)) return null;
    // Short questions with foreign names are misread ("Welche Organisation leitet John Brandolino?" as
    // English): the corpus's languages are the prior, and the question's function words tell.
    const words = tokenize(question, language).filter((t) => !t.isNumber).map((t) => t.surface.toLowerCase());
    const functionWords = (l: string) => words.filter((w) => isStopword(w, [l])).length;
    if (languages.some((l) => functionWords(l) > 0 && functionWords(l) >= functionWords(language))) return null;
    return `Your question is in ${languageName(language)}; without the embedding model only keyword search runs, and it can only match the articles' own languages (${languages.map(languageName).join(', ')}). Ask in one of them, or install the model (see the README).`;
  }

  return {
    async ask(rawQuestion: string): Promise<Answer> {
      const started = performance.now();
      const cleaned = cleanQuestion(rawQuestion);
      const question = cleaned.slice(0, MAX_QUESTION_CHARS);
      const notices = [...(cleaned.length > MAX_QUESTION_CHARS ? [`Only the first ${MAX_QUESTION_CHARS} characters of the question were used.`] : []), ...(options.notices ?? [])];
      const base = { id: randomUUID(), question, notices, mode };
      const timing = (partial: Omit<AnswerTimings, 'totalMs'>): AnswerTimings => ({ ...partial, totalMs: performance.now() - started });

      if (!/[\p{L}\p{N}]/u.test(question)) {
        const empty = abstain(question ? 'The question has no words to search for.' : 'The question is empty.');
        return { ...base, ...empty, status: 'abstained', confidence: 0, retrieved: [], timings: timing({ embedMs: 0, searchMs: 0, evidenceMs: 0 }) };
      }
      const searchStarted = performance.now();
      const query = await embedQuestion(question);
      let analyzed = analyzeQuestion(question, languages);
      // A language the interrogatives do not cover: the model may still tell what kind of answer is asked for.
      if (!analyzed.kind && query) {
        const kind = kindByMeaning(query, await kindExemplars(), tuning);
        if (kind) analyzed = analyzeQuestion(question, languages, kind);
      }
      const terms = await matchableTerms(options.keyword, analyzed.terms, tuning);
      const embedMs = query?.embedMs ?? 0;
      const lists = (await Promise.all(retrievers.map((r) => r.retrieve({ terms, query, tuning })))).filter((l) => l !== null);
      const candidates = fuse(lists, tuning);
      const searchMs = performance.now() - searchStarted - embedMs;

      const evidenceStarted = performance.now();
      const sentences = await readSentences(options.documents, candidates, tuning.passagesRead);
      // The model reads sentences only when the words do not find the answer (another language, a paraphrase):
      // a sentence that covers the question's words needs no embedding, and the answer stays fast.
      const lexical = scoreSentences({ sentences, terms, kind: analyzed.kind, denseBySentence: null }, tuning);
      const wordsSuffice = (lexical[0]?.scores.coverage ?? 0) >= tuning.wordsSufficeCoverage;
      const ranked = query && !wordsSuffice ? scoreSentences({ sentences, terms, kind: analyzed.kind, denseBySentence: await sentenceDense(query, candidates, sentences) }, tuning) : lexical;
      const confidence = confidenceOf(ranked, terms, analyzed.kind, tuning);
      const retrieved = candidates.flatMap((c) => {
        const s = sentences.find((x) => x.passage.id === c.passageId);
        return s ? [{ passageId: c.passageId, articleId: s.passage.articleId }] : [];
      });
      let composed: Composed & { abstention: Abstention | null };
      let lineConfidence = 0;
      const languageReason = unmatchableLanguage(question);
      const notMatched = terms.some((t) => t.inCorpus) ? 'The articles do not answer this question: none of them matches enough of it.' : 'Nothing in the articles matches this question.';
      if (languageReason) {
        composed = abstain(languageReason);
      } else if (ranked.length === 0) {
        composed = abstain(notMatched);
      } else {
        const kind = analyzed.kind;
        const covered = confidence >= tuning.minConfidence;
        const valueInput = kind ? { kind, measures: analyzed.measures, sentences: ranked, terms, documents: options.documents, keyword: options.keyword, tuning, similarity: dense ? similarity : null, phraseRelevance: dense && query ? (phrases: string[]) => phraseRelevance(query, phrases) : null } : null;
        const mentions = valueInput ? await candidateValues(valueInput) : [];
        // The line's value is the candidate its scorer finds likeliest to answer, and that likelihood is the line's confidence.
        let top: Mention | null = null;
        const probabilities = new Map<Mention, number>();
        if (kind && mentions.length > 0) {
          const evidence = { kind, mentions, sentences: ranked, terms, confidence, covered, measured: analyzed.measures !== null, language: analyzed.language, byMeaning: query !== null };
          for (const mention of mentions) {
            const p = lineScorer.score(evidence, mention);
            probabilities.set(mention, p);
            if (p > lineConfidence || top === null) [top, lineConfidence] = [mention, p];
          }
        }
        // Evidence that covers too little of the question is no answer, unless the line's scorer (trained on questions
        // about articles left out) is sure of a value: a paraphrased question can share few words with its answer.
        // A value no number of articles stating it could make sure enough is not looked up in them.
        const reachable = covered || 1 - (1 - lineConfidence) ** tuning.supportCounted >= lineScorer.threshold;
        const groups = valueInput && top && reachable ? await valuesFor(valueInput, top, mentions) : [];
        // Two statements that each hold words of the question the other lacks state two facts it could mean: no line.
        const sameFact = (m: Mention) => groups.some((g) => g.mentions.some((s) => s.sentence === m.sentence && s.span.start <= m.span.start && m.span.end <= s.span.end));
        const rival = top ? rivalFact(terms, mentions, top, (m) => probabilities.get(m) ?? 0, tuning.rivalShare, sameFact) : null;
        // Articles that state the fact independently make it likelier that it answers the question: the chance that all
        // of them are wrong, each as likely as the best one. Another report of the same story (its figures and names
        // recur) that gives another value states the fact too; the line then shows that they disagree.
        const storyVariants = groups.slice(1).flatMap((g) => g.mentions.filter((m) => m.story).map((m) => m.sentence.passage.articleId));
        const stating = Math.min(tuning.supportCounted, new Set([...(groups[0]?.articleIds ?? []), ...storyVariants]).size);
        if (stating > 1) lineConfidence = 1 - (1 - lineConfidence) ** stating;
        // A line not stated still quotes the statements of its value, of the values competing with it, of the other fact
        // the question could mean and of the stages' own best candidate.
        const weighed = [...new Set([top, ...groups.map((g) => g.mentions[0]), rival, mentions[0]].filter((m): m is Mention => m != null))];
        const stateLine = !rival && groups.length > 0 && lineConfidence >= lineScorer.threshold;
        if (!covered && !stateLine) {
          composed = abstain(notMatched);
          lineConfidence = 0;
        } else {
          composed = { ...compose(groups, ranked, terms, articles.length, options.maxQuotes, tuning, stateLine, weighed), abstention: null };
        }
      }
      const status = composed.abstention ? 'abstained' : composed.values.length > 0 ? 'answered' : 'evidence';
      const evidenceMs = performance.now() - evidenceStarted;
      return { ...base, ...composed, status, confidence, lineConfidence, retrieved, timings: timing({ embedMs, searchMs, evidenceMs }) };
    },
  };
}

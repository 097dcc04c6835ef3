import { seededRandom } from '../seeded-random.js';
import { normalizeForMatch } from './score.js';

/**
 * Builds a question set in the shared format (../shared/eval/README.md) from reading-comprehension
 * data in SQuAD form: each chosen context becomes a plain-text article (first line its title), each
 * question keeps the annotators' spans as `answer_any` and the article as `sources_any`, and a
 * share of the questions ask about articles left out of the corpus, so the right behaviour is to
 * abstain. Pure: the caller reads the source files and writes the result.
 */

export interface SourceQuestion {
  id: string;
  question: string;
  /** The annotators' answer spans. */
  answers: string[];
}

export interface SourceArticle {
  title: string;
  paragraphs: Array<{ context: string; questions: SourceQuestion[] }>;
}

export interface SetInput {
  lang: string;
  articles: SourceArticle[];
}

export interface BuildOptions {
  /** File-name and question-id prefix, e.g. `xq`. */
  prefix: string;
  /** Answerable contexts per input (each one article of the corpus). */
  contextsPerInput: number;
  questionsPerContext: number;
  /** At most this many contexts of one source article enter the corpus (spread over topics). */
  maxContextsPerArticle: number;
  /** Share of all questions that ask about left-out articles (norquad-dev: 33 of 238). */
  abstainShare: number;
  /** Abstain questions taken from each left-out article and input. */
  abstainPerArticle: number;
  /**
   * The inputs are translations of the same articles in the same order (XQuAD): a position is
   * used in one language only, and a left-out article is left out in every language, so no
   * abstain question is answered by a translation in the corpus.
   */
  parallel: boolean;
  /** False when the source's titles are not in the article's language (XQuAD keeps English slugs). */
  titles: boolean;
  seed: number;
}

export interface BuiltQuestion {
  id: string;
  lang: string;
  question: string;
  expect: { answer_any: string[]; sources_any: string[] } | { abstain: true };
}

export interface BuiltSet {
  /** File name → article text. */
  corpus: Map<string, string>;
  questions: BuiltQuestion[];
}

/** Spans that normalise to fewer characters than this would match shown text by chance. */
const MIN_ANSWER_CHARS = 2;

function usableAnswers(answers: string[]): string[] {
  const spans = [...new Set(answers.map((a) => a.trim()).filter((a) => normalizeForMatch(a).length >= MIN_ANSWER_CHARS))];
  return spans;
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Articles keyed so that `parallel` inputs share keys (the article's position) and others do not. */
const articleKey = (options: BuildOptions, input: number, article: number) => (options.parallel ? `${article}` : `${input}:${article}`);

export function buildQuestionSet(inputs: SetInput[], options: BuildOptions): BuiltSet {
  const random = seededRandom(options.seed);
  const answerableTarget = inputs.length * options.contextsPerInput * options.questionsPerContext;
  const abstainTarget = Math.round((answerableTarget * options.abstainShare) / (1 - options.abstainShare));

  // Every article, in a seeded order; the first ones are left out to supply the abstain questions.
  const keys = new Map<string, Array<{ input: number; article: number }>>();
  inputs.forEach((input, i) =>
    input.articles.forEach((_, a) => {
      const key = articleKey(options, i, a);
      keys.set(key, [...(keys.get(key) ?? []), { input: i, article: a }]);
    }),
  );
  const order = shuffle([...keys.keys()], random);
  const perLeftOut = Math.max(1, (options.parallel ? inputs.length : 1) * options.abstainPerArticle);
  const leftOut = new Set(order.slice(0, Math.ceil(abstainTarget / perLeftOut)));

  const corpus = new Map<string, string>();
  const answerable: BuiltQuestion[] = [];
  const counts = inputs.map(() => 0);
  let next = 0;
  for (const key of order.filter((k) => !leftOut.has(k))) {
    const members = keys.get(key)!;
    const positions = shuffle(inputs[members[0]!.input]!.articles[members[0]!.article]!.paragraphs.map((_, p) => p), random).slice(0, options.maxContextsPerArticle);
    for (const p of positions) {
      // Round-robin over the inputs that have this article, so parallel languages get different paragraphs.
      for (let tries = 0; tries < members.length; tries++) {
        const { input, article } = members[next++ % members.length]!;
        if (counts[input]! >= options.contextsPerInput) continue;
        const source = inputs[input]!.articles[article]!;
        const paragraph = source.paragraphs[p];
        if (!paragraph) continue;
        const questions = shuffle(paragraph.questions.filter((q) => usableAnswers(q.answers).length > 0), random).slice(0, options.questionsPerContext);
        if (questions.length === 0) continue;
        const lang = inputs[input]!.lang;
        counts[input]! += 1;
        const file = `${options.prefix}-${lang}-${String(counts[input]).padStart(3, '0')}.txt`;
        corpus.set(file, `${options.titles ? `${source.title.trim()}\n` : ''}${paragraph.context.trim()}\n`);
        for (const q of questions) {
          answerable.push({ id: `${options.prefix}-${lang}-${q.id}`, lang, question: q.question.trim(), expect: { answer_any: usableAnswers(q.answers), sources_any: [file] } });
        }
        break;
      }
    }
  }

  const abstain: BuiltQuestion[] = [];
  for (const key of order.filter((k) => leftOut.has(k))) {
    for (const { input, article } of keys.get(key)!) {
      const candidates = inputs[input]!.articles[article]!.paragraphs.flatMap((p) => p.questions.filter((q) => usableAnswers(q.answers).length > 0));
      for (const q of shuffle(candidates, random).slice(0, options.abstainPerArticle)) {
        const lang = inputs[input]!.lang;
        abstain.push({ id: `${options.prefix}-${lang}-${q.id}`, lang, question: q.question.trim(), expect: { abstain: true } });
      }
    }
  }
  // Spread the abstain questions over the languages, then mix them in.
  const chosenAbstain = shuffle(abstain, random).slice(0, abstainTarget);
  return { corpus, questions: shuffle([...answerable, ...chosenAbstain], random) };
}

// ---- Reading the sources -------------------------------------------------------------------

interface SquadJson {
  data: Array<{
    title?: string;
    paragraphs: Array<{ context: string; qas: Array<{ id: string | number; question: string; is_impossible?: boolean; answers: Array<{ text: string }> }> }>;
  }>;
}

/** Contexts such as JSQuAD's start with "title [SEP] "; the article keeps its title on the first line instead. */
function stripTitlePrefix(context: string, title: string): string {
  const marker = ' [SEP] ';
  const at = context.indexOf(marker);
  return at >= 0 && context.slice(0, at).trim() === title.trim() ? context.slice(at + marker.length) : context;
}

function firstSentence(text: string): string {
  const match = /^(.{1,80}?[.!?。！？])(\s|$)/su.exec(text);
  return (match?.[1] ?? text.slice(0, 60)).trim();
}

/** SQuAD v1/v2 JSON (`{data: [{title, paragraphs: [{context, qas}]}]}`); unanswerable questions are dropped. */
export function readSquadJson(json: SquadJson): SourceArticle[] {
  return json.data.map((article) => {
    const paragraphs = article.paragraphs.map((p) => ({
      context: stripTitlePrefix(p.context, article.title ?? ''),
      questions: p.qas
        .filter((q) => !q.is_impossible && q.answers.length > 0)
        .map((q) => ({ id: String(q.id), question: q.question, answers: q.answers.map((a) => a.text) })),
    }));
    const title = article.title?.trim() || firstSentence(paragraphs[0]?.context ?? '');
    return { title, paragraphs };
  });
}

interface FlatRow {
  article_id?: string;
  question_id?: string;
  id?: string;
  title?: string;
  context: string;
  question: string;
  answers: { text: string[] };
}

/** The paragraph of `articles[key]` with this context, both made on first sight (insertion order is kept). */
function paragraphOf(articles: Map<string, SourceArticle>, key: string, title: string, context: string): SourceArticle['paragraphs'][number] {
  const article = articles.get(key) ?? { title, paragraphs: [] };
  articles.set(key, article);
  let paragraph = article.paragraphs.find((p) => p.context === context);
  if (!paragraph) {
    paragraph = { context, questions: [] };
    article.paragraphs.push(paragraph);
  }
  return paragraph;
}

/** Hugging Face's flat form, one question a line (`{title, context, question, answers: {text: []}}`), grouped back into articles by title and context. */
export function readFlatJsonl(text: string): SourceArticle[] {
  const articles = new Map<string, SourceArticle>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as FlatRow;
    const title = row.title?.trim() || firstSentence(row.context);
    const key = row.article_id ?? title;
    const paragraph = paragraphOf(articles, key, title, row.context);
    paragraph.questions.push({ id: String(row.question_id ?? row.id ?? `${key}-${paragraph.questions.length}`), question: row.question, answers: row.answers.text });
  }
  return [...articles.values()];
}

/**
 * One article per title, one paragraph per context. Sources such as TyDi QA GoldP have an entry per
 * question, so one Wikipedia article (even one passage) recurs; ungrouped, a passage could enter
 * the corpus twice, or an "abstain" question's article could be in it under another entry.
 */
export function groupByTitle(articles: SourceArticle[]): SourceArticle[] {
  const grouped = new Map<string, SourceArticle>();
  for (const article of articles) {
    for (const p of article.paragraphs) paragraphOf(grouped, article.title, article.title, p.context).questions.push(...p.questions);
  }
  return [...grouped.values()];
}

/** The paragraph's first line: its title where the source starts contexts with one (NorQuAD). */
const firstLine = (context: string) => context.trim().split('\n', 1)[0]!.trim();

/**
 * The articles without every paragraph that shares its context, its first line or one of its
 * questions with `excluded` (e.g. a training set built from all annotations without the paragraphs
 * of the published validation and test splits, which reuse the same documents). Articles left
 * without paragraphs are dropped.
 */
export function withoutParagraphsOf(articles: SourceArticle[], excluded: SourceArticle[]): SourceArticle[] {
  const paragraphs = excluded.flatMap((a) => a.paragraphs);
  const contexts = new Set(paragraphs.map((p) => p.context.trim()));
  const lines = new Set(paragraphs.map((p) => firstLine(p.context)));
  const questions = new Set(paragraphs.flatMap((p) => p.questions.map((q) => q.question.trim())));
  const kept = (p: SourceArticle['paragraphs'][number]) =>
    !contexts.has(p.context.trim()) && !lines.has(firstLine(p.context)) && !p.questions.some((q) => questions.has(q.question.trim()));
  return articles.map((a) => ({ ...a, paragraphs: a.paragraphs.filter(kept) })).filter((a) => a.paragraphs.length > 0);
}

/** The texts the benchmark embeds and asks: the seed corpus, a synthetic corpus made of it, and questions. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MAX_PASSAGE_TOKENS } from '../app/indexer.js';
import { readSeeds } from '../app/seeds.js';
import { PROJECT_ROOT } from '../config.js';
import { splitIntoPassages, splitSentences, type TokenCounter } from '../corpus/index.js';
import { seededRandom } from '../seeded-random.js';

/** The dev questions, beside the project folder (absent in a bare clone: answering is then skipped). */
export const DEV_QUESTIONS_FILE = path.resolve(PROJECT_ROOT, '../shared/eval/dev.jsonl');

/** Passages of the seed corpus exactly as the indexer cuts them. */
export async function seedPassages(seedsDir: string, countTokens: TokenCounter): Promise<string[]> {
  const { seeds } = await readSeeds(seedsDir);
  return seeds.flatMap((s) => splitIntoPassages(s.article, { countTokens, maxTokens: MAX_PASSAGE_TOKENS }).map((p) => p.text));
}

/**
 * `count` passages recombined from the seed corpus's sentences, each as long (in characters) as a
 * seed passage picked at random: the length mix of the real corpus, with new text.
 */
export async function syntheticPassages(seedsDir: string, seedTexts: string[], count: number, seed = 7): Promise<string[]> {
  const { seeds } = await readSeeds(seedsDir);
  const sentences = seeds.flatMap((s) => s.article.paragraphs.flatMap((p) => splitSentences(p.text, s.article.language).map((x) => x.text)));
  const random = seededRandom(seed);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, () => {
    const target = pick(seedTexts).length;
    let text = pick(sentences);
    while (text.length < target) text += ` ${pick(sentences)}`;
    return text;
  });
}

/** Ways of asking the same thing: each makes a different string, so no cache answers twice. */
const VARIANTS: Array<(q: string) => string> = [
  (q) => q,
  (q) => `Please tell me: ${q}`,
  (q) => `${q} According to the articles?`,
  (q) => q.toLowerCase(),
  (q) => `Quick question: ${q}`,
  (q) => `${q} (with sources please)`,
  (q) => `I was wondering: ${q}`,
  (q) => `${q.replace(/[?？]\s*$/u, '')}, briefly?`,
  (q) => `Do the articles say: ${q}`,
  (q) => `${q} Thanks!`,
  (q) => `Research desk: ${q}`,
  (q) => q.toUpperCase(),
];

/** At least `minimum` distinct questions: the dev set, each in several phrasings; null without the dev set. */
export function benchQuestions(minimum: number): string[] | null {
  if (!existsSync(DEV_QUESTIONS_FILE)) return null;
  const dev = readFileSync(DEV_QUESTIONS_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { question: string }).question);
  const questions = new Set<string>();
  for (let round = 0; questions.size < minimum && round < 100; round++) {
    for (const q of dev) questions.add(round < VARIANTS.length ? VARIANTS[round]!(q) : `${VARIANTS[round % VARIANTS.length]!(q)} #${round}`);
  }
  return [...questions];
}

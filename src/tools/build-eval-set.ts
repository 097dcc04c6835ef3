/**
 * Turns reading-comprehension data in SQuAD form into a question set in the shared format
 * (`corpus/` of plain-text articles and `questions.jsonl`); see eval/README.md for the sets built
 * with it and the exact commands.
 *
 *   npx tsx src/tools/build-eval-set.ts --out eval/sets/<name> --prefix <id> \
 *     --input <lang>=<file>[,<file>…] [--input …] [--contexts 150] [--per-context 1] \
 *     [--max-per-article 2] [--abstain-share 0.12] [--abstain-per-article 1] [--parallel] [--no-titles]
 *     [--group-titles] [--exclude <file>[,<file>…]] [--seed 1]
 *
 * A file ending in `.jsonl` is read as Hugging Face's flat form (one question a line), any other
 * as SQuAD JSON. `--group-titles` merges SQuAD JSON entries that share a title into one article
 * (TyDi QA GoldP has an entry per question). `--exclude` leaves out every source paragraph that
 * shares its context, first line or a question with those files (read the same way): a training
 * set from a source's annotations without the paragraphs of its validation and test splits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildQuestionSet, groupByTitle, readFlatJsonl, readSquadJson, withoutParagraphsOf, type SetInput, type SourceArticle } from '../evaluation/squad-set.js';

const USAGE = 'Usage: npx tsx src/tools/build-eval-set.ts --out <folder> --prefix <id> --input <lang>=<file>[,<file>…] [--contexts 150] [--per-context 1] [--max-per-article 2] [--abstain-share 0.12] [--abstain-per-article 1] [--parallel] [--no-titles] [--group-titles] [--exclude <file>[,<file>…]] [--seed 1] (each option: the comment at the top of this file)';

function parse() {
  try {
    return parseArgs({
      options: {
        out: { type: 'string' },
        prefix: { type: 'string' },
        input: { type: 'string', multiple: true, default: [] },
        contexts: { type: 'string', default: '150' },
        'per-context': { type: 'string', default: '1' },
        'max-per-article': { type: 'string', default: '2' },
        'abstain-share': { type: 'string', default: '0.12' },
        'abstain-per-article': { type: 'string', default: '1' },
        parallel: { type: 'boolean', default: false },
        'no-titles': { type: 'boolean', default: false },
        'group-titles': { type: 'boolean', default: false },
        exclude: { type: 'string', multiple: true, default: [] },
        seed: { type: 'string', default: '1' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
    process.exit(2);
  }
}

const { values } = parse();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values.out || !values.prefix || values.input.length === 0) {
  console.error(USAGE);
  process.exit(2);
}

function readArticles(files: string): SourceArticle[] {
  return files.split(',').flatMap((file) => {
    const text = fs.readFileSync(file, 'utf8');
    return file.endsWith('.jsonl') ? readFlatJsonl(text) : readSquadJson(JSON.parse(text));
  });
}

const excluded = values.exclude.flatMap(readArticles);
const inputs: SetInput[] = values.input.map((spec) => {
  const [lang, files] = spec.split('=', 2);
  if (!lang || !files) throw new Error(`--input ${spec}: expected <lang>=<file>`);
  const articles = withoutParagraphsOf(readArticles(files), excluded);
  return { lang, articles: values['group-titles'] ? groupByTitle(articles) : articles };
});

const built = buildQuestionSet(inputs, {
  prefix: values.prefix,
  contextsPerInput: Number(values.contexts),
  questionsPerContext: Number(values['per-context']),
  maxContextsPerArticle: Number(values['max-per-article']),
  abstainShare: Number(values['abstain-share']),
  abstainPerArticle: Number(values['abstain-per-article']),
  parallel: values.parallel,
  titles: !values['no-titles'],
  seed: Number(values.seed),
});

const corpusDir = path.join(values.out, 'corpus');
fs.rmSync(corpusDir, { recursive: true, force: true });
fs.mkdirSync(corpusDir, { recursive: true });
for (const [name, text] of built.corpus) fs.writeFileSync(path.join(corpusDir, name), text);
fs.writeFileSync(path.join(values.out, 'questions.jsonl'), built.questions.map((q) => JSON.stringify(q)).join('\n') + '\n');
const abstain = built.questions.filter((q) => 'abstain' in q.expect).length;
const languages = [...new Set(built.questions.map((q) => q.lang))].join(', ');
console.log(`${values.out}: ${built.corpus.size} articles, ${built.questions.length} questions (${abstain} abstain), languages ${languages}`);

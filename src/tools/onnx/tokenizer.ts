/**
 * A small BERT WordPiece tokenizer made from the seed articles, in Hugging Face's tokenizer.json
 * format. Lower-cased but accents kept (strip_accents: false), so Ukrainian, German and Norwegian
 * words stay whole. Every seed word is a token; every character a word-initial and a "##"
 * continuation token, so any text made of known characters tokenises without [UNK].
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
const CONTINUATION = '##';
const MAX_LENGTH = 512;

/** BertPreTokenizer's split: runs of non-space non-punctuation, or a single punctuation mark. */
const PUNCTUATION = String.raw`\p{P}\u0021-\u002F\u003A-\u0040\u005B-\u0060\u007B-\u007E`;
const WORD_PATTERN = new RegExp(`[^\\s${PUNCTUATION}]+|[${PUNCTUATION}]`, 'gu');

/** Characters always in the vocabulary besides those of the seeds: ASCII, Latin letters, Cyrillic. */
const BASE_CHAR_RANGES: readonly [number, number][] = [
  [0x21, 0x7e],
  [0xc0, 0x24f],
  [0x400, 0x4ff],
];

/** Words as the tokenizer will see them: BertNormalizer (lowercase, accents kept), then the pre-tokenizer. */
export function preTokenize(text: string): string[] {
  return text.toLowerCase().match(WORD_PATTERN) ?? [];
}

export function readSeedTexts(seedsDir: string): string[] {
  return readdirSync(seedsDir)
    .filter((file) => file.endsWith('.txt'))
    .sort()
    .map((file) => readFileSync(join(seedsDir, file), 'utf8'));
}

/** Vocabulary order: special tokens, characters, "##" characters, then words by frequency. */
export function buildVocabulary(texts: readonly string[]): Map<string, number> {
  const wordCounts = new Map<string, number>();
  for (const word of texts.flatMap(preTokenize)) wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1);

  const chars = new Set<string>(baseCharacters());
  for (const word of wordCounts.keys()) for (const char of word) chars.add(char);
  const sortedChars = [...chars].sort();

  const words = [...wordCounts.entries()]
    .filter(([word]) => [...word].length > 1)
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
    .map(([word]) => word);

  const tokens = [...SPECIAL_TOKENS, ...sortedChars, ...sortedChars.map((c) => CONTINUATION + c), ...words];
  return new Map(tokens.map((token, id) => [token, id]));
}

function baseCharacters(): string[] {
  const chars: string[] = [];
  for (const [from, to] of BASE_CHAR_RANGES) {
    for (let cp = from; cp <= to; cp++) {
      const char = String.fromCodePoint(cp);
      if (char.toLowerCase() === char && /\S/u.test(char)) chars.push(char);
    }
  }
  return chars;
}

function specialToken(vocab: ReadonlyMap<string, number>, token: string): number {
  const id = vocab.get(token);
  if (id === undefined) throw new Error(`vocabulary lacks ${token}`);
  return id;
}

/** The tokenizer.json document (tokenizers' serialisation, version 1.0). */
export function tokenizerJson(vocab: ReadonlyMap<string, number>): object {
  const template = (token: string, typeId: number) => ({ SpecialToken: { id: token, type_id: typeId } });
  const sequence = (id: 'A' | 'B', typeId: number) => ({ Sequence: { id, type_id: typeId } });
  const specialEntry = (token: string) => ({ id: token, ids: [specialToken(vocab, token)], tokens: [token] });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content) => ({
      id: specialToken(vocab, content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: false, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [template('[CLS]', 0), sequence('A', 0), template('[SEP]', 0)],
      pair: [template('[CLS]', 0), sequence('A', 0), template('[SEP]', 0), sequence('B', 1), template('[SEP]', 1)],
      special_tokens: { '[CLS]': specialEntry('[CLS]'), '[SEP]': specialEntry('[SEP]') },
    },
    decoder: { type: 'WordPiece', prefix: CONTINUATION, cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: CONTINUATION,
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab),
    },
  };
}

export function tokenizerConfigJson(): object {
  return {
    tokenizer_class: 'BertTokenizer',
    model_max_length: MAX_LENGTH,
    do_lower_case: true,
    strip_accents: false,
    tokenize_chinese_chars: true,
    clean_up_tokenization_spaces: true,
    unk_token: '[UNK]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    cls_token: '[CLS]',
    mask_token: '[MASK]',
  };
}

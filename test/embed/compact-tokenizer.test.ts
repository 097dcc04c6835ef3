/**
 * The product's tokenizer keeps its Unigram vocabulary in a PieceTrie instead of transformers.js's
 * CharTrie (start-up time and memory): its token ids must be the library's, for any text.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as transformers from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { loadTokenizer } from '../../src/embed/compact-tokenizer.js';
import { PieceTrie } from '../../src/embed/piece-trie.js';

const E5_DIR = path.resolve(PROJECT_ROOT, '../shared/models/multilingual-e5-small');
const DEV_SET = path.resolve(PROJECT_ROOT, '../shared/eval/dev.jsonl');
const hasE5Tokenizer = fs.existsSync(path.join(E5_DIR, 'tokenizer.json'));

/** What the library's CharTrie yields: every piece that is a prefix from `start`, shortest first. */
function prefixesOf(pieces: Set<string>, chars: string[], start: number): string[] {
  const found: string[] = [];
  let prefix = '';
  for (let i = start; i < chars.length; i++) {
    prefix += chars[i];
    if (pieces.has(prefix)) found.push(prefix);
  }
  return found;
}

describe('PieceTrie', () => {
  it('finds the pieces a text starts with at each position, shortest first, astral characters included', () => {
    const pieces = ['▁', '▁a', '▁ab', 'ab', 'b', '😀', '😀▁', 'a😀b', '𝕏', 'ü', 'ü'.normalize('NFD'), ''];
    const trie = new PieceTrie(pieces);
    const reference = new Set(pieces);
    for (const text of ['▁ab😀▁a😀b', 'a😀b𝕏ü', 'zzz', 'u\u0308b', '']) {
      const chars = Array.from(text);
      for (let start = 0; start <= chars.length; start++) {
        expect([...trie.common_prefix_search(chars, start)], `${text} @${start}`).toEqual(prefixesOf(reference, chars, start));
      }
    }
  });

  it('grows past its first table and takes pieces pushed later', () => {
    const pieces = Array.from({ length: 20_000 }, (_, i) => `p${i.toString(36)}`);
    const trie = new PieceTrie(pieces.slice(0, 10));
    for (const piece of pieces.slice(10)) trie.push(piece);
    const reference = new Set(pieces);
    for (const text of ['p1z2', 'pzzzz', 'p0', 'q1']) {
      expect([...trie.common_prefix_search(Array.from(text))]).toEqual(prefixesOf(reference, Array.from(text), 0));
    }
  });
});

/** A Unigram tokenizer of a few pieces, in a folder as transformers.js loads one. */
function writeSmallUnigramTokenizer(dir: string): string {
  const name = 'small-unigram';
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  const pieces = ['▁', '▁a', '▁ab', 'a', 'b', 'ab', 'c', '😀', '▁😀'];
  const tokenizer = {
    version: '1.0',
    added_tokens: [{ id: 0, content: '<unk>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }],
    normalizer: null,
    pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    post_processor: null,
    decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    model: { type: 'Unigram', unk_id: 0, vocab: [['<unk>', 0], ...pieces.map((p, i) => [p, -1 - i / 10])] },
  };
  fs.writeFileSync(path.join(dir, name, 'tokenizer.json'), JSON.stringify(tokenizer));
  fs.writeFileSync(path.join(dir, name, 'tokenizer_config.json'), JSON.stringify({ unk_token: '<unk>' }));
  return name;
}

const trieOf = (t: transformers.PreTrainedTokenizer) => (t._tokenizer.model as unknown as { trie: object }).trie;

describe('the compact tokenizer', () => {
  it('serves loads that overlap, then leaves the library as it was', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unigram-'));
    try {
      transformers.env.allowRemoteModels = false;
      transformers.env.allowLocalModels = true;
      transformers.env.localModelPath = dir;
      const name = writeSmallUnigramTokenizer(dir);
      const [first, second] = await Promise.all([loadTokenizer(transformers, name), loadTokenizer(transformers, name)]);
      const library = await transformers.AutoTokenizer.from_pretrained(name);
      expect([first, second].map((t) => Object.hasOwn(trieOf(t), 'common_prefix_search'))).toEqual([true, true]);
      expect(Object.hasOwn(trieOf(library), 'common_prefix_search')).toBe(false);
      for (const text of ['ab abc', 'a😀b c', 'cab 😀']) expect(first.encode(text), text).toEqual(library.encode(text));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!hasE5Tokenizer)('gives the token ids of transformers.js’s own tokenizer, and is the one in use (needs ../shared/models)', async () => {
    transformers.env.allowRemoteModels = false;
    transformers.env.allowLocalModels = true;
    transformers.env.localModelPath = path.dirname(E5_DIR);
    const name = path.basename(E5_DIR);
    const compact = await loadTokenizer(transformers, name);
    const library = await transformers.AutoTokenizer.from_pretrained(name);
    // The product got the compact trie (a library update that defeats the guard shows here), and
    // the library's own tokenizers, built afterwards, are left as they were.
    expect(Object.hasOwn(trieOf(compact), 'common_prefix_search')).toBe(true);
    expect(Object.hasOwn(trieOf(library), 'common_prefix_search')).toBe(false);

    const seeds = fs.readdirSync(path.join(PROJECT_ROOT, 'seeds')).map((f) => fs.readFileSync(path.join(PROJECT_ROOT, 'seeds', f), 'utf8'));
    const questions = fs.existsSync(DEV_SET) ? fs.readFileSync(DEV_SET, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { question: string }).question) : [];
    const texts = [
      ...seeds.flatMap((s) => s.split(/\n+/)),
      ...questions.map((q) => `query: ${q}`),
      'Emoji 😀👍🏽 and 𝕏 math, CJK 河内公约, Thai การประชุม, Arabic اتفاقية, combining u\u0308 and ﬁ ligatures',
    ];
    expect(texts.length).toBeGreaterThan(50);
    for (const text of texts) expect(compact.encode(text), text.slice(0, 60)).toEqual(library.encode(text));
  });
});

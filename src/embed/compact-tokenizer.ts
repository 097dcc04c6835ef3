/**
 * Loads a tokenizer with transformers.js, its Unigram vocabulary in a PieceTrie instead of the
 * library's CharTrie (huggingface/tokenizers.js#37: for multilingual-e5's 250k pieces that trie
 * is ~1.5 s of CPU and ~120 MiB at every start). Same tokens: the Unigram model asks its trie only
 * for `common_prefix_search`, which PieceTrie answers alike (test/embed/compact-tokenizer.test.ts
 * compares both on real text with the real tokenizer).
 *
 * CharTrie is not exported, so this reaches it through a Unigram tokenizer of one piece and
 * replaces its `extend` for the duration of one `from_pretrained`, so that the tries built then
 * carry a PieceTrie's methods. Guarded: when the library no longer looks as expected (no
 * `trie`, other method names, or the one-piece check answers differently) the library's own
 * trie is built, as without this module.
 */
import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { PieceTrie } from './piece-trie.js';

type Library = typeof import('@huggingface/transformers');

interface TrieShape {
  extend(texts: Iterable<string>): void;
  push(text: string): void;
  common_prefix_search(chars: string[], start?: number): Iterable<string>;
}

/** A Unigram tokenizer of the piece `a` (and `<unk>`), built with the library's public constructor; its trie, if it has one. */
function onePieceTrie(lib: Library): Partial<TrieShape> | undefined {
  const json = {
    model: { type: 'Unigram', vocab: [['<unk>', 0], ['a', -1]], unk_id: 0 },
    normalizer: null,
    pre_tokenizer: null,
    post_processor: null,
    decoder: null,
    added_tokens: [],
  };
  try {
    const tokenizer = new lib.PreTrainedTokenizer(json, {});
    return (tokenizer._tokenizer?.model as { trie?: Partial<TrieShape> } | undefined)?.trie;
  } catch {
    return undefined;
  }
}

const finds = (trie: Partial<TrieShape> | undefined) => {
  if (typeof trie?.common_prefix_search !== 'function') return false;
  return [...trie.common_prefix_search(['a', 'b'], 0)].join() === 'a' && [...trie.common_prefix_search(['b', 'a'], 0)].length === 0;
};

function compactExtend(this: TrieShape, texts: Iterable<string>): void {
  const pieces = new PieceTrie(texts);
  this.push = (text) => pieces.push(text);
  this.common_prefix_search = (chars, start) => pieces.common_prefix_search(chars, start);
}

/** The patched prototype while any load needs it (loads may overlap: the last one to finish restores it). */
let patch: { prototype: Partial<TrieShape>; extend: TrieShape['extend']; users: number } | null = null;

/** Makes every trie whose `extend` is called a PieceTrie; returns the undo, or null when the library does not look as expected. */
function compactTries(lib: Library): (() => void) | null {
  if (!patch) {
    const sample = onePieceTrie(lib);
    if (!sample || !finds(sample)) return null;
    const prototype = Object.getPrototypeOf(sample) as Partial<TrieShape>;
    const { extend } = prototype;
    if (typeof extend !== 'function' || typeof prototype.push !== 'function') return null;
    prototype.extend = compactExtend;
    if (!finds(onePieceTrie(lib))) {
      prototype.extend = extend;
      return null;
    }
    patch = { prototype, extend, users: 0 };
  }
  const active = patch;
  active.users++;
  let undone = false;
  return () => {
    if (undone) return;
    undone = true;
    if (--active.users > 0) return;
    active.prototype.extend = active.extend;
    patch = null;
  };
}

export async function loadTokenizer(lib: Library, name: string): Promise<PreTrainedTokenizer> {
  const undo = compactTries(lib);
  try {
    return await lib.AutoTokenizer.from_pretrained(name);
  } finally {
    undo?.();
  }
}

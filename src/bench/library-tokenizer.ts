/**
 * The tokenizer as transformers.js builds it, with its own CharTrie: what the product loaded before
 * src/embed/compact-tokenizer.ts. compiled.ts swaps it in for that module in the bench's "before"
 * bundles, so before and after run in the same bench, on the same machine at the same time.
 */
import type { PreTrainedTokenizer } from '@huggingface/transformers';

type Library = typeof import('@huggingface/transformers');

export const loadTokenizer = (lib: Library, name: string): Promise<PreTrainedTokenizer> => lib.AutoTokenizer.from_pretrained(name);

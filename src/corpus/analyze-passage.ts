import { tokenize } from './text/analyzer.js';
import { valueKeysOf } from './kinds/registry.js';
import type { Passage } from './types.js';

/** Changes whenever terms or value keys would come out differently: indexes built before are rebuilt. */
export const ANALYSIS_VERSION = 26;

/** What the index keeps of a passage besides its text: its terms in order and the values it states. */
export function analyzePassage(passage: Passage, language: string): { terms: string[]; valueKeys: string[] } {
  const tokens = tokenize(passage.text, language);
  return { terms: tokens.map((t) => t.term), valueKeys: valueKeysOf(passage.text, language, tokens) };
}

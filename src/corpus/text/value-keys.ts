/**
 * The values a passage states, as keys of the index's value index (so how many articles state a
 * value is a look-up at answer time, not a scan). A first, simple version that the answer
 * engine's value spans refine: figures in canonical form that are not days of a month (above 31,
 * or with decimals) and not years, and names (runs of two or more capitalised words) by their
 * last two words, lower-cased.
 */
import { findNumbers } from './numbers.js';

const YEAR = /^(1[5-9]|20)\d\d$/u;
const NAME_RUN = /\p{Lu}[\p{L}\p{M}'’-]*(?:\s+\p{Lu}[\p{L}\p{M}'’-]*)+/gu;

export function valueKeysOf(text: string, _language: string): string[] {
  const keys = new Set<string>();
  for (const { canonical } of findNumbers(text)) {
    if (YEAR.test(canonical)) continue;
    if (canonical.includes('.') || Number(canonical) > 31) keys.add(canonical);
  }
  for (const match of text.normalize('NFC').matchAll(NAME_RUN)) {
    const words = match[0].split(/\s+/u);
    keys.add(words.slice(-2).join(' ').toLowerCase());
  }
  return [...keys];
}

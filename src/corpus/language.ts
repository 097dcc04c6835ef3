import { franc } from 'franc';
import { iso6393 } from 'iso-639-3';

const toIso6391 = new Map(iso6393.filter((l) => l.iso6391).map((l) => [l.iso6393, l.iso6391!]));

/**
 * Individual languages that ISO 639-1 files under a macrolanguage: Norwegian Bokmål and Nynorsk
 * are both "no", the code people (and stemmers) use for Norwegian.
 */
const MACROLANGUAGE: Record<string, string> = { nb: 'no', nn: 'no' };

/** The ISO 639-1 code of the text's language, or `und` when it cannot be told. */
export function detectLanguage(text: string): string {
  const code = franc(text, { minLength: 20 });
  if (code === 'und') return 'und';
  const iso1 = toIso6391.get(code) ?? 'und';
  return MACROLANGUAGE[iso1] ?? iso1;
}

const toIso6393 = new Map([...toIso6391].map(([three, one]) => [one, three]));
const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language' });

/** The language's English name ("Norwegian" for `no`). */
export function languageName(code: string): string {
  try {
    return LANGUAGE_NAMES.of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * The language of a short text among a few candidates (a question among the corpus's
 * languages and English): restricting the choice makes a few words enough to tell.
 */
export function detectLanguageAmong(text: string, candidates: readonly string[]): string {
  const only = [...new Set(candidates.flatMap((c) => (c === 'no' ? ['nob', 'nno'] : toIso6393.has(c) ? [toIso6393.get(c)!] : [])))];
  if (only.length === 0) return 'und';
  const code = franc(text, { minLength: 3, only });
  if (code === 'und') return 'und';
  const iso1 = toIso6391.get(code) ?? 'und';
  return MACROLANGUAGE[iso1] ?? iso1;
}

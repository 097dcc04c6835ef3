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

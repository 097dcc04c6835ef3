import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { franc, francAll } from 'franc';
import { analysisKnows } from './text/analyzer.js';
// The package's 639-3 → 639-1 table alone: its index also loads all 8,000 languages (~50 ms and ~15 MiB at start-up).
import { iso6393To1 } from 'iso-639-3/iso6393-to-1.js';

const toIso6391 = new Map(Object.entries(iso6393To1));
const toIso6393 = new Map([...toIso6391].map(([three, one]) => [one, three]));

interface SubtagRecord {
  Type: string;
  Subtag?: string;
  Macrolanguage?: string;
}
let macrolanguages: Map<string, string> | null = null;
/**
 * Individual language → its macrolanguage, from the IANA language subtag registry (read on first
 * use: it is a megabyte of JSON). franc names individual languages (Standard Arabic `arb`,
 * Mandarin `cmn`, Iranian Persian `pes`, Bokmål `nob`), where stemmers and stopword lists often
 * use the macrolanguage's code (`ar`, `zh`, `fa`, `no`).
 */
function macrolanguageMap(): Map<string, string> {
  if (!macrolanguages) {
    // Read, not required: require() would keep the whole registry in its cache; only the map is kept.
    const file = createRequire(import.meta.url).resolve('language-subtag-registry/data/json/registry.json');
    const registry = JSON.parse(readFileSync(file, 'utf8')) as SubtagRecord[];
    macrolanguages = new Map(registry.filter((r) => r.Type === 'language' && r.Subtag && r.Macrolanguage).map((r) => [r.Subtag!, r.Macrolanguage!]));
  }
  return macrolanguages;
}

/**
 * The two-letter code of a franc (ISO 639-3) code: its own, unless only its macrolanguage's is
 * known to the analysis (Bokmål `nb` is analysed as Norwegian `no`; Indonesian and Croatian keep
 * `id` and `hr`), or its macrolanguage's when it has none (Standard Arabic `arb` → `ar`); `und`
 * when there is neither.
 */
function twoLetterCode(code: string): string {
  if (code === 'und') return 'und';
  const own = toIso6391.get(code);
  const macro = macrolanguageMap().get(own ?? code);
  if (own && (!macro || analysisKnows(own) || !analysisKnows(macro))) return own;
  return macro?.length === 2 ? macro : (own ?? 'und');
}

const francCodes = new Map<string, string[]>();
/**
 * The franc codes that `twoLetterCode` maps to a two-letter code: the language itself and those
 * of its individual languages read as it (`no`: `nob`, `nno`; `ms` without Indonesian, which keeps `id`).
 */
function francCodesOf(code: string): string[] {
  let codes = francCodes.get(code);
  if (!codes) francCodes.set(code, (codes = francCodesScanned(code)));
  return codes;
}
/** `francCodesOf` without its cache: a scan of the language subtag registry. */
function francCodesScanned(code: string): string[] {
  const individuals = [...macrolanguageMap()].filter(([, macro]) => macro === code).map(([individual]) => toIso6393.get(individual) ?? individual);
  return [...(toIso6393.has(code) ? [toIso6393.get(code)!] : []), ...individuals].filter((franc) => twoLetterCode(franc) === code);
}

/**
 * A language the reader prefers (the corpus's) is taken over the detector's best guess when it
 * scores at least this share of it: close languages ("¿Cuándo se construyó…?": Portuguese 1,
 * Spanish 0.96) are told apart by a few words, and the corpus says which ones are likely.
 */
const PREFERRED_SHARE = 0.9;

/** The ISO 639-1 code of the text's language, or `und` when it cannot be told; one of `preferred` when it is nearly as likely. */
export function detectLanguage(text: string, preferred: readonly string[] = []): string {
  const ranked = francAll(text, { minLength: 20 });
  const [best, score] = ranked[0] ?? ['und', 0];
  const codes = new Set(preferred.flatMap(francCodesOf));
  const near = best === 'und' || codes.has(best) ? undefined : ranked.find(([code, s]) => codes.has(code) && s >= score * PREFERRED_SHARE);
  return twoLetterCode(near?.[0] ?? best);
}

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
  const only = [...new Set(candidates.flatMap(francCodesOf))];
  if (only.length === 0) return 'und';
  return twoLetterCode(franc(text, { minLength: 3, only }));
}

/**
 * The ISO 639-1 code of a declared language tag (`<html lang="pt-BR">`, `nb`, `fra`) as the
 * analysis names it (`pt`, `no`, `fr`), or null when the tag names no language it knows.
 */
export function languageOfTag(tag: string | null | undefined): string | null {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (!/^[a-z]{2,3}$/.test(primary)) return null;
  const three = primary.length === 2 ? toIso6393.get(primary) : primary;
  if (!three) return null;
  const code = twoLetterCode(three);
  return code === 'und' ? null : code;
}

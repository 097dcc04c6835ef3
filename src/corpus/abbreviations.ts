/**
 * Abbreviations that a sentence does not end at, per language: the one list `splitSentences`
 * reads (`./sentences.ts`).
 *
 * Why a list of our own: Node's `Intl.Segmenter` applies the Unicode sentence rules alone. ICU's
 * per-locale suppressions (CLDR `segmentations/SentenceBreak/standard`, asked for with `-u-ss-standard`)
 * are not applied: ECMA-402 gives the segmenter no locale extension keys and V8 drops `ss`
 * (`new Intl.Segmenter('de-u-ss-standard', …).resolvedOptions().locale` is `de`). Those CLDR
 * lists (package `cldr-segments-full`) cover only de en es fr it pt ru, lack Norwegian, Swedish,
 * Ukrainian, Greek, Romanian, Turkish, Vietnamese…, and mix in words that do end sentences (en
 * "Is.", "Go.", "Job.", "Long."); `sentencex` (Wikimedia's segmenter, a native addon) replaces the
 * segmenter whole and cuts "т. е.", "ca. 200" and "ul. Ленина" apart. So: short lists of the
 * abbreviations news text writes, only those that never end a sentence (or end one only where the
 * condition below says).
 *
 * The Unicode rules already keep an abbreviation before a lower-case word ("etc. and", "bl.a.
 * mange", "т. е. важно"): a list matters where a capital, a number or a letter of a script
 * without case follows ("St. Pauli", "Dr. Müller", "ca. 200 000.", "kl. 19.33", "им. Пушкина").
 * Words that often close a sentence are left out on purpose: "etc.", "usw.", "osv.", "m.fl.",
 * "mfl.", "mv.", "u.a." stay where the Unicode rules put them; so do "Jr."/"Sr." in English (after
 * a name) and "v. Chr.".
 *
 * Every entry ends in a full stop. Entries are case-sensitive ("St." is Saint, Swedish "st." after
 * a number is pieces); an entry written in lower case also matches with its first letter in upper
 * case, as at a sentence's start ("Bl.a. Norge …"). Russian "им." (named after: "МГУ им.
 * Ломоносова") is also the pronoun "them", which can close a sentence: kept, as the title is the
 * commoner in news.
 */
import { monthNamesIn } from './text/months.js';

interface LanguageAbbreviations {
  /** Never end a sentence: titles before a name, words before what they qualify or count. */
  before?: readonly string[];
  /** As `before`, except right after a number, where they are a year or a unit that can end a sentence ("в 2020 г." against "г. Москва", the city; "5 м." metres against "м. Київ"). */
  notAfterNumber?: readonly string[];
  /** End a sentence unless a number follows ("Art. 5", "No. 10"). Month abbreviations are these too, from `Intl` (`monthAbbreviations`). */
  beforeNumber?: readonly string[];
}

/** Titles written the same way across the languages of the corpus (names from abroad keep them). */
const EVERYWHERE: LanguageAbbreviations = { before: ['Dr.', 'Prof.', 'Mr.', 'Mrs.', 'Ms.', 'St.'] };

const NORDIC_COMMON = ['ca.', 'nr.', 'Nr.', 'kl.', 'vs.', 'inkl.', 'ekskl.', 'dvs.', 'pga.', 'bl.a.', 'adm.', 'dir.', 'prof.', 'dr.', 't.h.', 't.v.'];

const ABBREVIATIONS: Record<string, LanguageAbbreviations> = {
  no: { before: [...NORDIC_COMMON, 'f.eks.', 'jf.', 'jfr.', 'evt.', 'iflg.', 'mht.', 'vha.', 'hhv.', 'ang.', 'vedr.', 'ifm.', 'ift.', 'iht.', 'avd.', 'f.o.m.', 't.o.m.', 'tlf.'] },
  da: { before: [...NORDIC_COMMON, 'f.eks.', 'jf.', 'evt.', 'mht.', 'ifm.', 'hhv.', 'tlf.'] },
  sv: { before: [...NORDIC_COMMON, 't.ex.', 'f.d.', 'jfr.', 'resp.', 's.k.', 'p.g.a.', 'ev.', 'enl.', 'fr.o.m.', 't.o.m.', 'tel.'] },
  de: {
    before: ['z. B.', 'z.B.', 'd. h.', 'd.h.', 'u. a.', 'v.', 'n.', 'bzw.', 'ggf.', 'ggfs.', 'evtl.', 'ca.', 'Nr.', 'Hr.', 'Hrn.', 'Fr.', 'inkl.', 'exkl.', 'zzgl.', 'vgl.', 'sog.', 'gem.', 'lt.', 'insb.', 'Mio.', 'Mrd.', 'vs.'],
    beforeNumber: ['Abs.', 'Art.', 'Bd.', 'Str.', 'Tel.'],
  },
  en: {
    before: ['v.', 'Sen.', 'Rep.', 'Gov.', 'Gen.', 'Lt.', 'Col.', 'Capt.', 'Sgt.', 'Adm.', 'Rev.', 'Hon.', 'Mt.', 'Ft.', 'vs.', 'approx.'],
    beforeNumber: ['No.', 'Nos.', 'Art.', 'Vol.'],
  },
  fr: { before: ['M.', 'MM.', 'Mme.', 'Mmes.', 'Mlle.', 'Pr.', 'Ste.', 'cf.', 'env.', 'vs.'], beforeNumber: ['art.', 'vol.'] },
  es: { before: ['Sr.', 'Sra.', 'Srta.', 'Sres.', 'Dra.', 'Dña.', 'Ud.', 'Uds.', 'Av.', 'Avda.', 'Gral.', 'Lic.', 'Ing.', 'Sto.', 'Sta.', 'aprox.', 'vs.'], beforeNumber: ['núm.', 'pág.', 'art.'] },
  pt: { before: ['Sr.', 'Sra.', 'Dra.', 'Profa.', 'Av.', 'Sto.', 'Sta.', 'Exmo.', 'aprox.', 'vs.'], beforeNumber: ['pág.', 'art.'] },
  it: { before: ['Sig.', 'dott.', 'avv.', 'on.', 'ing.', 'prof.', 'cfr.', 'vs.'], beforeNumber: ['art.', 'pag.'] },
  nl: { before: ['ca.', 'nr.', 'dhr.', 'mevr.', 'mr.', 'drs.', 'ir.', 'ing.', 'bijv.', 'vs.'] },
  ro: { before: ['dl.', 'dna.', 'nr.', 'str.', 'bd.', 'jud.', 'prof.', 'dr.', 'ing.', 'cca.', 'aprox.', 'vs.'], beforeNumber: ['art.', 'alin.'] },
  tr: { before: ['Doç.', 'Av.', 'Yrd.', 'Sn.', 'Org.', 'Korg.'] },
  ru: { before: ['т. е.', 'т.е.', 'т. к.', 'т.к.', 'т. н.', 'т.н.', 'им.', 'ул.', 'просп.', 'пер.', 'пл.', 'ген.', 'проф.', 'акад.', 'св.', 'с.'], notAfterNumber: ['г.', 'гг.'] },
  uk: { before: ['т. зв.', 'т.зв.', 'т. ч.', 'т.ч.', 'ім.', 'вул.', 'просп.', 'пров.', 'пл.', 'ген.', 'проф.', 'акад.', 'св.', 'с.'], notAfterNumber: ['р.', 'рр.', 'м.'] },
  el: { before: ['κ.', 'κα.', 'π.χ.', 'δηλ.', 'Δρ.', 'Αγ.', 'οδ.'] },
  vi: { before: ['TP.', 'Tp.', 'TS.', 'ThS.', 'PGS.', 'GS.', 'BS.', 'Q.', 'P.'] },
  id: { before: ['Jl.', 'Kab.', 'Kec.', 'Bpk.', 'Ir.', 'dr.', 'drg.', 'Sdr.', 'H.'], beforeNumber: ['No.'] },
};

/** Other codes of a language in the lists (Bokmål and Nynorsk are read as Norwegian). */
const ALIASES: Record<string, string> = { nb: 'no', nn: 'no' };

/** The language's month names of one width, as `Intl` writes them in a date ("Januar", "janv.", "сент."); none for an unknown tag. */
export function monthNamesOf(language: string, width: 'long' | 'short'): string[] {
  return [...new Set(monthNamesIn(language === 'und' ? 'en' : language, { day: 'numeric', month: width }).map(([name]) => name))];
}

/**
 * Abbreviated month names with their full stop: those `Intl` writes with one in the language
 * ("Jan." de, "janv.", "сент."), English's with one added ("Jan. 2026" in any text) and AP's
 * "Sept.". An English short name that is the whole name ("May") is left out: "in May. 30 people
 * died" is two sentences.
 */
const monthAbbreviations = (language: string) => {
  const whole = new Set(monthNamesOf('en', 'long'));
  const english = monthNamesOf('en', 'short').filter((name) => !whole.has(name)).map((name) => `${name}.`);
  return [...new Set(['Sept.', ...english, ...monthNamesOf(language, 'short').filter((name) => /^\p{L}+\.$/u.test(name))])];
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
/** An entry and, when it starts in lower case, the same with a capital (a sentence's first word). */
const spellings = (entry: string) => (/^\p{Ll}/u.test(entry) ? [entry, entry[0]!.toUpperCase() + entry.slice(1)] : [entry]);
/** A text ending in one of the entries as a word of its own (after a space, a bracket, a quote or another abbreviation's full stop). */
const endingIn = (entries: readonly string[]) =>
  entries.length === 0 ? /(?!)/u : new RegExp(`(?:^|[\\s(\\[«„“"'‘/.])(?:${entries.flatMap(spellings).map(escape).join('|')})$`, 'u');

interface Endings {
  before: RegExp;
  notAfterNumber: RegExp;
  /** `notAfterNumber`'s entries right after a number ("2020 г.", "1990–1991 гг."). */
  afterNumber: RegExp;
  beforeNumber: RegExp;
}
const endingsCache = new Map<string, Endings>();
function endingsFor(language: string): Endings {
  let endings = endingsCache.get(language);
  if (!endings) {
    const own = ABBREVIATIONS[ALIASES[language] ?? language] ?? {};
    endings = {
      before: endingIn([...EVERYWHERE.before!, ...(own.before ?? [])]),
      notAfterNumber: endingIn(own.notAfterNumber ?? []),
      afterNumber: own.notAfterNumber ? new RegExp(`\\p{N}\\s*(?:${own.notAfterNumber.map(escape).join('|')})$`, 'u') : /(?!)/u,
      beforeNumber: endingIn([...(own.beforeNumber ?? []), ...monthAbbreviations(language)]),
    };
    endingsCache.set(language, endings);
  }
  return endings;
}

/**
 * Whether `text` ends in an abbreviation of `language` that the sentence goes on after, given the
 * text that follows it (`next`, trimmed): "Dr." before anything, "г." unless a number comes
 * before it, "Jan." before a number.
 */
export function endsInAbbreviation(text: string, next: string, language: string): boolean {
  if (!text.endsWith('.')) return false;
  // The end alone: no entry is near this long, and an anchored-at-the-end pattern is tried at every position of what it is given.
  if (text.length > 32) text = text.slice(-32);
  const endings = endingsFor(language);
  if (endings.before.test(text)) return true;
  if (endings.notAfterNumber.test(text) && !endings.afterNumber.test(text)) return true;
  return /^\p{N}/u.test(next) && endings.beforeNumber.test(text);
}

import { detectLanguage, detectLanguageAmong } from '../../corpus/language.js';
import { isStopword, isUnspaced, stem, tokenize } from '../../corpus/text/analyzer.js';
import { unitsNamed, type UnitClass } from '../../corpus/text/spans.js';
import { interrogativeWords, kindOf } from '../../corpus/kinds/registry.js';
import { HOW_FAST } from '../../corpus/kinds/quantity.js';
import { WHICH_CENTURY, WHICH_DECADE } from '../../corpus/kinds/date.js';
import type { AnswerKindSpec } from '../../corpus/kinds/types.js';

/** A content word or number of the question, with every index term it may appear under. */
export interface QueryTerm {
  surface: string;
  /** Index terms this word can match: its stem in each corpus language (numbers: canonical form). */
  variants: string[];
  isNumber: boolean;
  /** The word a quantity question counts ("how many *countries*") or a person question's role ("who is the *mayor*"): the value stands next to it. */
  focus: boolean;
  /** A name the question is about (capitalised, not its first word): "Når ble *Storsundbrua* åpnet?". */
  name?: boolean;
}

export interface AnalyzedQuestion {
  text: string;
  /** Best guess at the question's language; short questions are often `und`. */
  language: string;
  kind: AnswerKindSpec | null;
  terms: QueryTerm[];
  /**
   * For a quantity question, what the figure must measure: `count` for a plain number (persons,
   * countries), or the unit classes the question names or implies ("how long": a length or a
   * duration). For a date question, the century or decade it asks for ("which century": not a
   * year). Null when anything goes (another kind, or a question that does not say).
   */
  measures: ReadonlySet<UnitClass | 'count'> | null;
}

/** "By how much" with a comparative of level or size ("how much higher", "um wie viel tiefer", "насколько ниже", "cu cât mai jos"). */
const BY_HOW_MUCH_MORE =
  /(?<!\p{L})(how much|by how much|um wie ?viel|wie viel|hvor mye|hvor meget|hur mycket|de combien|en cu[aá]nto|cu c[aâ]t|насколько|на сколько|наскільки|на скільки|κατά πόσο|πόσο|ne kadar)\s+(\p{L}+\s+)?(higher|lower|taller|deeper|bigger|larger|smaller|heavier|lighter|cheaper|höher|niedriger|tiefer|größer|kleiner|schwerer|leichter|billiger|teurer|høyere|lavere|dypere|større|tyngre|högre|lägre|djupare|större|tyngre|plus (bas|haut|élevé|profond|grand|petit|lourd)e?s?|m[aá]s (bajo|alto|profundo|grande|peque[nñ]o|pesado)s?|mai (jos|sus|mic|mare|[iî]nalt|sc[aă]zut|ridicat|ad[aâ]nc|greu)|ниже|выше|глубже|тяжелее|дешевле|дороже|нижч\p{L}*|вищ\p{L}*|глибш\p{L}*|важч\p{L}*|дешевш\p{L}*|дорожч\p{L}*|χαμηλότερ\p{L}*|ψηλότερ\p{L}*|υψηλότερ\p{L}*|μεγαλύτερ\p{L}*|μικρότερ\p{L}*|daha (düşük|yüksek|derin|büyük|küçük|ağır))(?!\p{L})/iu;

/** Interrogatives that ask for a measure, not a count, and what they accept. */
const MEASURE_QUESTIONS: ReadonlyArray<readonly [RegExp, ReadonlyArray<UnitClass | 'count'>]> = [
  // Languages that tell a time from a length ("hvor lenge" / "hvor lang", "wie lange" / "wie lang"); English "how long" does not.
  [/\b(hvor lenge|hvor lang tid|hur länge|hur lång tid|wie lange|combien de temps|cu[aá]nto tiempo|how much time)\b/iu, ['duration']],
  [/\b(how (far|tall|deep|wide)|hvor (lang|langt|dyp|bred)|hur (lång|långt|djup|bred)|wie (lang|weit|tief|breit)|quelle (longueur|distance)|qu[eé] tan largo)\b/iu, ['length', 'area']],
  [/\bhow long\b/iu, ['length', 'duration', 'area']],
  // "How fast": a speed, or the rate a thing grows at ("wie schnell wächst die Bevölkerung": a percentage).
  [HOW_FAST, ['speed', 'percent']],
  // "How much lower", "насколько ниже": a difference of level or size, never a span of time.
  [BY_HOW_MUCH_MORE, ['length', 'area', 'mass', 'speed', 'percent', 'money']],
  [/\b(how old|hvor gammel|hur gammal|wie alt|quel âge|qu[eé] edad)\b/iu, ['duration', 'count']],
  [/\b(what (percentage|share|proportion)|hvor (stor|høy) (andel|prosent)|welche[rn]? (anteil|prozentsatz)|wie viel prozent|qu[eé] (porcentaje|proporci[oó]n)|ce (procent|propor[tț]ie)|quel(le)? (pourcentage|part|proportion))\b/iu, ['percent', 'count']],
  [/(^|\s)(какой процент|какая доля|який відсоток|яка частка|(ποιο|τι) ποσοστό)(\s|$|[?,])/iu, ['percent', 'count']],
  [/\b(cost|costs|costed|price|money|kost(et|er|a|ar|ete|en)?|gekostet|pris(en)?|penger|pengar|preis|geld(es)?|co[uû]te?|co[uû]t[ée]|co[uû]tait|prix|argent|cuesta|cost[oó]|costaba|costa|precio|dinero|soldi|dinheiro|bani|costat)\b/iu, ['money']],
  [/(^|\s)(стоит|стоил[аио]?|стоимость|коштує|коштува(в|ла|ло|ли)|вартість|ціна|деньги|денег|гроші|грошей|χρήματα|κόστισε|κοστίζει|κόστος)(\s|$|[?,])/iu, ['money']],
];

/** Interrogatives that ask for a count ("how many"): the answer is a plain number of the thing named. */
const COUNT_QUESTIONS = /\b(how many|hvor mange|hur många|wie viele|cu[aá]nt[oa]s|quant[ie]|quant[oa]s|πόσοι|πόσες|πόσα)\b/iu;

/** What a quantity question asks to be measured in, from its interrogative and the units it names ("in km/h"). */
function measuresOf(question: string, language: string): ReadonlySet<UnitClass | 'count'> | null {
  const named = unitsNamed(question, tokenize(question, language));
  if (named.length > 0) return new Set(named);
  const measure = MEASURE_QUESTIONS.find(([pattern]) => pattern.test(question));
  if (measure) return new Set(measure[1]);
  return COUNT_QUESTIONS.test(question) ? new Set(['count']) : null;
}

/** Date questions that ask for a century or a decade, not a year or a day. */
const CENTURY_DECADE_QUESTIONS: ReadonlyArray<readonly [RegExp, ReadonlyArray<UnitClass>]> = [
  [WHICH_CENTURY, ['century']],
  [WHICH_DECADE, ['decade']],
];

/** What a question of a kind asks to be measured in (see `AnalyzedQuestion.measures`). */
function measuresFor(kind: AnswerKindSpec | null, question: string, language: string): ReadonlySet<UnitClass | 'count'> | null {
  if (kind?.id === 'quantity') return measuresOf(question, language);
  const period = kind?.id === 'date' ? CENTURY_DECADE_QUESTIONS.find(([pattern]) => pattern.test(question)) : undefined;
  return period ? new Set(period[1]) : null;
}

/** Languages that write every noun with a capital letter. */
const NOUNS_CAPITALISED = new Set(['de', 'lb']);

/** Questions are often asked in English even of a corpus without English: its stopwords and stems always apply. */
const LINGUA_FRANCA = ['en'];

/**
 * Stage 1: the question's kind and search terms. Each word is stemmed with every corpus
 * language's stemmer, since a short question's language is a guess and names and cognates
 * (`land`/`Länder`, `Hanoi`) cross languages.
 */
export function analyzeQuestion(question: string, corpusLanguages: readonly string[], knownKind?: AnswerKindSpec | null): AnalyzedQuestion {
  const language = detectLanguage(question, [...corpusLanguages, ...LINGUA_FRANCA]);
  const languages = [...new Set([...corpusLanguages, ...LINGUA_FRANCA, language])];
  // Stopwords of the question's own language only: one language's function word is another's
  // content word (Spanish "mayor", Norwegian "by"). Among few candidates, a few words tell it.
  const asked = detectLanguageAmong(question, languages);
  const stopwordLanguages = asked === 'und' ? languages : [asked, ...LINGUA_FRANCA];
  const asking = interrogativeWords(question);
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  // The first term after the interrogative: "how many *countries*", "有多少*人*".
  let afterAsking: number | null = null;
  const tokens = tokenize(question, language === 'und' ? corpusLanguages[0] ?? 'und' : language);
  // German capitalises every noun: there a capital letter does not mark a name.
  const capitalisesNames = !NOUNS_CAPITALISED.has(language) && !NOUNS_CAPITALISED.has(asked);
  for (const [position, token] of tokens.entries()) {
    const word = token.surface.toLowerCase();
    if (!token.isNumber && asking.has(word)) afterAsking ??= terms.length;
    // Scripts without spaces keep their stopwords: frequency lists of such languages hold content
    // characters (年 year, 人 person), and the idf weight already discounts common words.
    if (!token.isNumber && (asking.has(word) || (isStopword(word, stopwordLanguages) && !isUnspaced(word)) || (word.length < 2 && !isUnspaced(word)))) continue;
    const variants = token.isNumber || isUnspaced(token.surface) ? [token.term] : [...new Set(languages.map((l) => stem(token.surface, l)))];
    const key = variants.join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    const name = capitalisesNames && position > 0 && !token.isNumber && /^\p{Lu}/u.test(token.surface);
    terms.push({ surface: token.surface, variants, isNumber: token.isNumber, focus: false, ...(name ? { name } : {}) });
  }
  const kind = knownKind === undefined ? kindOf(question) : knownKind;
  // "How many X", "hvor mange X", "多少X"; "who is the X", "wer ist der X": the first word after the
  // interrogative is what is counted, or the role of the person asked for (the first word when none follows it).
  const focus = terms[afterAsking ?? 0] ?? terms[0];
  // A name is what is asked about, never what is counted or the role asked for ("Hvor gammel er *Cenk Sahin*?").
  if ((kind?.id === 'quantity' || kind?.id === 'person') && focus && !focus.isNumber && !focus.name) focus.focus = true;
  const measures = measuresFor(kind, question, language);
  return { text: question, language, kind, terms, measures };
}

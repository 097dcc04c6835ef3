/**
 * Value spans in a sentence (figures with their qualifier and unit, dates, capitalised names):
 * found the same way at index time (the value index) and at answer time (the answer kinds), so
 * a value found in one article is looked up in the others by the same key.
 */
import { numberWordValue } from './number-words.js';
import { isStopword, type Token } from './analyzer.js';

export interface ValueSpan {
  /** What makes two spans the same value across articles and languages (see each finder). */
  key: string;
  /** Token range of the span (inclusive). */
  first: number;
  last: number;
  /** Character range in the text the tokens came from. */
  start: number;
  end: number;
  /** What a figure measures, by its unit or currency (null: a plain count, or no figure). */
  unit?: UnitClass | null;
}

/**
 * Words that qualify a figure ("nearly 70", "mehr als 2.500", "plus de 100"): shown with it, since
 * "70" alone would claim more than the text does. Lower-cased; matched on the one or two words
 * before the figure.
 */
const QUALIFIERS = new Set(
  [
    'about', 'around', 'almost', 'nearly', 'over', 'under', 'approximately', 'roughly', 'some', 'up to', 'more than', 'less than', 'fewer than', 'at least', 'at most',
    'nesten', 'omkring', 'rundt', 'cirka', 'ca', 'over', 'under', 'mer enn', 'mindre enn', 'minst', 'opptil', 'drøye', 'snaue', 'knapt',
    'nästan', 'omkring', 'runt', 'över', 'mer än', 'mindre än', 'minst', 'upp till', 'drygt', 'knappt',
    'fast', 'etwa', 'rund', 'knapp', 'über', 'unter', 'mehr als', 'weniger als', 'mindestens', 'bis zu', 'gut', 'ungefähr', 'circa',
    'près de', 'presque', 'environ', 'plus de', 'moins de', 'au moins', "jusqu'à", 'quelque',
    'casi', 'cerca de', 'unos', 'unas', 'alrededor de', 'más de', 'menos de', 'al menos', 'hasta',
    'quase', 'cerca de', 'mais de', 'menos de', 'pelo menos', 'até',
    'quasi', 'circa', 'oltre', 'più di', 'meno di', 'almeno', 'fino a',
    'майже', 'близько', 'понад', 'більше', 'менше', 'щонайменше', 'до', 'приблизно', 'понад',
    'почти', 'около', 'более', 'свыше', 'менее', 'примерно', 'не менее', 'до',
    'aproape', 'circa', 'peste', 'mai mult de', 'mai puțin de', 'cel puțin', 'până la',
    'yaklaşık', 'neredeyse', 'en az',
    'gần', 'khoảng', 'hơn', 'trên', 'dưới', 'ít nhất',
    'σχεδόν', 'περίπου', 'πάνω από', 'περισσότερα από', 'λιγότερα από', 'τουλάχιστον',
  ].map((w) => w.toLowerCase()),
);

/** Scale words after a figure, with their factor ("83,5 millioner", "2 Mrd."). */
const SCALES: Array<[RegExp, number]> = [
  [/^(thousand|tusen|tausend|mille|mil|тисяч[аі]?|тысяч[аи]?|bin|nghìn|ngàn|χιλιάδες|mii)$/iu, 1e3],
  [/^(millions?|mill?\.?|mio\.?|millioner|miljoner|millionen?|millones|milhões|milioni|мільйон(а|ів)?|млн\.?|миллион(а|ов)?|milioane|milion|milyon|triệu|εκατομμύρια|εκ\.?)$/iu, 1e6],
  [/^(billions?|bn|milliarder|miljarder|milliarden?|mrd\.?|milliards?|mil millones|bilhões|miliardi|мільярд(а|ів)?|млрд\.?|миллиард(а|ов)?|miliarde|milyar|tỷ|δισεκατομμύρια|δισ\.?)$/iu, 1e9],
];

/**
 * Units and currencies that belong to the figure they follow or precede ("412 million euros",
 * "$5"), by what they measure: a question about persons is not answered in metres.
 */
const UNIT_CLASSES: ReadonlyArray<readonly [UnitClass, RegExp]> = [
  ['percent', /^(%|percent|per cent|prosent|procent|prozent|pour cent|por ciento|por cento|per cento|відсотк(ів|и)|процент(ов|а)?|yüzde|phần trăm|τοις εκατό)$/iu],
  ['money', /^(dollars?|usd|euros?|eur|kroner|kronor|kr|nok|sek|pounds?|gbp|yen|yuan|rubles?|рублей|рублів|гривень|гривні|грн|доларів|долларов|євро|евро|dólares|dolari|lei|lira|liras?|đồng|ευρώ|δολάρια)$/iu],
  ['length', /^(km|kilomet(er|re)s?|kilometer|kilomètres?|kilómetros?|километр(ов|а)?|кілометр(ів|и)?|meters?|metres?|meter|mètres?|metros?|метр(ов|а)?|метр(ів|и)?|m|cm|mm|miles?|feet|foot|ft|inches|μέτρα|χιλιόμετρα)$/iu],
  ['area', /^(km²|m²|hektar|hectares?|acres?|kvadratkilometer|square)$/iu],
  ['mass', /^(kg|kilos?|kilograms?|kilogramm|tonnes?|tonn|tonnen|tons?|тонн|тонн?и|g|grams?)$/iu],
  ['duration', /^(hours?|timer|timmar|stunden|heures|horas|часов|годин|minutes?|minutter|minuter|minuten|days?|dager|dagar|tage|jours|días|дней|днів|weeks?|uker|veckor|wochen|semaines|months?|måneder|månader|monate|mois|meses|years?|år|jahre[n]?|ans|años|anos|лет|років|yıl|năm|χρόνια)$/iu],
];
export type UnitClass = 'percent' | 'money' | 'length' | 'area' | 'mass' | 'duration';

/** Words between a scale and its unit ("millones *de* euros"). */
const LINKS = new Set(['de', 'of', 'di', 'd’', "d'"]);

/** What a unit word measures, or null for a word that is no unit. */
export function unitClassOf(word: string): UnitClass | null {
  return UNIT_CLASSES.find(([, pattern]) => pattern.test(word))?.[0] ?? null;
}
const CURRENCY_SIGNS = /^[$€£¥₴₽]$/u;

const isYear = (canonical: string) => /^(1[5-9]|20)\d\d$/.test(canonical);
/** A year is written as four digits: "1 500", "1.500" and "1,500" are counts. */
const isYearToken = (token: Token) => token.isNumber && /^\d{4}$/u.test(token.surface) && isYear(token.term);

/**
 * Figures repeated across reports of one event are the same fact: a number above any day of
 * the month, or with decimals, that is not a year. Small numbers recur by chance.
 */
export function isDistinctiveNumber(key: string): boolean {
  const n = Number(key);
  return Number.isFinite(n) && (n > 31 || !Number.isInteger(n)) && !isYear(key);
}

function formatKey(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** Figures: digits or spelled-out small numbers, with a qualifier before and a scale and unit after. */
/** `dates`: the text's date spans, when the caller has them already (a day of a date is no quantity). */
export function quantitySpans(text: string, tokens: Token[], language: string, dates: ValueSpan[] = dateSpans(tokens, language)): ValueSpan[] {
  const spans: ValueSpan[] = [];
  const inDates = new Set(dates.flatMap((d) => Array.from({ length: d.last - d.first + 1 }, (_, k) => d.first + k)));
  tokens.forEach((token, i) => {
    if (inDates.has(i)) return;
    const base = token.isNumber ? Number(token.term) : numberWordValue(token.surface, language);
    if (base === undefined || !Number.isFinite(base)) return;
    if (isYearToken(token) && !(tokens[i + 1] && unitClassOf(tokens[i + 1]!.surface))) return;
    let first = i;
    let last = i;
    let factor = 1;
    const scale = tokens[i + 1] && SCALES.find(([pattern]) => pattern.test(tokens[i + 1]!.surface));
    if (scale) {
      factor = scale[1];
      last = i + 1;
    }
    let unit: UnitClass | null = null;
    // "412 million euros", and after a scale "421 millones de euros", "2 millions of dollars".
    const linked = scale && LINKS.has(tokens[last + 1]?.surface.toLowerCase() ?? '') ? 1 : 0;
    const unitWord = tokens[last + 1 + linked];
    if (unitWord && unitClassOf(unitWord.surface) && isAdjacent(text, tokens[last + linked]!, unitWord) && (!linked || isAdjacent(text, tokens[last]!, tokens[last + 1]!))) {
      unit = unitClassOf(unitWord.surface);
      last += 1 + linked;
    }
    for (const width of [2, 1]) {
      const words = tokens.slice(Math.max(0, i - width), i);
      if (words.length === width && words.every((w) => !w.isNumber) && QUALIFIERS.has(words.map((w) => w.surface.toLowerCase()).join(' '))) {
        first = i - width;
        break;
      }
    }
    const start = tokens[first]!.start;
    let end = tokens[last]!.end;
    // A percent sign or currency sign right after the figure is part of it.
    const after = text.slice(end, end + 2);
    if (/^\s?[%€$£]/u.test(after)) {
      end += after.indexOf(after.trim()[0]!) + 1;
      unit = after.trim()[0] === '%' ? 'percent' : 'money';
    }
    const before = text.slice(Math.max(0, start - 1), start);
    const signed = CURRENCY_SIGNS.test(before) ? start - 1 : start;
    if (signed < start) unit = 'money';
    spans.push({ key: formatKey(base * factor), first, last, start: signed, end, unit });
  });
  return spans;
}

function isAdjacent(text: string, a: Token, b: Token): boolean {
  return /^[\s\u00a0]*$/u.test(text.slice(a.end, b.start));
}

const monthNames = new Map<string, Map<string, number>>();
/** Month names as the language writes them alone and in dates ("жовтня", "octobre"), to their number. */
function monthsOf(language: string): Map<string, number> {
  let months = monthNames.get(language);
  if (!months) {
    months = new Map<string, number>();
    try {
      // Three formatters for the twelve months: creating one costs far more than formatting with it.
      const formats = ([{ month: 'long' }, { month: 'short' }, { day: 'numeric', month: 'long' }] as const).map((options) => new Intl.DateTimeFormat(language, { ...options, timeZone: 'UTC' }));
      for (let m = 0; m < 12; m++) {
        const date = new Date(Date.UTC(2024, m, 15));
        for (const format of formats) {
          for (const part of format.formatToParts(date)) {
            if (part.type === 'month') months.set(part.value.toLowerCase().replace(/\.$/u, ''), m + 1);
          }
        }
      }
    } catch {
      // An unknown language tag: no month names.
    }
    monthNames.set(language, months);
  }
  return months;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Dates: day and month with the year when it follows ("1 January 2026", "1. Januar 2026",
 * "26 жовтня"), month and year, or a year alone. The key is ISO-like (`2026-01-01`, `--10-26`,
 * `2026`), so the same date matches across languages.
 */
const datedMonths = new Map<string, Map<string, number>>();
/** English month names (dates are often written in English anywhere) with the language's own. */
function dateMonthsOf(language: string): Map<string, number> {
  let months = datedMonths.get(language);
  if (!months) datedMonths.set(language, (months = new Map([...monthsOf('en'), ...monthsOf(language)])));
  return months;
}

export function dateSpans(tokens: Token[], language: string): ValueSpan[] {
  const months = dateMonthsOf(language);
  const spans: ValueSpan[] = [];
  const used = new Set<number>();
  tokens.forEach((token, i) => {
    const month = token.isNumber ? undefined : months.get(token.surface.toLowerCase());
    if (month === undefined) return;
    const dayToken = [tokens[i - 1], tokens[i + 1]].find((t) => t?.isNumber && Number.isInteger(Number(t.term)) && Number(t.term) >= 1 && Number(t.term) <= 31);
    const day = dayToken ? Number(dayToken.term) : null;
    let first = dayToken && dayToken === tokens[i - 1] ? i - 1 : i;
    let last = dayToken && dayToken === tokens[i + 1] ? i + 1 : i;
    // A preposition between month and day ("1 de enero") is allowed on the left.
    if (!dayToken && tokens[i - 2]?.isNumber && Number(tokens[i - 2]!.term) <= 31 && tokens[i - 1] && tokens[i - 1]!.surface.length <= 3) {
      first = i - 2;
    }
    const yearAt = [last + 1, last + 2].find((j) => tokens[j] !== undefined && isYearToken(tokens[j]!) && j - last <= (tokens[last + 1]?.isNumber ? 1 : 2));
    const year = yearAt !== undefined ? tokens[yearAt]!.term : null;
    if (yearAt !== undefined) last = yearAt;
    if (day === null && year === null) return;
    const dayKey = day ?? (first === i - 2 ? Number(tokens[i - 2]!.term) : null);
    const key = `${year ?? '-'}-${pad(month)}${dayKey ? `-${pad(dayKey)}` : ''}`;
    for (let j = first; j <= last; j++) used.add(j);
    spans.push({ key, first, last, start: tokens[first]!.start, end: tokens[last]!.end });
  });
  tokens.forEach((token, i) => {
    if (isYearToken(token) && !used.has(i)) spans.push({ key: token.term, first: i, last: i, start: token.start, end: token.end });
  });
  return spans;
}

const isCapitalized = (t: Token) => !t.isNumber && /^\p{Lu}/u.test(t.surface);
/** Small words that join the parts of a name ("Ministry of Public Security", "Jean de la Fontaine"). */
const NAME_JOINERS = new Set(['of', 'for', 'de', 'la', 'le', 'du', 'des', 'da', 'do', 'dos', 'van', 'von', 'der', 'den', 'di', 'del', 'y', 'and', 'und', 'et', 'og', 'och', 'för', 'for', 'für']);

/**
 * Names: runs of capitalised words (with joiners inside, "Ministry of Public Security"), and
 * all-capital acronyms. `minWords` 2 for people; 1 for places and organisations. The key is
 * the lower-cased last two words: titles in front vary between reports, names do not.
 */
/** Particles inside people's names ("Ludwig van Beethoven", "Leonardo da Vinci"); other joiners belong to organisations' names. */
const PERSON_PARTICLES = new Set(['de', 'da', 'do', 'dos', 'van', 'von', 'der', 'den', 'di', 'del', 'la', 'le', 'bin', 'ibn']);

export function nameSpans(text: string, tokens: Token[], minWords = 2, language = 'und', joiners: ReadonlySet<string> = NAME_JOINERS): ValueSpan[] {
  const spans: ValueSpan[] = [];
  let i = 0;
  while (i < tokens.length) {
    // "Der Haushalt", "The Council": a capitalised function word opens the sentence, not a name.
    if (!isCapitalized(tokens[i]!) || isStopword(tokens[i]!.surface, [language, 'en'])) {
      i++;
      continue;
    }
    let last = i;
    for (let j = i + 1; j < tokens.length; j++) {
      if (!isAdjacent(text, tokens[j - 1]!, tokens[j]!)) break;
      if (isCapitalized(tokens[j]!)) last = j;
      else if (!(joiners.has(tokens[j]!.surface) && tokens[j + 1] && isCapitalized(tokens[j + 1]!))) break;
    }
    const words = tokens.slice(i, last + 1).filter(isCapitalized);
    const acronym = last === i && /^\p{Lu}{2,}$/u.test(tokens[i]!.surface);
    // A lone capitalised first word is usually just the start of the sentence.
    const sentenceStart = i === 0 && last === 0 && !acronym;
    if (words.length >= minWords && !sentenceStart) {
      const key = words.slice(-2).map((w) => w.surface.toLowerCase()).join(' ');
      spans.push({ key, first: i, last, start: tokens[i]!.start, end: tokens[last]!.end });
    }
    i = last + 1;
  }
  return spans;
}

/** People's names: two capitalised words or more, joined only by name particles. */
export const personSpans = (text: string, tokens: Token[], language: string) => nameSpans(text, tokens, 2, language, PERSON_PARTICLES);

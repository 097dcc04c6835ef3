/**
 * Value spans in a sentence (figures with their qualifier and unit, dates, capitalised names):
 * found the same way at index time (the value index) and at answer time (the answer kinds), so
 * a value found in one article is looked up in the others by the same key.
 */
import { monthNamesIn } from './months.js';
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
 * "70" alone would claim more than the text does. Lower-cased; matched on the one to three words
 * before the figure, as written between them ("jusqu'à").
 */
const QUALIFIERS = new Set(
  [
    'about', 'around', 'almost', 'nearly', 'over', 'under', 'approximately', 'approx', 'roughly', 'some', 'an estimated', 'close to', 'up to', 'more than', 'less than', 'fewer than', 'at least', 'at most',
    'nesten', 'omkring', 'rundt', 'cirka', 'ca', 'omtrent', 'om lag', 'nærmere', 'bortimot', 'anslagsvis', 'over', 'under', 'mer enn', 'mindre enn', 'minst', 'opptil', 'drøye', 'drøyt', 'snaue', 'snaut', 'knapt', 'knappe', 'i overkant av', 'i underkant av',
    'nästan', 'omkring', 'runt', 'ungefär', 'närmare', 'uppemot', 'över', 'mer än', 'mindre än', 'minst', 'upp till', 'drygt', 'knappt',
    'fast', 'etwa', 'rund', 'knapp', 'ungefähr', 'circa', 'zirka', 'annähernd', 'nahezu', 'schätzungsweise', 'über', 'unter', 'mehr als', 'weniger als', 'mindestens', 'bis zu', 'gut',
    'près de', 'presque', 'environ', 'approximativement', 'à peu près', 'autour de', 'quelque', 'plus de', 'moins de', 'au moins', "jusqu'à",
    'casi', 'cerca de', 'unos', 'unas', 'alrededor de', 'aproximadamente', 'en torno a', 'más de', 'menos de', 'al menos', 'hasta',
    'quase', 'cerca de', 'aproximadamente', 'em torno de', 'por volta de', 'mais de', 'menos de', 'pelo menos', 'até',
    'quasi', 'circa', 'approssimativamente', 'intorno a', 'oltre', 'più di', 'meno di', 'almeno', 'fino a',
    'майже', 'близько', 'приблизно', 'орієнтовно', 'понад', 'більше', 'менше', 'щонайменше', 'до',
    'почти', 'около', 'примерно', 'приблизительно', 'порядка', 'более', 'свыше', 'менее', 'не менее', 'до',
    'aproape', 'circa', 'aproximativ', 'în jur de', 'peste', 'mai mult de', 'mai puțin de', 'cel puțin', 'până la',
    'yaklaşık', 'neredeyse', 'tahminen', 'takriben', 'aşağı yukarı', 'en az',
    'gần', 'khoảng', 'tới', 'lên tới', 'lên đến', 'xấp xỉ', 'chừng', 'ước tính', 'hơn', 'trên', 'dưới', 'ít nhất',
    'σχεδόν', 'περίπου', 'γύρω στα', 'γύρω στους', 'γύρω στις', 'κοντά στα', 'κοντά στους', 'κοντά στις', 'πάνω από', 'περισσότερα από', 'περισσότεροι από', 'περισσότερες από', 'περισσότερους από', 'λιγότερα από', 'τουλάχιστον', 'έως', 'μέχρι',
  ].map((w) => w.toLowerCase()),
);
const QUALIFIER_WORDS = Math.max(...[...QUALIFIERS].map((q) => q.split(/[\s']/u).length));

/**
 * Scale words after a figure, with their factor ("83,5 millioner", "2 Mrd.", "450 mln", "3 млрд"):
 * full words in their singular and plural forms and the abbreviations news writes.
 */
const SCALES: Array<[RegExp, number]> = [
  // Hindi counts in lakhs (100 000) and crores (10 million).
  [/^(लाख)$/u, 1e5],
  [/^(करोड़|करोड)$/u, 1e7],
  [/^(thousand|tusen|tusind|tausend|tsd\.?|duizend|tys\.?|tysięcy|tuhatta|mille|тисяч[аі]?|тис\.?|тысяч[аи]?|тыс\.?|nghìn|ngàn|χιλιάδες|χιλιάδων|ألف|آلاف|الف|هزار|हज़ार|हजार|천)$/iu, 1e3],
  [/^(millions?|mill\.?|mio\.?|mln\.?|millioner|miljon(er)?|miljoen|milion(y|ów)?|miljoonaa|millionen?|millón|millones|milhão|milhões|milione|milioni|мільйон(а|ів)?|млн\.?|миллион(а|ов)?|milioane|milion|milyon|triệu|εκατομμύρι(ο|α|ων)|εκ\.?|مليون|ملايين|میلیون|मिलियन)$/iu, 1e6],
  [/^(billions?|bn|milliarder|miljard(er|ia)?|miliard(y|ów)?|milliarden?|mrd\.?|mdr\.?|mld\.?|milliards?|bilhões|miliardi|мільярд(а|ів)?|млрд\.?|миллиард(а|ов)?|miliarde?|milyar|tỷ|tỉ|δισεκατομμύρι(ο|α|ων)|δισ\.?|مليار|مليارات|میلیارد|बिलियन)$/iu, 1e9],
];
/**
 * Scale words of one language only: elsewhere the same word is something else. Spanish and
 * Portuguese "mil" is a thousand and Romanian "mil." a million, but Turkish, Norwegian and
 * Swedish "mil" is a mile (a unit of length); Turkish "bin" is a thousand, German "bin" is "am".
 */
const LANGUAGE_SCALES: Record<string, Array<[RegExp, number]>> = {
  es: [[/^mil$/iu, 1e3]],
  pt: [[/^mil$/iu, 1e3]],
  ca: [[/^mil$/iu, 1e3]],
  gl: [[/^mil$/iu, 1e3]],
  it: [[/^mila$/iu, 1e3]],
  // Romanian "mii" (thousands) and "mil." (milioane).
  ro: [[/^mii$/iu, 1e3], [/^mil$/iu, 1e6]],
  tr: [[/^bin$/iu, 1e3]],
  // Norwegian and Danish "mia." (milliarder); Italian "mia" is "my".
  no: [[/^mia$/iu, 1e9]],
  nb: [[/^mia$/iu, 1e9]],
  nn: [[/^mia$/iu, 1e9]],
  da: [[/^mia$/iu, 1e9]],
};

/** The factor of a scale word in a language ("mil": 1000 in Spanish, none in Turkish), or undefined. */
function scaleOf(word: string, language: string): number | undefined {
  return [...(LANGUAGE_SCALES[language] ?? []), ...SCALES].find(([pattern]) => pattern.test(word))?.[1];
}
/** Scales written onto a figure after a currency sign ("$5m", "£30k"), where elsewhere "m" is metres. */
const CURRENCY_SCALES: Readonly<Record<string, number>> = { k: 1e3, m: 1e6 };
/** Romanian joins figures from 20 up to their scale or unit with "de" ("40 de milioane de lei"). */
const FIGURE_LINKS: Record<string, ReadonlySet<string>> = { ro: new Set(['de']) };

/**
 * Units and currencies that belong to the figure they follow or precede ("412 million euros",
 * "$5"), by what they measure: a question about persons is not answered in metres.
 */
const UNIT_CLASSES: ReadonlyArray<readonly [UnitClass, RegExp]> = [
  ['percent', /^(%|percent|per cent|prosent|procent|prozent|pour cent|por ciento|por cento|per cento|procente|la sută|відсот(ок|ка|ки|ків)|процент(ов|а)?|yüzde|phần trăm|τοις εκατόν?)$/iu],
  ['money', /^(dollars?|usd|euros?|eur|kroner|kronor|kronen|couronnes|coronas|крон|кроны|крони|kr|nok|sek|pounds?|gbp|yen|yuan|rubles?|рублей|рублів|гривень|гривні|грн|доларів|долларов|євро|евро|dólares|dolari|lei|lira|liras?|đồng|ευρώ|δολάρια)$/iu],
  ['length', /^(km|kilomet(er|re)s?|kilometer|kilomètres?|kilómetros?|километр(ов|а)?|кілометр(ів|и|а)?|meters?|metres?|meter|mètres?|metros?|метр(ов|а)?|метр(ів|и|а)?|m|cm|mm|miles?|mil|feet|foot|ft|inches|μέτρα|χιλιόμετρα|км|м|см|мм|фут(а|ов)?|миль|мил[яи]|χλμ|mét|dặm|متر(ا)?|أمتار|كيلومتر(ا|ات)?|किमी|मीटर|किलोमीटर|กม|กิโลเมตร|เมตร)$/iu],
  ['area', /^(km²|m²|hektar|hectares?|hectáreas?|acres?|kvadrat(kilo)?meter|quadrat(kilo)?metern?|square( (miles?|kilomet(er|re)s?|met(er|re)s?|feet))?|sq (mi|km)|mil kare\p{L}*|(kilo)?metre ?kare\p{L}*|(kilómetros|metros) cuadrados|millas cuadradas|(kilo)?mètres carrés|квадратных (кило)?метров|квадратних (кіло)?метрів)$/iu],
  ['mass', /^(kg|kilos?|kilograms?|kilogramm|tonnes?|tonn|tonnen|tons?|тонн|тонн?и|g|grams?)$/iu],
  // Speeds, as abbreviations written across a slash ("km/h", "км/ч", "m/s") or in words ("miles per hour"), and the words
  // Chinese, Japanese and Korean write in front of the figure ("时速180公里", "시속 180km"): never a length.
  ['speed', /^(km\/(h|hr|t|tim|std|saat|s|jam|giờ|ora|oră|u|ώρα)|dặm\/giờ|hải lý\/giờ|kmh|kph|km\/h|mph|mi\/h|m\/s|ft\/s|knots?|knop|knoten|nœuds?|noeuds?|nudos?|nodi|noduri|węzłów|sekundmeter|stundenkilometern?|км\/(ч|час|год|с|сек)|м\/с|узл(а|ов)|вузл(и|ів)|χλμ\/(ώρα|ω)|κόμβ(ους|ων|οι)|كم\/(ساعة|س)|किमी\/(घंटा|घंटे)|กม\/ชม|时速|時速|시속|(kilomet(er|re)s?|miles?|met(er|re)s?|feet) (per|an|a) (hour|second)|(kilo)?meter (i timen|i timmen|i sekundet|per time|per timme|per sekund|per jam|per detik)|(kilo)?meter pro (stunde|sekunde)|(kilo)?mètres? (par heure|à l'heure|par seconde)|(kil[oó])?metros? por (hora|segundo)|(kilo)?metri (all'ora|orari|pe oră|pe secundă|al secondo)|(кило)?метр(ов|а)? в (час|секунду)|(кіло)?метр(ів|и)? (на|за) (годину|секунду)|kilometre\/saat|kilomet (mỗi|một|trên) giờ|χιλιόμετρα (την|ανά) ώρα|كيلومتر(ا|ات)? في الساعة|किलोमीटर प्रति (घंटा|घंटे))$/iu],
  ['duration', /^(hours?|timer|timmar|stunden|heures|horas|часов|годин|minutes?|minutter|minuter|minuten|days?|dager|dagar|tage|jours|días|дней|днів|weeks?|uker|veckor|wochen|semaines|months?|måneder|månader|monate|mois|meses|years?|år|jahre[n]?|ans|años|anos|лет|років|yıl|năm|χρόνια)$/iu],
];
export type UnitClass = 'percent' | 'money' | 'length' | 'area' | 'mass' | 'speed' | 'duration' | CenturyOrDecade;
/** What a date names when it names no year: a century or a decade ("which century" asks for one). */
export type CenturyOrDecade = 'century' | 'decade';

/** Words between a scale and its unit ("millones *de* euros"). */
const LINKS = new Set(['de', 'of', 'di', 'd']);

/** What a unit word measures, or null for a word that is no unit. */
export function unitClassOf(word: string): UnitClass | null {
  return UNIT_CLASSES.find(([, pattern]) => pattern.test(word))?.[0] ?? null;
}
/**
 * Fractions' denominators: after one, a number counts parts, not things ("nearly three-quarters",
 * "zwei Drittel", "две трети"), and is no figure of its own.
 */
const FRACTIONS = /^(halves|thirds|quarters|fifths|sixths|sevenths|eighths|ninths|tenths|tredjedeler|fjerdedeler|firedeler|femtedeler|tredjedelar|fjärdedelar|femtedelar|drittel|viertel|fünftel|tiers|quarts|cinquièmes|tercios|cuartas|terzi|quarti|terços|quartas|трети|четверти|пятых|третини|чверті|п'ятих|п’ятих)$/iu;

/** Whether the number at token `at` is a fraction's numerator ("three-quarters", "две трети"). */
const isNumerator = (text: string, tokens: Token[], at: number) => {
  const next = tokens[at + 1];
  return next !== undefined && FRACTIONS.test(next.surface) && /^[\s\u00a0\-\u2010\u2011]*$/u.test(text.slice(tokens[at]!.end, next.start));
};

/** Unit words written before the figure: Turkish "yüzde 18" (18 percent), Chinese "时速180公里" (180 km an hour). */
const PREFIX_UNITS = /^(yüzde|时速|時速|시속)$/iu;

const isYear = (canonical: string) => /^(1[5-9]|20)\d\d$/.test(canonical);
/** Four digits before 1500: a year only where the sentence says so ("in 1066", "в 1066 году"); otherwise a count. */
const isEarlyYear = (canonical: string) => /^1[0-4]\d\d$/.test(canonical);

/** Words right before a year that say it is one ("the year 1066", "im Jahr 1066", "năm 1066", "anul 1066", Greek "το 1453"). */
const YEAR_WORDS_BEFORE = new Set(['year', 'ad', 'anno', 'år', 'året', 'jahr', 'jahre', 'an', 'année', 'año', 'ano', 'anul', 'έτος', 'το', 'năm']);
/** Words right after a year that say it is one ("1066 AD", "в 1066 году", "у 1066 році", "1066 yılında"). */
const YEAR_WORDS_AFTER = new Set(['ad', 'ce', 'bc', 'bce', 'год', 'году', 'года', 'рік', 'році', 'року', 'yılı', 'yılında', 'yılından', 'yılına']);
/** Prepositions of time before a year ("in 1066", "i 1066", "en 1066", "в 1066", "después de 1279", "de 1321 a 1323"). */
const YEAR_PREPOSITIONS = new Set([
  'in', 'since', 'until', 'after', 'before', 'by', 'from', 'to', 'i', 'siden', 'etter', 'før', 'fra', 'til', 'sedan', 'efter', 'före', 'från', 'till',
  'seit', 'nach', 'vor', 'bis', 'ab', 'en', 'depuis', 'après', 'avant', 'de', 'à', 'a', 'desde', 'después', 'antes', 'hasta', 'em', 'nel', 'dal',
  'în', 'din', 'după', 'până', 'в', 'во', 'у', 'с', 'з', 'по', 'после', 'до', 'от', 'після', 'від', 'μετά', 'πριν', 'από', 'έως', 'μέχρι', 'sau', 'trước', 'từ', 'đến',
]);
/**
 * Words that go on a clause after "in 1066" (conjunctions, articles, pronouns, auxiliaries),
 * where after "in 1200 villages" a counted thing stands.
 */
const AFTER_A_YEAR_CLAUSE = new Set([
  'and', 'or', 'but', 'the', 'a', 'an', 'when', 'he', 'she', 'it', 'they', 'was', 'were', 'had',
  'og', 'men', 'da', 'ble', 'var', 'kom', 'han', 'hun', 'och', 'då', 'blev', 'hon',
  'und', 'als', 'wurde', 'war', 'hatte', 'die', 'der', 'das', 'er', 'sie',
  'et', 'le', 'la', 'les', 'il', 'elle', 'ils', 'quand', 'y', 'el', 'los', 'las', 'cuando', 'se', 'e', 'o', 'os', 'as', 'quando',
  'și', 'au', 'când', 'и', 'а', 'когда', 'был', 'была', 'были', 'і', 'й', 'коли', 'був', 'була', 'були', 've', 'και', 'όταν',
]);
/** Turkish case endings after a year's apostrophe ("1066'da", "1066'dan", "1066'ya kadar", "1066'nın"). */
const TURKISH_YEAR_ENDINGS = new Set(['da', 'de', 'ta', 'te', 'dan', 'den', 'tan', 'ten', 'e', 'a', 'ye', 'ya', 'in', 'ın', 'nin', 'nın', 'un', 'ün']);

/** A number written as four digits and nothing else ("1.500" and "1 500" are counts), in any script. */
const fourDigits = (t: Token | undefined) => t !== undefined && t.isNumber && /^\p{Nd}{4}$/u.test(t.surface);

/**
 * Whether the number at token `at` is a year of the Buddhist era, as Thai writes them (2501 BE is
 * 1958 CE): 2400–2699 after "พ.ศ." or "ปี" (year).
 */
function isBuddhistEraYear(tokens: Token[], at: number): boolean {
  if (!/^2[4-6]\d\d$/u.test(tokens[at]!.term)) return false;
  const [twoBefore, before] = [tokens[at - 2]?.surface, tokens[at - 1]?.surface];
  return before === 'ปี' || (twoBefore === 'พ' && before === 'ศ');
}

/**
 * Whether the number at token `at` is one end of a span of years ("Jochi (1185–1226)", "from
 * 1321-1323"): two four-digit numbers one character apart (a dash), the later within a lifetime
 * of the earlier, and no counted thing after them ("1200-1300 villages" are counts).
 */
function inYearSpan(tokens: Token[], at: number): boolean {
  for (const first of [at - 1, at]) {
    const [a, b] = [tokens[first], tokens[first + 1]];
    if (!fourDigits(a) || !fourDigits(b) || b!.start - a!.end !== 1) continue;
    const gap = Number(b!.term) - Number(a!.term);
    if (gap <= 0 || gap > 120) continue;
    const after = tokens[first + 2];
    if (!after || after.isNumber || after.start - b!.end > 1 || AFTER_A_YEAR_CLAUSE.has(after.surface.toLowerCase())) return true;
  }
  return false;
}

/**
 * Whether the number at token `at` is a year. A year is written as four digits: "1 500", "1.500"
 * and "1,500" are counts. From 1500 on four digits alone are a year (figures that large are
 * written with a separator); before it, only where the sentence says so: after a month
 * (`afterMonth`, "14 October 1066"), beside a word for year or era ("the year 1066", "1066
 * AD", "в 1066 году", "1066 yılında", "1066'da"), or after a preposition of time where no
 * counted thing follows ("in 1066, the Normans", "built in 1066 and", but not "in 1200 schools").
 */
function isYearToken(tokens: Token[], at: number, language: string, afterMonth = false): boolean {
  const token = tokens[at]!;
  if (!fourDigits(token)) return false;
  if (isYear(token.term)) return true;
  if (isBuddhistEraYear(tokens, at)) return true;
  if (!isEarlyYear(token.term)) return false;
  if (afterMonth) return true;
  const before = tokens[at - 1];
  const after = tokens[at + 1];
  const word = (t: Token | undefined) => (t && !t.isNumber ? t.surface.toLowerCase() : '');
  // One character at most between the words: a space (or Turkish's apostrophe); more is punctuation.
  const next = (a: Token, b: Token | undefined) => b !== undefined && b.start - a.end <= 1;
  if (after && next(token, after) && (YEAR_WORDS_AFTER.has(word(after)) || (language === 'tr' && TURKISH_YEAR_ENDINGS.has(word(after))))) return true;
  if (inYearSpan(tokens, at)) return true;
  if (!before || !next(before, token)) return false;
  if (YEAR_WORDS_BEFORE.has(word(before))) return true;
  if (!YEAR_PREPOSITIONS.has(word(before))) return false;
  // A clause goes on, or another preposition of time follows ("from 1319 to 1343").
  return !after || !next(token, after) || AFTER_A_YEAR_CLAUSE.has(word(after)) || YEAR_PREPOSITIONS.has(word(after));
}

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

/** The token indices spans cover. */
const tokensIn = (spans: ValueSpan[]) => new Set(spans.flatMap((s) => Array.from({ length: s.last - s.first + 1 }, (_, k) => s.first + k)));

/** Figures: digits or spelled-out small numbers, with a qualifier before and a scale and unit after. */
/** `dates`: the text's date spans, when the caller has them already (a day of a date is no quantity). */
export function quantitySpans(text: string, tokens: Token[], language: string, dates: ValueSpan[] = dateSpans(text, tokens, language)): ValueSpan[] {
  const spans: ValueSpan[] = [];
  const inDates = tokensIn(dates);
  /** The figure before: its last token (the "2" of its "km2" is no figure of its own) and where it ends (its "%" is no sign of the next figure). */
  let taken = -1;
  let takenEnd = 0;
  tokens.forEach((token, i) => {
    if (inDates.has(i) || i <= taken) return;
    const base = token.isNumber ? Number(token.term) : numberWordValue(token.surface, language);
    if (base === undefined || !Number.isFinite(base) || isNumerator(text, tokens, i)) return;
    if (isYearToken(tokens, i, language) && !(tokens[i + 1] && unitClassOf(tokens[i + 1]!.surface))) return;
    let last = i;
    let factor = 1;
    // "40 de milioane" (Romanian), when a scale or unit follows the link word.
    const figureLink = FIGURE_LINKS[language]?.has(tokens[i + 1]?.surface.toLowerCase() ?? '') && tokens[i + 2] && isAdjacent(text, token, tokens[i + 1]!) ? 1 : 0;
    if (figureLink && (scaleOf(tokens[i + 2]!.surface, language) !== undefined || unitClassOf(tokens[i + 2]!.surface))) last += 1;
    // "2 Mrd.", and a scale of a scale: Spanish "3 mil millones" is three thousand millions.
    let scales = 0;
    for (let scale: number | undefined; scales < 2 && tokens[last + 1] && (scale = scaleOf(tokens[last + 1]!.surface, language)) !== undefined; scales++, last++) factor *= scale;
    // After a currency sign, "m" and "k" written onto the figure are a million and a thousand ("$5m", "£30k"), not metres.
    const sign = /([$€£¥₴₽%])\s?$/u.exec(text.slice(Math.max(takenEnd, token.start - 2), token.start));
    const abbreviated = sign && sign[1] !== '%' && scales === 0 && tokens[i + 1]?.start === token.end ? CURRENCY_SCALES[tokens[i + 1]!.surface.toLowerCase()] : undefined;
    if (abbreviated) {
      factor = abbreviated;
      scales = 1;
      last += 1;
    }
    const scaled = scales > 0;
    let unit: UnitClass | null = null;
    // "412 million euros", and after a scale "421 millones de euros", "2 millions d'euros".
    const link = scaled ? linkAfter(text, tokens, last) : 0;
    // After an abbreviated scale its full stop ("2,3 mrd. kroner").
    const measured = unitAt(text, tokens, last + 1 + link, link ? (tokens[last + 1]!.surface.toLowerCase() === 'd' ? ELIDED : SPACE) : scaled ? AFTER_ABBREVIATION : SPACE);
    /** The exponent of a squared unit: part of the text the span covers, not of its words (it is no figure of the sentence). */
    let exponent = 0;
    if (measured) {
      unit = measured.unit;
      last = measured.last;
      // "km2", "m²": a length squared is an area.
      if (unit === 'length' && /^[2²](?!\d)/u.test(text.slice(tokens[last]!.end))) {
        unit = 'area';
        exponent = 1;
      }
    }
    // A unit in front: Turkish "yüzde 18" and "%18" (18 percent), "$5", "€3 billion".
    let lead = i;
    let start = token.start;
    if (sign) {
      start -= sign[0].length;
      unit = sign[1] === '%' ? 'percent' : 'money';
    } else if (tokens[i - 1] && i - 1 > taken && PREFIX_UNITS.test(tokens[i - 1]!.surface) && isAdjacent(text, tokens[i - 1]!, token)) {
      lead = i - 1;
      start = tokens[lead]!.start;
      unit = unitClassOf(tokens[lead]!.surface);
    }
    const first = qualifierBefore(text, tokens, lead) ?? lead;
    if (first < lead) start = tokens[first]!.start;
    const qualified = qualifierAfter(text, tokens, last, language);
    let end = qualified === undefined ? tokens[last]!.end + exponent : tokens[qualified]!.end;
    // A percent sign or currency sign right after the figure is part of it.
    const after = text.slice(end, end + 2);
    // Arabic and Persian write their own percent sign (٪).
    if (/^\s?[%٪€$£]/u.test(after)) {
      end += after.indexOf(after.trim()[0]!) + 1;
      unit = '%٪'.includes(after.trim()[0]!) ? 'percent' : 'money';
    }
    if (qualified !== undefined) last = qualified;
    spans.push({ key: formatKey(base * factor), first, last, start, end, unit });
    // The exponent's "2" is a token of its own.
    taken = exponent && tokens[last + 1]?.start === tokens[last]!.end ? last + 1 : last;
    takenEnd = end;
  });
  const periods = periodSpans(tokens, language);
  return periods.length > 0 ? [...spans, ...periods].sort((a, b) => a.start - b.start) : spans;
}

/** What may stand between two words of one figure: spaces; a full stop after an abbreviation ("mrd. kroner"); the apostrophe of an elided word ("d'euros"). */
const SPACE = /^[\s\u00a0]*$/u;
const AFTER_ABBREVIATION = /^\.?[\s\u00a0]*$/u;
const ELIDED = /^['’]$/u;

function isAdjacent(text: string, a: Token, b: Token, gap: RegExp = SPACE): boolean {
  return gap.test(text.slice(a.end, b.start));
}

/** The first token of the qualifier right before token `at` ("nearly", "mehr als", "i overkant av"), if there is one; the longest wins. */
function qualifierBefore(text: string, tokens: Token[], at: number): number | undefined {
  for (let width = QUALIFIER_WORDS; width >= 1; width--) {
    const words = tokens.slice(Math.max(0, at - width), at);
    if (words.length < width || words.some((w) => w.isNumber)) continue;
    const written = text.slice(words[0]!.start, words[width - 1]!.end).toLowerCase().replace(/[\s\u00a0]+/gu, ' ').replace(/’/gu, "'");
    if (QUALIFIERS.has(written)) return at - width;
  }
  return undefined;
}

/** Qualifiers a language writes after the figure: Turkish "300 civarında" (about 300), "1.000'den fazla" (more than 1,000), "yüzde 25'e kadar" (up to 25 percent). */
const QUALIFIERS_AFTER: Readonly<Record<string, ReadonlySet<string>>> = { tr: new Set(['civarında', 'dolayında', 'kadar', 'fazla', 'aşkın']) };
/** Turkish writes a case ending onto a figure after an apostrophe ("1.000'den"): a short word. */
const CASE_ENDING = 4;

/** The last token of the qualifier right after token `at` (its case ending included), if there is one. */
function qualifierAfter(text: string, tokens: Token[], at: number, language: string): number | undefined {
  const words = QUALIFIERS_AFTER[language];
  if (!words) return undefined;
  let j = at + 1;
  const ending = tokens[j];
  if (ending && !ending.isNumber && ending.surface.length <= CASE_ENDING && isAdjacent(text, tokens[at]!, ending, ELIDED)) j++;
  const word = tokens[j];
  return word && words.has(word.surface.toLowerCase()) && isAdjacent(text, tokens[j - 1]!, word) ? j : undefined;
}

/** Whether a link word ("de", "of", "d'") follows token `at` on the way to a unit: 1 or 0. */
function linkAfter(text: string, tokens: Token[], at: number): number {
  const word = tokens[at + 1];
  const surface = word?.surface.toLowerCase() ?? '';
  return word && LINKS.has(surface) && isAdjacent(text, tokens[at]!, word) ? 1 : 0;
}

/**
 * The unit at token `at`, of one word or more ("por ciento", "square miles", Turkish "mil kare",
 * "km/h", "miles per hour"), when `gap` is all that stands before it; and its last token.
 */
function unitAt(text: string, tokens: Token[], at: number, gap: RegExp): { unit: UnitClass; last: number } | null {
  if (!tokens[at] || !tokens[at - 1] || !isAdjacent(text, tokens[at - 1]!, tokens[at]!, gap)) return null;
  return unitWordsAt(text, tokens, at);
}

/** A slash between the words of one unit ("km/h", "กม./ชม."), after an abbreviation's full stop or not. */
const SLASH = /^\.?[\s\u00a0]*\/[\s\u00a0]*$/u;
/** The longest unit of one to four words: "km/h" before "km", "miles per hour" before "miles". */
const UNIT_WORDS = [4, 3, 2, 1];

/** Words as one unit writes them: joined by a space, a slash or an elided word's apostrophe ("à l'heure"); null when something else stands between. */
function unitWritten(text: string, words: Token[]): string | null {
  let written = words[0]!.surface;
  for (let k = 1; k < words.length; k++) {
    const between = text.slice(words[k - 1]!.end, words[k]!.start);
    const joint = SPACE.test(between) ? ' ' : SLASH.test(between) ? '/' : ELIDED.test(between) ? "'" : null;
    if (joint === null) return null;
    written += joint + words[k]!.surface;
  }
  return written;
}

/** The unit whose first word is token `at`, and its last token. */
function unitWordsAt(text: string, tokens: Token[], at: number): { unit: UnitClass; last: number } | null {
  for (const width of UNIT_WORDS) {
    const words = tokens.slice(at, at + width);
    if (words.length < width || words.some((w) => w.isNumber)) continue;
    const written = unitWritten(text, words);
    const unit = written === null ? null : unitClassOf(written);
    if (unit) return { unit, last: at + width - 1 };
  }
  return null;
}

/** The units a text names, each once per mention ("How fast, in km/h?": speed, not a length). */
export function unitsNamed(text: string, tokens: Token[]): UnitClass[] {
  const units: UnitClass[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const named = unitWordsAt(text, tokens, i);
    if (named) {
      units.push(named.unit);
      i = named.last;
    }
  }
  return units;
}

const monthNames = new Map<string, Map<string, number>>();
/** Month names as the language writes them alone and in dates ("жовтня", "octobre"), to their number. */
function monthsOf(language: string): Map<string, number> {
  let months = monthNames.get(language);
  if (!months) {
    const formats = [{ month: 'long' }, { month: 'short' }, { day: 'numeric', month: 'long' }] as const;
    months = new Map(formats.flatMap((options) => monthNamesIn(language, options)).map(([name, month]) => [name.toLowerCase().replace(/\.$/u, ''), month]));
    monthNames.set(language, months);
  }
  return months;
}

/** Two digits, as dates and times of day key months, days, hours and minutes. */
export const pad = (n: number) => String(n).padStart(2, '0');

const datedMonths = new Map<string, Map<string, number>>();
/** English month names (dates are often written in English anywhere) with the language's own. */
function dateMonthsOf(language: string): Map<string, number> {
  let months = datedMonths.get(language);
  if (!months) datedMonths.set(language, (months = new Map([...monthsOf('en'), ...monthsOf(language)])));
  return months;
}

/**
 * Centuries, by their ordinal and the word for century after it ("the 20th century", "20.
 * Jahrhundert", "XX века", "XXe siècle", "20世纪", "20वीं सदी") or before it ("secolul 20", "secolul
 * al XX-lea", "siglo XX", "thế kỷ 20", "abad ke-20", "القرن 20", "ศตวรรษที่ 20"). The words are
 * singular: "20 centuries" is a count, and so is a bare figure before the word ("2 века", two
 * centuries) where an ordinal has its mark ("20-го века", "20. Jahrhundert"). The words after the
 * ordinal also keep "Im 20. Jahrhundert" one sentence (`splitSentences`).
 */
export const CENTURY_AFTER = /^(century|jahrhunderts?|århundre(t|de|det)?|århundradet|seklet|siècle|secolo|eeuw|век[аеу]?|столітт[яі]|сторічч[яі]|wieku?|yüzyıl\p{L}*|asr\p{L}*|αιώνα[ς]?|世纪|世紀|세기\p{L}*|सदी|शताब्दी|vuosisa\p{L}*|század\p{L}*)$/iu;
const CENTURY_BEFORE = /^(secolul(ui)?|siglo|século|secolo|abad|القرن|ศตวรรษ|kỷ|kỉ)$/iu;
/** Words between the word for century and its number: Romanian "al", Indonesian "ke", Vietnamese "thứ", Thai "ที่". */
const CENTURY_LINKS = new Set(['al', 'ke', 'thứ', 'ที่']);
/** An ordinal's mark written onto its number ("20th", "20e", "20-го", "20ός", "XX-lea", "20वीं", "20:e"). */
const ORDINAL_MARK = /^(st|nd|rd|th|e|er|re|ème|eme|è|o|º|ste|de|ός|ος|ου|ο|ό|ης|η|й|го|ый|ий|ого|м|ом|lea|वीं|वें|वाँ|वी|inci|ıncı|uncu|üncü|nci|ncı|ncü|ncu)$/iu;
/** A century in Roman numerals up to the 29th, its French mark written on ("XX", "XIXe"). */
const ROMAN_CENTURY = /^(X{0,2})(IX|IV|V?I{0,3})(e|er|ème|eme)?$/u;
const ROMAN_DIGITS: Readonly<Record<string, number>> = { I: 1, V: 5, X: 10 };

/** A century's number from a token (digits 1–21 or Roman numerals), or null. */
function centuryNumber(token: Token | undefined): number | null {
  if (!token) return null;
  if (token.isNumber) return /^\d{1,2}$/u.test(token.term) && Number(token.term) >= 1 && Number(token.term) <= 21 ? Number(token.term) : null;
  const roman = ROMAN_CENTURY.exec(token.surface);
  if (!roman || roman[1]! + roman[2]! === '') return null;
  const digits = [...roman[1]! + roman[2]!].map((c) => ROMAN_DIGITS[c]!);
  return digits.reduce((sum, d, k) => sum + (d < (digits[k + 1] ?? 0) ? -d : d), 0);
}

/**
 * Decades, by their year and the ending or word that makes it one ("the 1960s", "1960's", "1960-х",
 * "1960er", "1960-tallet", "1960'lar", "1960'lı", "1960-an", "1960年代", "les années 1960", "década de 1960",
 * "thập niên 1960", "những năm 1960", "δεκαετία του 1960"); a year of hundreds with the Nordic ending is a century
 * ("1900-tallet", the 20th century). Endings stand right after the year, or after a hyphen or
 * apostrophe; words stand before it.
 */
const DECADE_ENDING = /^(s|er|ern|erne|erna|х|x|е|ых|ті|tallet|talet|tal|årene|åren|luku|luvulla|luvun|lar\p{L}*|ler\p{L}*|l[ıiuü]|an|年代|년대\p{L}*)$/iu;
const CENTURY_ENDING = /^(tallet|talet|tal|luku|luvulla|luvun)$/iu;
const DECADE_BEFORE = /^(années|anii|décadas? de|decada de|deceniul|decennio|thập niên|thập kỷ|những năm|các năm|δεκαετία του|ทศวรรษ|dekade|jaren|عقد)$/iu;
/** Words after the year that make it a decade, a space between (Hindi "1960 के दशक"). */
const DECADE_AFTER = /^(के|का) दशक$/u;
/** What may stand between a year and its decade's ending: nothing, a hyphen or an apostrophe. */
const DECADE_JOINT = /^[-\u2010\u2011'’]?$/u;

/** The key of a century ("19xx" for the 20th) and of a decade ("196x"): ISO-like years with their open digits. */
const centuryKey = (n: number) => `${pad(n - 1)}xx`;
const decadeKey = (year: string) => `${year.slice(0, 3)}x`;
/** Whether a date key is a century or a decade (the years it spans are not known). */
export const isCenturyOrDecadeKey = (key: string) => key.endsWith('x');

/** Centuries and decades (see above), with the tokens they use. */
function centuryAndDecadeSpans(text: string, tokens: Token[], language: string): ValueSpan[] {
  const spans: ValueSpan[] = [];
  const push = (key: string, unit: UnitClass, first: number, last: number) => spans.push({ key, first, last, start: tokens[first]!.start, end: tokens[last]!.end, unit });
  const between = (a: Token, b: Token) => text.slice(a.end, b.start);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const n = centuryNumber(token);
    if (n !== null) {
      // After the number, its mark and the word: "20th century", "20. Jahrhundert", "XX-lea" (the word is before it then).
      const marked = tokens[i + 1] && !tokens[i + 1]!.isNumber && ORDINAL_MARK.test(tokens[i + 1]!.surface) && /^[-:'’]?$/u.test(between(token, tokens[i + 1]!));
      let last = marked ? i + 1 : i;
      const word = tokens[last + 1];
      const gap = word ? between(tokens[last]!, word) : '';
      // A bare figure before the word is a count unless written onto it (20世纪) or with an ordinal's full stop (20. Jahrhundert).
      const ordinal = marked || !token.isNumber || gap === '' || /^\.\s+$/u.test(gap);
      if (word && CENTURY_AFTER.test(word.surface) && ordinal && /^\.?\s*$/u.test(gap)) {
        // Chinese and Japanese name a decade within its century: "20世纪60年代" (the 1960s).
        const [tens, decade] = [tokens[last + 2], tokens[last + 3]];
        if (tens?.isNumber && /^\d0$/u.test(tens.term) && decade && DECADE_ENDING.test(decade.surface) && between(word, tens) === '' && between(tens, decade) === '') {
          push(`${pad(n - 1)}${tens.term[0]}x`, 'decade', i, last + 3);
          i = last + 3;
        } else {
          push(centuryKey(n), 'century', i, last + 1);
          i = last + 1;
        }
        continue;
      }
      // Before the number: "secolul 20", "secolul al XX-lea", "abad ke-20", "thế kỷ 20".
      const link = tokens[i - 1] && CENTURY_LINKS.has(tokens[i - 1]!.surface.toLowerCase()) ? 1 : 0;
      const before = tokens[i - 1 - link];
      if (before && CENTURY_BEFORE.test(before.surface) && /^\s*$/u.test(between(before, tokens[i - link]!))) {
        const first = /^(kỷ|kỉ)$/iu.test(before.surface) && tokens[i - 2 - link]?.surface.toLowerCase() === 'thế' ? i - 2 - link : i - 1 - link;
        push(centuryKey(n), 'century', first, last);
        i = last;
        continue;
      }
    }
    if (!isYearToken(tokens, i, language) || !token.term.endsWith('0')) continue;
    const ending = tokens[i + 1];
    if (ending && !ending.isNumber && DECADE_ENDING.test(ending.surface) && DECADE_JOINT.test(between(token, ending))) {
      const century = CENTURY_ENDING.test(ending.surface) && token.term.endsWith('00');
      push(century ? centuryKey(Number(token.term.slice(0, 2)) + 1) : decadeKey(token.term), century ? 'century' : 'decade', i, i + 1);
      i++;
      continue;
    }
    const after = tokens.slice(i + 1, i + 3);
    if (after.length === 2 && DECADE_AFTER.test(unitWritten(text, after) ?? '')) {
      push(decadeKey(token.term), 'decade', i, i + 2);
      i += 2;
      continue;
    }
    const before = [1, 2, 3].map((k) => tokens.slice(Math.max(0, i - k), i)).find((words) => words.length > 0 && DECADE_BEFORE.test(unitWritten(text, words) ?? ''));
    if (before) push(decadeKey(token.term), 'decade', i - before.length, i);
  }
  return spans;
}

/**
 * Dates: day and month with the year when it follows ("1 January 2026", "1. Januar 2026",
 * "26 жовтня"), month and year, a year alone, or a decade or century. The key is ISO-like
 * (`2026-01-01`, `--10-26`, `2026`, `196x`, `19xx`), so the same date matches across languages.
 */
export function dateSpans(text: string, tokens: Token[], language: string): ValueSpan[] {
  const months = dateMonthsOf(language);
  const spans: ValueSpan[] = centuryAndDecadeSpans(text, tokens, language);
  const used = tokensIn(spans);
  tokens.forEach((token, i) => {
    if (used.has(i)) return;
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
    // Thai writes the era between month and year ("8 ธันวาคม พ.ศ. 2501", "ค.ศ. 1924").
    const era = ['พ', 'ค'].includes(tokens[last + 1]?.surface ?? '') && tokens[last + 2]?.surface === 'ศ' ? 2 : 0;
    const yearAt = [last + 1 + era, last + 2 + era].find((j) => tokens[j] !== undefined && isYearToken(tokens, j, language, true) && j - last - era <= (tokens[last + 1 + era]?.isNumber ? 1 : 2));
    const year = yearAt !== undefined ? tokens[yearAt]!.term : null;
    if (yearAt !== undefined) last = yearAt;
    const dayKey = day ?? (first === i - 2 ? Number(tokens[i - 2]!.term) : null);
    // A month alone is no date; with its day ("el 28 de mayo") or its year it is.
    if (dayKey === null && year === null) return;
    const key = `${year ?? '-'}-${pad(month)}${dayKey ? `-${pad(dayKey)}` : ''}`;
    for (let j = first; j <= last; j++) used.add(j);
    spans.push({ key, first, last, start: tokens[first]!.start, end: tokens[last]!.end });
  });
  tokens.forEach((token, i) => {
    if (!used.has(i) && isYearToken(tokens, i, language)) spans.push({ key: token.term, first: i, last: i, start: token.start, end: token.end });
  });
  return spans;
}

/** Words between the years of a period ("1321 to 1324", "von 1870 bis 1939", "с 1321 по 1324", "1321'den 1323'e"). */
const PERIOD_WORDS = new Set([
  'to', 'till', 'until', 'through', 'til', 'bis', 'à', 'au', 'a', 'al', 'hasta', 'até', 'tot', 'până', 'la', 'în', 'по', 'до', 'έως', 'ως', 'μέχρι', 'το', 'đến', 'tới', 'năm',
  'den', 'dan', 'ten', 'tan',
]);
/** "between 1980 and 1984": the conjunction joins a period only after these. */
const BETWEEN = new Set(['between', 'mellom', 'mellan', 'zwischen', 'entre', 'între', 'между', 'між', 'μεταξύ', 'giữa', 'tussen', 'tra', 'fra']);
const AND = new Set(['and', 'og', 'och', 'und', 'et', 'y', 'e', 'și', 'и', 'і', 'та', 'και', 'và', 'en', 've']);

/** Whether a key is a period's (`1870/1939`, see `periodSpans`). */
export const isPeriodKey = (key: string): boolean => /^\d{4}\/\d{4}$/u.test(key);

/**
 * Periods of years, how long something lasted ("in operation from 1870 to 1939", "1321–1324"):
 * durations keyed by both years (`1870/1939`), so reports that differ in one year disagree.
 */
export function periodSpans(tokens: Token[], language: string): ValueSpan[] {
  const spans: ValueSpan[] = [];
  tokens.forEach((token, i) => {
    if (!isYearToken(tokens, i, language)) return;
    const end = periodEnd(tokens, i, language);
    if (end !== undefined) spans.push({ key: `${token.term}/${tokens[end]!.term}`, first: i, last: end, start: token.start, end: tokens[end]!.end, unit: 'duration' });
  });
  return spans;
}

/**
 * The last token of a period that begins with the year at `at` ("1321–1324", "from 1870 to 1939",
 * "între 1756 și 1763"): a later year (within two centuries) after a dash or at most three
 * words of a period between them; undefined when the year stands alone.
 */
function periodEnd(tokens: Token[], at: number, language: string): number | undefined {
  const from = Number(tokens[at]!.term);
  const between = BETWEEN.has(tokens[at - 1]?.surface.toLowerCase() ?? '') || BETWEEN.has(tokens[at - 2]?.surface.toLowerCase() ?? '');
  for (let j = at + 1; j <= at + 4 && j < tokens.length; j++) {
    const t = tokens[j]!;
    if (t.isNumber) {
      const to = Number(t.term);
      const joined = j > at + 1 || t.start - tokens[at]!.end === 1;
      return joined && fourDigits(t) && to > from && to - from <= 200 && isYearToken(tokens, j, language, true) ? j : undefined;
    }
    const word = t.surface.toLowerCase();
    if (!PERIOD_WORDS.has(word) && !(between && AND.has(word))) return undefined;
  }
  return undefined;
}

const isCapitalized = (t: Token) => !t.isNumber && /^\p{Lu}/u.test(t.surface);
/**
 * Particles inside people's names ("Ludwig van Beethoven", "Leonardo da Vinci", "Шарль де Голль",
 * "Урсула фон дер Ляйен", "Σαρλ ντε Γκωλ"), as Latin, Cyrillic and Greek write them.
 */
const PERSON_PARTICLES = new Set([
  'de', 'da', 'do', 'dos', 'van', 'von', 'der', 'den', 'di', 'del', 'la', 'le', 'bin', 'ibn',
  'де', 'да', 'ди', 'дю', 'ван', 'фон', 'дер', 'ден', 'дель', 'ла', 'ле', 'бин', 'ибн', 'бін', 'ібн', 'ді',
  'ντε', 'ντα', 'ντι', 'ντυ', 'ντελ', 'ντερ', 'φον', 'βαν', 'φαν', 'λα', 'λε',
]);
/**
 * Small words that join the parts of a name: people's particles, and the words inside
 * organisations' names ("Ministry of Public Security", "Τράπεζα της Ελλάδος").
 */
const NAME_JOINERS = new Set([...PERSON_PARTICLES, 'of', 'for', 'du', 'des', 'y', 'and', 'und', 'et', 'og', 'och', 'för', 'für', 'της', 'του', 'των']);

/**
 * Names: runs of capitalised words (with joiners inside, "Ministry of Public Security"), and
 * all-capital acronyms. `minWords` 2 for people; 1 for places and organisations. The key is
 * the lower-cased last two words: titles in front vary between reports, names do not.
 */
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
      if (!isAdjacent(text, tokens[j - 1]!, tokens[j]!) && !hyphenatedName(text, tokens[j - 1]!, tokens[j]!)) break;
      if (isCapitalized(tokens[j]!)) last = j;
      else if (!joinsName(text, tokens, j, joiners)) break;
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

/**
 * Whether a hyphen joins two capitalised words of one name in Cyrillic or Greek script, where
 * names from other languages are written so ("Жан-Ив Ле Дриан", "Нью-Йорк", "Σεν-Πιερ").
 */
function hyphenatedName(text: string, a: Token, b: Token): boolean {
  return isAdjacent(text, a, b, HYPHEN) && [a, b].every((t) => isCapitalized(t) && CYRILLIC_OR_GREEK.test(t.surface));
}
const HYPHEN = /^[-\u2010\u2011]$/u;
const CYRILLIC_OR_GREEK = /^[\p{Script=Cyrillic}\p{Script=Greek}]/u;

/**
 * Whether the joiners from token `at` on lead to the name's next capitalised word: one joiner, or
 * a run of people's particles ("von der Leyen", "de la Fontaine"; German "und der" joins no name).
 */
function joinsName(text: string, tokens: Token[], at: number, joiners: ReadonlySet<string>): boolean {
  let j = at;
  while (j - at < 3 && tokens[j] && joiners.has(tokens[j]!.surface) && (j === at || (PERSON_PARTICLES.has(tokens[j]!.surface) && PERSON_PARTICLES.has(tokens[at]!.surface)))) {
    const next = tokens[j + 1];
    if (!next || !isAdjacent(text, tokens[j]!, next)) return false;
    j++;
  }
  return j > at && tokens[j] !== undefined && isCapitalized(tokens[j]!);
}

/** People's names: two capitalised words or more, joined only by name particles. */
export const personSpans = (text: string, tokens: Token[], language: string) => nameSpans(text, tokens, 2, language, PERSON_PARTICLES);

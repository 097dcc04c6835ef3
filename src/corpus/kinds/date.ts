import { dateSpans, isCenturyOrDecadeKey, isPeriodKey, periodSpans } from '../text/spans.js';
import { timeSpans } from '../text/times.js';
import type { AnswerKindSpec } from './types.js';

const isTime = (key: string) => /^\d\d:\d\d$/u.test(key);

/** "Which century": the answer is a century ("the 20th century", "secolul 20", "XX века"), not a year. */
export const WHICH_CENTURY =
  /(?<!\p{L})(which century|what century|hvilket århundre|vilket (århundrade|sekel)|welche[ms]? jahrhunderts?|in welchem jahrhundert|quel siècle|qu[eé] siglo|quale secolo|in che secolo|que século|em que século|ce secol|în care secol|в каком веке|какой век|какого века|в як[оі]му столітті|у якому столітті|яке століття|якого століття|thế (kỷ|kỉ) nào|abad (ke[-\s]?)?berapa|ποιο(ν)? αιώνα|ποιος αιώνας|في أي قرن|أي قرن|किस (सदी|शताब्दी))(?!\p{L})|(?<!\p{L})hangi yüzyıl|哪个世纪|哪一个世纪|哪個世紀|何世紀|몇\s?세기|ศตวรรษ(ใด|ไหน|ที่เท่าไ)/iu;
/** "Which decade": the answer is a decade ("the 1960s", "1960-х", "les années 1960"), not a year. */
export const WHICH_DECADE =
  /(?<!\p{L})(which decades?|what decades?|hvilke?t? tiår|vilket decennium|vilka decennier|welche[ms]? jahrzehnts?|in welchem jahrzehnt|welchen jahrzehnten|quelles? décennies?|qu[eé] d[eé]cadas?|quale decennio|in che decennio|que década|em que década|ce (deceniu|decenii)|în care deceniu|в какие десятилетия|в каком десятилетии|какое десятилетие|какие десятилетия|в як[оі]му десятилітті|у якому десятилітті|яке десятиліття|які десятиліття|thập (niên|kỷ) nào|dekade (berapa|apa|mana)|ποια δεκαετία|ποιες δεκαετίες|في أي عقد|أي عقد|किस दशक)(?!\p{L})|(?<!\p{L})hangi on yıl|哪个年代|哪個年代|哪十年|什么年代|何年代|몇\s?년대|ทศวรรษ(ใด|ไหน)/iu;

/** Interrogatives that open a date question: "when", "wann", "quand", "когда". */
const OPENING =
  /\b(when|what (day|date|year|time)|in what year|which year|n[aå]r|hvilket år|vilket år|vilken dag|hvilken dag|wann|in welchem jahr|an welchem tag|seit wann|bis wann|quand|en quelle année|(à|a) quelle date|quel jour|en qu[eé] fecha|qu[eé] d[ií]a|în ce zi|cu[aá]ndo|(en )?qu[eé] año|quando|in che anno|c[aâ]nd|(în )?ce an|kiedy|wanneer)\b|(^|\s)(коли|когда|в якому році|в каком году|πότε|(σε )?ποιο έτος|ποια χρονιά)(\s|$|[?,])/iu;
/** Interrogatives anywhere in the question, for languages that do not front them (Chinese, Japanese, Thai, Turkish…). */
const ANYWHERE =
  /(什么时候|何时|哪一年|哪年|いつ|何年|何月何日|khi nào|bao giờ|năm nào|ngày nào|ne zaman|hangi yıl|เมื่อไร|เมื่อไหร่|เมื่อใด|ปีอะไร|ปีใด|ปีไหน|วันที่เท่าไ|วันใด|วันไหน|\bkapan\b|tahun berapa|언제|몇\s?년도|(^|\s)(متى|في أي (عام|سنة)|کی|چه (زمانی|سالی)|در چه سال|कब|किस (वर्ष|साल))(\s|$|[?؟,،]))/iu;

export const date: AnswerKindSpec = {
  id: 'date',
  exemplars: ['When did it happen?', 'In which year was it built?', 'On what date does it start?'],
  opening: new RegExp(`${OPENING.source}|${WHICH_CENTURY.source}|${WHICH_DECADE.source}`, 'iu'),
  anywhere: new RegExp(`${ANYWHERE.source}|${WHICH_CENTURY.source}|${WHICH_DECADE.source}`, 'iu'),
  // Dates, periods of years ("from 1321 to 1323") and times of day ("kl. 19.33"): in news, "when" is often an hour.
  spans: (s) => [...dateSpans(s.text, s.tokens, s.language), ...periodSpans(s.tokens, s.language).map(({ unit: _, ...span }) => span), ...timeSpans(s.text, s.tokens)].sort((a, b) => a.start - b.start),
  // "When did he reign?" is answered by the year the sentence ties to the question's words; the sentence states the period it opens or ends.
  composite: (span) => isPeriodKey(span.key),
  // Years and hours recur in every report; a day and month identify the date.
  indexKey: (span) => (span.key.length > 4 && !isTime(span.key) ? `d:${span.key}` : null),
  // A century or decade says less than a year.
  specificity: (span) => (isCenturyOrDecadeKey(span.key) ? 0.3 : /^\d{4}$/.test(span.key) ? 0.5 : /^\d{4}-\d\d-\d\d$/.test(span.key) ? 1 : 0.8),
};

import { endsInAbbreviation, monthNamesOf } from './abbreviations.js';
import { isStopword } from './text/analyzer.js';
import { CENTURY_AFTER } from './text/spans.js';

/** A sentence located inside a larger text. */
export interface SentenceSpan {
  text: string;
  /** Offset of `text` in the text that was split. */
  start: number;
}

const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(language: string): Intl.Segmenter {
  let segmenter = segmenters.get(language);
  if (!segmenter) {
    const locale = language === 'und' ? undefined : language;
    segmenter = new Intl.Segmenter(locale, { granularity: 'sentence' });
    segmenters.set(language, segmenter);
  }
  return segmenter;
}

const monthStarts = new Map<string, RegExp>();
/** A text opening with a month name of the language, whole or abbreviated ("Januar 2026 …", "Jan. 2026 …"). */
function opensWithMonth(text: string, language: string): boolean {
  let pattern = monthStarts.get(language);
  if (!pattern) {
    const names = [...monthNamesOf(language, 'long'), ...monthNamesOf(language, 'short')].map((name) => name.toLowerCase().replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'));
    pattern = names.length > 0 ? new RegExp(`^(${names.join('|')})(?![\\p{L}])`, 'iu') : /(?!)/u;
    monthStarts.set(language, pattern);
  }
  return pattern.test(text);
}

/** A segment ending in a lone letter with a full stop: one letter of an abbreviation (Thai "พ.ศ. 2503", "z. B. wenn"). */
const ENDS_WITH_LETTER_STOP = /(^|[\s(.])\p{L}\p{M}*\.$/u;
/** What continues an abbreviation rather than starting a sentence: its next letter, a number, a lower-case word. */
const CONTINUES_ABBREVIATION = /^(\p{L}\p{M}*\.|\p{N}|\p{Ll})/u;

/** A segment ending in a name's initial: a capital with a full stop after a name or another initial ("Kaare R.", "Donald J.", "H. C."). */
const ENDS_WITH_INITIAL = /(^|\s)(\p{Lu}\p{Ll}+|\p{Lu}\.)\s\p{Lu}\.$/u;
/** Whether a segment opens with what an initial comes before: a capitalised word that is not one of the language's stopwords ("Norum", against "Den" or "The" opening a sentence). */
function opensWithSurname(text: string, language: string): boolean {
  const word = /^\p{Lu}\p{Ll}[\p{L}\p{M}'’-]*/u.exec(text)?.[0];
  return word !== undefined && !isStopword(word, [language]);
}

/** A segment ending in a number with a full stop, as an ordinal is written ("am 1.", "Im 20.", "i 2."). */
const ENDS_WITH_ORDINAL = /(^|\s)\d{1,2}\.$/u;

/** Whether a segment after an ordinal goes on with what it counts: a month ("1. Januar"), a century ("20. Jahrhundert") or a lower-case word ("20. yüzyılda", "2. divisjon"). */
function continuesOrdinal(text: string, language: string): boolean {
  return opensWithMonth(text, language) || CENTURY_AFTER.test(text.split(/\s/u, 1)[0]!.replace(/[\p{P}]+$/u, '')) || /^\p{Ll}/u.test(text);
}

/** A full stop inside a word of a script that ends no sentence with one (Thai "จ.สิงห์บุรี", "พ.ต.ท.ทักษิณ", "รมว.เกษตร"): an abbreviation's. */
const ENDS_WITH_NO_CASE_STOP = /[\p{sc=Thai}\p{sc=Lao}]\.$/u;
const OPENS_WITH_NO_CASE_LETTER = /^[\p{sc=Thai}\p{sc=Lao}]/u;

/** Whether the sentence `previous` goes on into the segment `next` (trimmed; `spaced` when white space stands between them). */
function goesOn(previous: string, next: string, spaced: boolean, language: string): boolean {
  return (
    (ENDS_WITH_ORDINAL.test(previous) && continuesOrdinal(next, language)) ||
    (ENDS_WITH_LETTER_STOP.test(previous) && CONTINUES_ABBREVIATION.test(next)) ||
    (ENDS_WITH_INITIAL.test(previous) && opensWithSurname(next, language)) ||
    (!spaced && ENDS_WITH_NO_CASE_STOP.test(previous) && OPENS_WITH_NO_CASE_LETTER.test(next)) ||
    endsInAbbreviation(previous, next, language)
  );
}

/**
 * Splits text into trimmed sentences with their offsets (Unicode sentence boundaries). An ordinal
 * before what it counts ("am 1. Januar 2026", "Im 20. Jahrhundert", "i 2. divisjon") does not end
 * a sentence, nor does an abbreviation of single letters ("พ.ศ. 2503"; "plan B. Den" still does),
 * nor a name's initial ("Kaare R. Norum"; "Group B. The" still does),
 * nor a common abbreviation of the language (`./abbreviations.ts`: "Dr. Müller", "ca. 200",
 * "Jan. 2026"), nor a full stop inside a Thai word ("จ.สิงห์บุรี").
 */
export function splitSentences(text: string, language: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  for (const { segment, index } of segmenterFor(language).segment(text)) {
    const lead = segment.length - segment.trimStart().length;
    const trimmed = segment.trim();
    if (!trimmed) continue;
    const previous = spans.at(-1);
    if (previous && goesOn(previous.text, trimmed, previous.start + previous.text.length < index + lead, language)) {
      previous.text = text.slice(previous.start, index + lead + trimmed.length);
      continue;
    }
    spans.push({ text: trimmed, start: index + lead });
  }
  return spans;
}

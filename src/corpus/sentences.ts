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
/** A text opening with a month name of the language ("Januar 2026 …"). */
function opensWithMonth(text: string, language: string): boolean {
  let pattern = monthStarts.get(language);
  if (!pattern) {
    const names = new Set<string>();
    try {
      // One formatter for the twelve months: creating one costs far more than formatting with it.
      const format = new Intl.DateTimeFormat(language === 'und' ? 'en' : language, { day: 'numeric', month: 'long', timeZone: 'UTC' });
      for (let m = 0; m < 12; m++) {
        for (const part of format.formatToParts(new Date(Date.UTC(2024, m, 15)))) {
          if (part.type === 'month') names.add(part.value.toLowerCase().replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'));
        }
      }
    } catch {
      // An unknown language tag: no month names.
    }
    pattern = names.size > 0 ? new RegExp(`^(${[...names].join('|')})(?![\\p{L}])`, 'iu') : /(?!)/u;
    monthStarts.set(language, pattern);
  }
  return pattern.test(text);
}

/** A segment ending in a lone letter with a full stop: one letter of an abbreviation (Thai "พ.ศ. 2503", "z. B. wenn"). */
const ENDS_WITH_LETTER_STOP = /(^|[\s(.])\p{L}\p{M}*\.$/u;
/** What continues an abbreviation rather than starting a sentence: its next letter, a number, a lower-case word. */
const CONTINUES_ABBREVIATION = /^(\p{L}\p{M}*\.|\p{N}|\p{Ll})/u;

/** A segment ending in a number with a full stop, as an ordinal is written ("am 1.", "Im 20.", "i 2."). */
const ENDS_WITH_ORDINAL = /(^|\s)\d{1,2}\.$/u;

/** Whether a segment after an ordinal goes on with what it counts: a month ("1. Januar"), a century ("20. Jahrhundert") or a lower-case word ("20. yüzyılda", "2. divisjon"). */
function continuesOrdinal(text: string, language: string): boolean {
  return opensWithMonth(text, language) || CENTURY_AFTER.test(text.split(/\s/u, 1)[0]!.replace(/[\p{P}]+$/u, '')) || /^\p{Ll}/u.test(text);
}

/**
 * Splits text into trimmed sentences with their offsets (Unicode sentence boundaries). An ordinal
 * before what it counts ("am 1. Januar 2026", "Im 20. Jahrhundert", "i 2. divisjon") does not end
 * a sentence, nor does an abbreviation of single letters ("พ.ศ. 2503"; "plan B. Den" still does).
 */
export function splitSentences(text: string, language: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  for (const { segment, index } of segmenterFor(language).segment(text)) {
    const lead = segment.length - segment.trimStart().length;
    const trimmed = segment.trim();
    if (!trimmed) continue;
    const previous = spans.at(-1);
    if (previous && ((ENDS_WITH_ORDINAL.test(previous.text) && continuesOrdinal(trimmed, language)) || (ENDS_WITH_LETTER_STOP.test(previous.text) && CONTINUES_ABBREVIATION.test(trimmed)))) {
      previous.text = text.slice(previous.start, index + lead + trimmed.length);
      continue;
    }
    spans.push({ text: trimmed, start: index + lead });
  }
  return spans;
}

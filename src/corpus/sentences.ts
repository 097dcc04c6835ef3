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

/** Splits text into trimmed sentences with their offsets (Unicode sentence boundaries). */
export function splitSentences(text: string, language: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  for (const { segment, index } of segmenterFor(language).segment(text)) {
    const lead = segment.length - segment.trimStart().length;
    const trimmed = segment.trim();
    if (trimmed) spans.push({ text: trimmed, start: index + lead });
  }
  return spans;
}

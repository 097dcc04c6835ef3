/**
 * Numbers as people write them: `2.500`, `2 500` and `2,500` are one number; `83,5` and `83.5`
 * another. A group of exactly three digits after a separator reads as thousands. Digits of any
 * script count (Arabic ١٢٣, Persian ۱۲۳, Devanagari १२३, Thai ๑๒๓), with Arabic's own separators
 * (٬ thousands, ٫ decimal); the canonical form is written in ASCII digits.
 */
const NUMBER_PATTERN = /\p{Nd}{1,3}(?:[.,\u00a0\u202f \u066c]\p{Nd}{3})+(?!\p{Nd})(?:[.,\u066b]\p{Nd}+)?|\p{Nd}+(?:[.,\u066b]\p{Nd}+)?/gu;
const GROUPED = /^(\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+)(?:[.,](\d+))?$/u;
const DIGIT = /\p{Nd}/u;

/** A digit's value in any script: Unicode lays each script's digits out as a run, zero first. */
function digitValue(digit: string): number {
  const code = digit.codePointAt(0)!;
  let first = code;
  while (DIGIT.test(String.fromCodePoint(first - 1))) first--;
  return (code - first) % 10;
}

/** A written number in ASCII digits and separators ("١٢٣٫٥" is "123.5"). */
function asciiDigits(written: string): string {
  return written.replace(/[^\x00-\x7f]/gu, (c) => (c === '\u066b' ? '.' : c === '\u066c' ? ',' : DIGIT.test(c) ? String(digitValue(c)) : c));
}

/** The canonical form of a written number: no thousands separators, `.` as decimal point. */
export function canonicalNumber(written: string): string {
  const ascii = asciiDigits(written);
  const grouped = GROUPED.exec(ascii);
  if (grouped) return grouped[1]!.replace(/\D/gu, '') + (grouped[2] ? `.${grouped[2]}` : '');
  return ascii.replace(',', '.');
}

export interface NumberMention {
  /** As written, e.g. `2.500`. */
  written: string;
  canonical: string;
  start: number;
}

export function findNumbers(text: string): NumberMention[] {
  return [...text.matchAll(NUMBER_PATTERN)].map((m) => ({ written: m[0], canonical: canonicalNumber(m[0]), start: m.index }));
}

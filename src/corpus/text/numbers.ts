/**
 * Numbers as people write them: `2.500`, `2 500` and `2,500` are one number; `83,5` and `83.5`
 * another. A group of exactly three digits after a separator reads as thousands.
 */
const NUMBER_PATTERN = /\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?!\d)(?:[.,]\d+)?|\d+(?:[.,]\d+)?/gu;
const GROUPED = /^(\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+)(?:[.,](\d+))?$/u;

/** The canonical form of a written number: no thousands separators, `.` as decimal point. */
export function canonicalNumber(written: string): string {
  const grouped = GROUPED.exec(written);
  if (grouped) return grouped[1]!.replace(/\D/gu, '') + (grouped[2] ? `.${grouped[2]}` : '');
  return written.replace(',', '.');
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

/**
 * Month names as `Intl` writes them, for the date spans (`spans.ts`) and for the sentence
 * splitter's abbreviated months (`../abbreviations.ts`).
 */
const cache = new Map<string, Array<[string, number]>>();

/** The month names one date format of a language writes ("Januar", "janv.", "жовтня"), each with its month's number; none for an unknown tag. */
export function monthNamesIn(language: string, options: Intl.DateTimeFormatOptions): Array<[string, number]> {
  const key = `${language} ${JSON.stringify(options)}`;
  let names = cache.get(key);
  if (!names) {
    names = [];
    try {
      // One formatter for the twelve months: creating one costs far more than formatting with it.
      const format = new Intl.DateTimeFormat(language, { ...options, timeZone: 'UTC' });
      for (let m = 0; m < 12; m++) {
        for (const part of format.formatToParts(new Date(Date.UTC(2024, m, 15)))) if (part.type === 'month') names.push([part.value, m + 1]);
      }
    } catch {
      // An unknown language tag: no month names.
    }
    cache.set(key, names);
  }
  return names;
}

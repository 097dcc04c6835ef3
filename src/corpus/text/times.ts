import type { Token } from './analyzer.js';
import { pad, type ValueSpan } from './spans.js';

/**
 * Times of day as news reports write them ("kl. 19.33", "klokken 17", "um 17 Uhr", "at 5 p.m.",
 * "à 17 h 30", "в 17:00", "saat 14.30'da", "lúc 9 giờ"): "when" in a news story is often an hour.
 */

/** Words that make the number after them an hour by themselves. */
const CLOCK_BEFORE = new Set(['kl', 'klokka', 'klokken', 'klockan', 'kello', 'saat', 'lúc', 'στις', 'ore']);
/** Words after a number that make it an hour. */
const CLOCK_AFTER = new Set(['uhr', 'h', 'o', 'am', 'pm', 'tiden', 'heure', 'heures', 'horas', 'hs', 'часов', 'часа', 'час', 'годині', 'година', 'години', 'giờ', 'ώρα']);
/** "a.m." and "p.m." are read as two tokens. */
const MERIDIEM = new Set(['a', 'p']);

/** An hour (0–24) and its minutes from a number token ("19", "19.33", "19,33": its canonical term), or null. */
function clockOf(token: Token): { hour: number; minute: number } | null {
  if (!token.isNumber) return null;
  const match = /^(\d{1,2})(?:\.(\d{2}))?$/u.exec(token.term);
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = match[2] ? Number(match[2]) : 0;
  return hour <= 24 && minute < 60 ? { hour, minute } : null;
}

/** The minutes a number token writes apart from its hour ("17:45", "17 h 30"), or null. */
function minutesOf(token: Token | undefined): number | null {
  return token?.isNumber && /^\d{2}$/u.test(token.term) && Number(token.term) < 60 ? Number(token.term) : null;
}

/** The times of day a sentence states, keyed `HH:MM`. */
export function timeSpans(text: string, tokens: Token[]): ValueSpan[] {
  const spans: ValueSpan[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const clock = clockOf(tokens[i]!);
    if (!clock) continue;
    let { hour, minute } = clock;
    let first = i;
    let last = i;
    // Minutes written apart: "17:45", "17 h 30".
    const next = tokens[i + 1];
    const between = next ? text.slice(tokens[i]!.end, next.start) : '';
    let colon = false;
    const apart = minutesOf(next);
    if (apart !== null && between === ':' && !clock.minute) {
      minute = apart;
      last = i + 1;
      colon = true;
    }
    const after = tokens[last + 1];
    const afterWord = after && !after.isNumber ? after.surface.toLowerCase() : '';
    const before = tokens[i - 1];
    const beforeWord = before && !before.isNumber ? before.surface.toLowerCase() : '';
    const meridiem = MERIDIEM.has(afterWord) && tokens[last + 2]?.surface.toLowerCase() === 'm' ? afterWord : ['am', 'pm'].includes(afterWord) ? afterWord[0] : null;
    const marked = CLOCK_AFTER.has(afterWord) && (afterWord !== 'o' || /^o['’]clock/iu.test(text.slice(after!.start)));
    if (!(CLOCK_BEFORE.has(beforeWord) || marked || meridiem || colon)) continue;
    const afterH = afterWord === 'h' ? minutesOf(tokens[last + 2]) : null;
    if (afterH !== null) {
      minute = afterH;
      last += 2;
    } else if (marked) {
      last += afterWord === 'o' ? 2 : 1;
    } else if (meridiem) {
      last += afterWord.length === 1 ? 2 : 1;
    }
    if (meridiem === 'p' && hour < 12) hour += 12;
    if (meridiem === 'a' && hour === 12) hour = 0;
    if (CLOCK_BEFORE.has(beforeWord)) first = i - 1;
    // "p.m." ends with its stop.
    const end = tokens[last]!.end + (meridiem && afterWord.length === 1 && text[tokens[last]!.end] === '.' ? 1 : 0);
    spans.push({ key: `${pad(hour)}:${pad(minute)}`, first, last, start: tokens[first]!.start, end });
    i = last;
  }
  return spans;
}

import { dateSpans } from '../text/spans.js';
import { timeSpans } from '../text/times.js';
import type { AnswerKindSpec } from './types.js';

const isTime = (key: string) => /^\d\d:\d\d$/u.test(key);

export const date: AnswerKindSpec = {
  id: 'date',
  exemplars: ['When did it happen?', 'In which year was it built?', 'On what date does it start?'],
  opening:
    /\b(when|what (day|date|year|time)|in what year|which year|n[aå]r|hvilket år|vilket år|vilken dag|hvilken dag|wann|in welchem jahr|an welchem tag|seit wann|bis wann|quand|en quelle année|(à|a) quelle date|quel jour|en qu[eé] fecha|qu[eé] d[ií]a|în ce zi|cu[aá]ndo|(en )?qu[eé] año|quando|in che anno|c[aâ]nd|(în )?ce an|kiedy|wanneer)\b|(^|\s)(коли|когда|в якому році|в каком году|πότε|(σε )?ποιο έτος|ποια χρονιά)(\s|$|[?,])/iu,
  anywhere:
    /(什么时候|何时|哪一年|哪年|いつ|何年|何月何日|khi nào|bao giờ|năm nào|ngày nào|ne zaman|hangi yıl|เมื่อไร|เมื่อไหร่|เมื่อใด|ปีอะไร|ปีใด|ปีไหน|วันที่เท่าไ|วันใด|วันไหน|\bkapan\b|tahun berapa|언제|몇\s?년도|(^|\s)(متى|في أي (عام|سنة)|کی|چه (زمانی|سالی)|در چه سال|कब|किस (वर्ष|साल))(\s|$|[?؟,،]))/iu,
  // Dates, and times of day ("kl. 19.33"): in news, "when" is often an hour.
  spans: (s) => [...dateSpans(s.tokens, s.language), ...timeSpans(s.text, s.tokens)].sort((a, b) => a.start - b.start),
  // Years and hours recur in every report; a day and month identify the date.
  indexKey: (span) => (span.key.length > 4 && !isTime(span.key) ? `d:${span.key}` : null),
  specificity: (span) => (/^\d{4}$/.test(span.key) ? 0.5 : /^\d{4}-\d\d-\d\d$/.test(span.key) ? 1 : 0.8),
};

import { nameSpans } from '../text/spans.js';
import { sameName } from './same-name.js';
import type { AnswerKindSpec } from './types.js';

export const place: AnswerKindSpec = {
  id: 'place',
  exemplars: ['Where did it take place?', 'In which city is it?', 'Where is it located?'],
  opening: /\b(where|in which (country|city|town|place)|hvor|hvilket land|hvilken by|vilket land|vilken stad|var (ligger|finns|bor|hölls|låg)|wo|woher|wohin|in welchem land|où|dans quel pays|d[oó]nde|en qu[eé] pa[ií]s|dove|onde|unde|nerede|gdzie|waar)\b|(^|\s)(де|где|звідки|откуда|πού)(\s|$|[?,])/iu,
  anywhere: /(哪里|哪裡|哪儿|在哪|どこ|ở đâu|nơi nào|nerede|nereden|ที่ไหน)/iu,
  spans: (s) => nameSpans(s.text, s.tokens, 1, s.language),
  indexKey: () => null,
  specificity: () => 1,
  sameValue: sameName,
};

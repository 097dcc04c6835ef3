import { personSpans } from '../text/spans.js';
import { sameName } from './same-name.js';
import type { AnswerKindSpec } from './types.js';

export const person: AnswerKindSpec = {
  id: 'person',
  exemplars: ['Who is the leader?', 'Who said it?', 'Who won the election?'],
  opening: /\b(who(m|se)?|hvem|vem|wer|wem|wen|qui|qui[eé]n(es)?|chi|quem|cine|kto|kuka)\b|(^|\s)(хто|кого|кому|кто|ποιος|ποια|ποιοι|ποιον)(\s|$|[?,])/iu,
  anywhere: /(谁|誰|ai là|là ai|kim|kimin|ใคร)/iu,
  spans: (s) => personSpans(s.text, s.tokens, s.language),
  indexKey: (span) => `p:${span.key}`,
  specificity: () => 1,
  sameValue: sameName,
};

import { nameSpans } from '../text/spans.js';
import { sameName } from './same-name.js';
import type { AnswerKindSpec } from './types.js';

export const organisation: AnswerKindSpec = {
  id: 'organisation',
  exemplars: ['Which organisation is responsible?', 'Which company built it?', 'Which party won?'],
  opening:
    /\b(which (organi[sz]ation|company|agency|ministry|party|team|body|institution)|what (organi[sz]ation|company|agency|party|team)|hvilk(en|et) (organisasjon|selskap|parti|lag|departement)|vilk(en|et) (organisation|företag|parti|lag)|welche (organisation|firma|partei|behörde|mannschaft)|quelle (organisation|entreprise|agence)|qu[eé] (organizaci[oó]n|empresa|partido)|quale (organizzazione|azienda|partito))\b/iu,
  anywhere: /(哪个组织|哪家公司|哪个机构|tổ chức nào|công ty nào)/iu,
  spans: (s) => nameSpans(s.text, s.tokens, 1, s.language),
  indexKey: (span) => (span.key.includes(' ') ? `o:${span.key}` : null),
  specificity: () => 1,
  sameValue: sameName,
};

import { isDistinctiveNumber, quantitySpans } from '../text/spans.js';
import type { AnswerKindSpec } from './types.js';

export const quantity: AnswerKindSpec = {
  id: 'quantity',
  exemplars: ['How many are there?', 'How much does it cost?', 'What is the number of people?', 'How many votes were cast?'],
  opening:
    /\b(how (many|much|long|far|big|large|tall|high|old|fast)|hvor (fort|raskt)|hur (snabbt|fort)|wie schnell|à quelle vitesse|qu[eé] tan r[aá]pido|c[aâ]t de (repede|rapid)|what (number|amount|percentage|share|proportion)|qu[eé] (porcentaje|cantidad|proporci[oó]n)|ce (procent|propor[tț]ie)|quel(le)? (pourcentage|part|proportion)|welche[rn]? (prozentsatz|anteil)|wie viel prozent|hvor (mange|mye|mykje|lang|langt|stor|store|høy|gammel)|hur (många|mycket|lång|långt|stor|hög|gammal)|wie (viele?|lang|weit|groß|hoch|alt)|combien|quel(le)? (nombre|montant|longueur|taille|hauteur|distance)|cu[aá]nt[oa]s?|quant[oaie]s?|c[aâ]t(e|i|ă)?|^ile|hoeveel|kuinka (monta|paljon)|hány)\b|(^|\s)(скільки|сколько|как быстро|с какой скоростью|наскільки швидко|з якою швидкістю|какой процент|какая доля|який відсоток|яка частка|πόσ(ο|α|οι|ες|ων|η)|(ποιο|τι) ποσοστό)(\s|$|[?,])/iu,
  // Scripts without capitals or spaces, and languages that do not front the interrogative: Arabic, Persian and Hindi
  // as whole words; Indonesian "berapa" but not "tahun berapa" (what year); Korean 몇 but not 몇 년도 (what year).
  anywhere:
    /(多少|几|幾|いくつ|何人|何個|何歳|何回|何度|何本|何冊|何か国|何カ国|何ヶ国|どのくらい|どれくらい|bao nhiêu|mấy|kaç|ne kadar|กี่|(?<!วันที่)เท่าไ(ร|หร่)|(?<!tahun\s)\bberapa\b|몇(?!\s?년도)|얼마|(^|\s)(كم|چند|چقدر|कितन(ा|े|ी))(\s|$|[?؟,،]))/iu,
  spans: (s) => quantitySpans(s.text, s.tokens, s.language),
  indexKey: (span) => (isDistinctiveNumber(span.key) ? `n:${span.key}` : null),
  specificity: () => 1,
};

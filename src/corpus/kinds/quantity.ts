import { isDistinctiveNumber, quantitySpans } from '../text/spans.js';
import type { AnswerKindSpec } from './types.js';

/**
 * "How fast", "at what speed": a speed (or a rate of growth), wherever the question asks it. Words
 * are bounded by any letter, not only ASCII ones ("à quelle vitesse", "как быстро"); Turkish
 * writes its endings onto the word ("ne kadar hızlıydı").
 */
export const HOW_FAST =
  /(?<!\p{L})(how fast|how quickly|at what speed|what speed|hvor (fort|raskt)|med hvilken (fart|hastighet)|hur (snabbt|fort)|med vilken (fart|hastighet)|wie schnell|mit welcher geschwindigkeit|quelle vitesse|qu[eé] tan r[aá]pido|(a|con) qu[eé] velocidad|quanto (veloce|velocemente|rapidamente)|a che velocit[aà]|c[aâ]t de (repede|rapid)|cu ce vitez[aă]|seberapa cepat|nhanh (như thế nào|bao nhiêu)|tốc độ bao nhiêu|как быстро|с какой скоростью|какова скорость|наскільки швидко|як швидко|з якою швидкістю|яка швидкість|πόσο γρήγορα|με (τι|ποια) ταχύτητα|بأي سرعة|ما سرعة|कितनी तेज़?ी? से|किस (गति|रफ़्तार|रफ्तार) से)(?!\p{L})|(?<!\p{L})(ne kadar h[ıi]zl|hangi h[ıi]z)|多快|多少速度|速度是多少|どのくらいの速さ|どれくらいの速さ|どれほどの速さ|時速何|얼마나 빨리|얼마나 빠르|속도는 얼마|เร็วแค่ไหน|เร็วเท่าไ|ความเร็วเท่าไ/iu;

/** Interrogatives that open a quantity question: "how many", "wie viele", "combien", "сколько", and "by how much" ("um wie viel", "de combien", "насколько"). */
const OPENING =
  /\b(how (many|much|long|far|big|large|tall|high|old)|what (number|amount|percentage|share|proportion)|qu[eé] (porcentaje|cantidad|proporci[oó]n)|ce (procent|propor[tț]ie)|quel(le)? (pourcentage|part|proportion)|welche[rn]? (prozentsatz|anteil)|wie viel prozent|hvor (mange|mye|mykje|meget|lang|langt|lenge|stor|store|høy|gammel)|hur (många|mycket|lång|långt|länge|stor|hög|gammal)|wie ?(viele?|lange?|weit|groß|hoch|alt)|combien|quel(le)? (nombre|montant|longueur|taille|hauteur|distance)|cu[aá]nt[oa]s?|quant[oaie]s?|c[aâ]t(e|i|ă)?|^ile|hoeveel|kuinka (monta|paljon)|hány|mennyi(vel)?)\b|(^|\s)(скільки|сколько|насколько|наскільки|какой процент|какая доля|який відсоток|яка частка|πόσ(ο|α|οι|ες|ων|η)|(ποιο|τι) ποσοστό)(\s|$|[?,])/iu;
// Scripts without capitals or spaces, and languages that do not front the interrogative: Arabic, Persian and Hindi
// as whole words (Arabic "بكم", by how much); Indonesian "berapa" and "seberapa" (how much, to what extent) but not
// "tahun berapa" (what year) or "abad ke berapa" (what century); Korean 몇 but not 몇 년도, 몇 세기, 몇 년대 (what
// year, century, decade); Japanese "どれだけ" and Thai "แค่ไหน" (how much, how far); Japanese "何年分", "何年間"
// (how many years' worth, how many years), where "何年" alone is a date's (what year).
const ANYWHERE =
  /(多少|几|幾|いくつ|何年(分|間|ぶり|目)|何人|何個|何歳|何回|何度|何本|何冊|何か国|何カ国|何ヶ国|どのくらい|どれくらい|どれだけ|どれほど|bao nhiêu|mấy|kaç|ne kadar|กี่|(?<!วันที่|ศตวรรษที่)เท่าไ(ร|หร่)|แค่ไหน|(?<!(tahun|abad|abad ke|dekade)[\s-])\b(se)?berapa\b|몇(?!\s?(년도|세기|년대))|얼마|(^|\s)(كم|بكم|چند|چقدر|कितन(ा|े|ी))(\s|$|[?؟,،]))/iu;

export const quantity: AnswerKindSpec = {
  id: 'quantity',
  exemplars: ['How many are there?', 'How much does it cost?', 'What is the number of people?', 'How many votes were cast?'],
  opening: new RegExp(`${OPENING.source}|${HOW_FAST.source}`, 'iu'),
  anywhere: new RegExp(`${ANYWHERE.source}|${HOW_FAST.source}`, 'iu'),
  spans: (s) => quantitySpans(s.text, s.tokens, s.language),
  indexKey: (span) => (isDistinctiveNumber(span.key) ? `n:${span.key}` : null),
  specificity: () => 1,
};

/**
 * What kind of answer a question asks for, from its interrogative words. The table covers the
 * interrogatives of the languages people here ask in; anything else is an open question, which
 * is answered with evidence instead of a single value.
 */
export type AnswerKind = 'quantity' | 'person' | 'date' | 'open';

const INTERROGATIVES: Array<[AnswerKind, RegExp]> = [
  [
    'quantity',
    /\b(how (many|much|long|far|big|large|tall|high|old)|what (number|amount)|hvor (mange|mye|mykje|lang|langt|stor|høy|gammel)|hur (många|mycket|lång|långt|stor|hög|gammal)|wie (viele?|lang|weit|groß|hoch|alt)|combien|quelle (longueur|taille|hauteur|distance)|cu[aá]nt[oa]s?|quant[oaie]s?|ile|hoeveel|kuinka (monta|paljon)|hány)\b|(скільки|сколько)/iu,
  ],
  ['person', /\b(who(m|se)?|hvem|vem|wer|wem|wen|qui|qui est|qui a|qui[eé]n(es)?|chi|quem|kto|kuka)\b|(^|\s)(хто|кого|кому|кто)(\s|$|[?,])/iu],
  ['date', /\b(when|what (day|date|year)|n[aå]r|wann|quand|cu[aá]ndo|quando|kiedy|wanneer)\b|(^|\s)(коли|когда)(\s|$|[?,])/iu],
];

/** Interrogatives open a question; later in it, `who`/`qui` are usually relative pronouns. */
const OPENING_WORDS = 4;

const openingOf = (question: string) => question.trim().split(/\s+/u).slice(0, OPENING_WORDS).join(' ');

/** Two capitalised words after the first: the question names someone or something. */
const NAMES_SOMEONE = /\s\p{Lu}[\p{Ll}'’]+\s+\p{Lu}[\p{Ll}'’]+/u;

export function answerKind(question: string): AnswerKind {
  const opening = openingOf(question);
  const kind = INTERROGATIVES.find(([, pattern]) => pattern.test(opening))?.[0] ?? 'open';
  // "Who is John Brandolino?" asks for a description of the named, not for another name.
  if (kind === 'person' && NAMES_SOMEONE.test(question)) return 'open';
  return kind;
}

/** The interrogative's words ("how", "many"): they say what is asked, not what to look for. */
export function interrogativeWords(question: string): Set<string> {
  const opening = openingOf(question);
  const words = new Set<string>();
  for (const [, pattern] of INTERROGATIVES) {
    const match = pattern.exec(opening);
    if (match) for (const word of match[0].toLowerCase().match(/[\p{L}]+/gu) ?? []) words.add(word);
  }
  return words;
}

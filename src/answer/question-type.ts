/**
 * What kind of answer a question asks for, from its interrogative words. The table covers the
 * interrogatives of the languages people here ask in; anything else is an open question, which
 * is answered with evidence instead of a single value.
 */
export type AnswerKind = 'quantity' | 'person' | 'date' | 'open';

const INTERROGATIVES: Array<[AnswerKind, RegExp]> = [
  [
    'quantity',
    /\b(how (many|much)|what (number|amount)|hvor (mange|mye|mykje)|hur (många|mycket)|wie (viele?|hoch ist die zahl)|combien|cu[aá]nt[oa]s?|quant[oaie]s?|ile|hoeveel|kuinka (monta|paljon)|hány)\b|(скільки|сколько)/iu,
  ],
  ['person', /\b(who(m|se)?|hvem|vem|wer|wem|wen|qui|qui est|qui a|qui[eé]n(es)?|chi|quem|kto|kuka)\b|(^|\s)(хто|кого|кому|кто)(\s|$|[?,])/iu],
  ['date', /\b(when|what (day|date|year)|n[aå]r|wann|quand|cu[aá]ndo|quando|kiedy|wanneer)\b|(^|\s)(коли|когда)(\s|$|[?,])/iu],
];

/** Interrogatives open a question; later in it, `who`/`qui` are usually relative pronouns. */
const OPENING_WORDS = 4;

export function answerKind(question: string): AnswerKind {
  const opening = question.trim().split(/\s+/u).slice(0, OPENING_WORDS).join(' ');
  for (const [kind, pattern] of INTERROGATIVES) if (pattern.test(opening)) return kind;
  return 'open';
}

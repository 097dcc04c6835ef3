import type { Mention } from './values.js';
import { matchStrength, type MatchableTerm } from './term-forms.js';

/**
 * Whether the question's words split between two statements of different values: the likeliest
 * value's sentence lacks a word of the question that the sentence of another value, nearly as
 * likely (`share` of its probability), has. "How many countries have ratified the convention?"
 * over "72 countries signed the convention" and "it enters into force once at least 40 countries
 * ratify it": the articles state two facts the question could mean, and neither answers it by
 * itself. The engine then states no line and quotes both. `sameFact` tells the values found to state
 * the line's own fact (another report's value of it is a disagreement). Returns the other value's mention, or null.
 */
export function rivalFact(terms: readonly MatchableTerm[], mentions: readonly Mention[], top: Mention, probability: (mention: Mention) => number, share: number, sameFact: (mention: Mention) => boolean): Mention | null {
  const missing = terms.filter((t) => t.inCorpus && matchStrength(t, top.sentence.terms) === 0);
  if (missing.length === 0) return null;
  const least = share * probability(top);
  // A value found to state the line's own fact is a disagreement (another report's value of it), not another fact.
  return (
    mentions.find(
      (m) =>
        m.span.key !== top.span.key &&
        m.sentence !== top.sentence &&
        probability(m) >= least &&
        !sameFact(m) &&
        missing.some((t) => matchStrength(t, m.sentence.terms) > 0),
    ) ?? null
  );
}

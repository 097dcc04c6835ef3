import type { KnowledgeBase } from './knowledge.js';
import type { QueryTerm } from './query.js';

/** A question term with the index terms it matches, each with how strongly (1 = same stem). */
export interface MatchableTerm {
  term: QueryTerm;
  /** Index term → match strength in (0, 1]. */
  forms: Map<string, number>;
  /** Importance: the inverse document frequency of what it matches. */
  weight: number;
}

/** Compound parts shorter than this match too much (`land` in `landskap`). */
const MIN_COMPOUND_PART = 5;
const COMPOUND_HEAD = 0.8;
const COMPOUND_TAIL = 0.7;

/**
 * Stems differ across compounds (`cybersäkerhet` in `cybersäkerhetsprogram`,
 * `Sitzungen` in `Plenarsitzungen`): a vocabulary term that begins or ends with a long enough
 * question stem matches it, more weakly than the stem itself.
 */
function compoundStrength(queryForm: string, indexTerm: string): number {
  if (queryForm.length < MIN_COMPOUND_PART || indexTerm === queryForm) return 0;
  if (indexTerm.startsWith(queryForm)) return COMPOUND_HEAD;
  if (indexTerm.length >= MIN_COMPOUND_PART && queryForm.startsWith(indexTerm)) return COMPOUND_HEAD;
  if (indexTerm.endsWith(queryForm)) return COMPOUND_TAIL;
  return 0;
}

export function matchableTerms(kb: KnowledgeBase, terms: QueryTerm[]): MatchableTerm[] {
  return terms.map((term) => {
    const forms = new Map(term.variants.map((v) => [v, 1]));
    if (!term.isNumber) {
      for (const indexTerm of kb.vocabulary) {
        if (forms.has(indexTerm)) continue;
        const strength = Math.max(...term.variants.map((v) => compoundStrength(v, indexTerm)));
        if (strength > 0) forms.set(indexTerm, strength);
      }
    }
    const df = Math.max(0, ...[...forms.keys()].map((f) => kb.lexical.documentFrequency(f)));
    return { term, forms, weight: kb.lexical.idfFromFrequency(df) };
  });
}

/** How strongly a set of index terms contains a question term: its best form's strength, or 0. */
export function matchStrength(term: MatchableTerm, indexTerms: Set<string>): number {
  let best = 0;
  for (const [form, strength] of term.forms) if (strength > best && indexTerms.has(form)) best = strength;
  return best;
}

/** Share of the question's weight that a sentence (or passage) covers, in [0, 1]. */
export function coverage(terms: MatchableTerm[], indexTerms: Set<string>): number {
  const total = terms.reduce((sum, t) => sum + t.weight, 0);
  if (total === 0) return 0;
  return terms.reduce((sum, t) => sum + t.weight * matchStrength(t, indexTerms), 0) / total;
}

import { bm25Idf } from '../../corpus/text/bm25.js';
import type { KeywordStore, TermForms } from '../../store/seam.js';
import type { Tuning } from '../tuning.js';
import type { QueryTerm } from './question.js';
import { letterPairSimilarity } from '../../corpus/text/similarity.js';

/** A question term with the index terms it matches, each with how strongly (1 = same stem). */
export interface MatchableTerm {
  term: QueryTerm;
  forms: TermForms;
  /** Importance: the inverse document frequency of what it matches. */
  weight: number;
  /** Whether any passage of the corpus has it at all. */
  inCorpus: boolean;
}

/**
 * Stage 2: each question term's forms in the index. Stems differ across compounds
 * (`cybersäkerhet` in `cybersäkerhetsprogram`, `Sitzungen` in `Plenarsitzungen`): index terms that
 * begin or end with a long enough question stem match it, more weakly, looked up through the
 * store's sorted term index (bounded per term, never a vocabulary scan).
 */
export async function matchableTerms(keyword: KeywordStore, terms: QueryTerm[], tuning: Tuning): Promise<MatchableTerm[]> {
  const expanded = await Promise.all(
    terms.map(async (term) => {
      const forms = new Map(term.variants.map((v) => [v, 1]));
      if (!term.isNumber) {
        // Every look-up of every variant asked at once (a store may send them in one round trip),
        // then added in the order below: compound parts variant by variant, then cognates.
        const compounds = term.variants.filter((variant) => [...variant].length >= tuning.minCompoundPart);
        const cognates = term.variants.filter((variant) => [...variant].length >= tuning.minCognateLength);
        const [parts, related] = await Promise.all([
          Promise.all(compounds.map((variant) => Promise.all([keyword.termsWithPrefix(variant, tuning.compoundFormsPerTerm), keyword.termsWithSuffix(variant, tuning.compoundFormsPerTerm)]))),
          Promise.all(cognates.map((variant) => keyword.termsWithPrefix([...variant].slice(0, tuning.cognatePrefix).join(''), tuning.compoundFormsPerTerm * 5))),
        ]);
        for (const [heads, tails] of parts) {
          for (const t of heads) if (!forms.has(t)) forms.set(t, tuning.compoundHead);
          for (const t of tails) if (!forms.has(t)) forms.set(t, tuning.compoundTail);
        }
        // Cognates across the corpus's languages (`konventionen`/`konvensjonen`, `organizations`/`organisationen`):
        // index terms that share the first letters and most letter pairs.
        cognates.forEach((variant, i) => {
          const length = [...variant].length;
          for (const t of related[i]!) {
            if (!forms.has(t) && Math.abs([...t].length - length) <= 3 && letterPairSimilarity(variant, t) >= tuning.cognateSimilarity) forms.set(t, tuning.cognateStrength);
          }
        });
      }
      // The question's own compound's last part, as the articles may say it alone after naming it once
      // ("Haldbergtunnelen" … "Tunnelen er 11,4 kilometer lang"): the index terms that end it.
      const heads = term.isNumber ? [] : term.variants.flatMap((variant) => {
        const letters = [...variant];
        return letters.length < 2 * tuning.minCompoundPart ? [] : Array.from({ length: letters.length - 2 * tuning.minCompoundPart + 1 }, (_, k) => letters.slice(tuning.minCompoundPart + k).join(''));
      });
      return { term, forms, heads: heads.filter((h) => !forms.has(h)) };
    }),
  );
  const allForms = [...new Set(expanded.flatMap((e) => [...e.forms.keys(), ...e.heads]))];
  const [df, stats] = await Promise.all([keyword.documentFrequencies(allForms), keyword.stats()]);
  return expanded.map(({ term, forms, heads }) => {
    // How rare the term is, by its own forms: a compound's part alone is commoner than the compound.
    const frequency = Math.max(0, ...[...forms.keys()].map((f) => df.get(f) ?? 0));
    for (const head of heads) if ((df.get(head) ?? 0) > 0) forms.set(head, tuning.compoundTail);
    return { term, forms, weight: bm25Idf(stats.documents, frequency), inCorpus: frequency > 0 };
  });
}

/** How strongly a set of index terms contains a question term: its best form's strength, or 0. */
export function matchStrength(term: MatchableTerm, indexTerms: ReadonlySet<string>): number {
  let best = 0;
  for (const [form, strength] of term.forms) if (strength > best && indexTerms.has(form)) best = strength;
  return best;
}

/** Share of the question's weight that a set of index terms covers, in [0, 1]. */
export function coverage(terms: MatchableTerm[], indexTerms: ReadonlySet<string>): number {
  const total = terms.reduce((sum, t) => sum + t.weight, 0);
  if (total === 0) return 0;
  return terms.reduce((sum, t) => sum + t.weight * matchStrength(t, indexTerms), 0) / total;
}

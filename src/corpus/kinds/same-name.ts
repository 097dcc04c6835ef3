import anyAscii from 'any-ascii';
import { letterPairSimilarity } from '../text/similarity.js';

/** Names written in two scripts ("Ingrid Holm", "Інгрід Голм") or two spellings are one value when their Latin transliterations nearly match. */
const SAME_NAME_SIMILARITY = 0.75;

export function sameName(a: string, b: string): boolean {
  if (a === b) return true;
  const latin = (s: string) => anyAscii(s).toLowerCase();
  return letterPairSimilarity(latin(a), latin(b)) >= SAME_NAME_SIMILARITY;
}

// NLP.js ships no type declarations; the project uses only its stemmers (`StemmerDe`, …).
declare module '@nlpjs/lang-all' {
  const languages: Record<string, unknown>;
  export = languages;
}

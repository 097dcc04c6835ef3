/** Programmatic API of the model generator (used by `npm run make-model`, test setup and benchmarks). */
export {
  DEFAULT_STANDIN_DIR,
  DEFAULT_TINY_DIR,
  ONNX_FILES,
  TINY_SHAPE,
  generateStandIn,
  generateTinyModel,
  type GeneratedModel,
  type TinyModelOptions,
} from './generate.js';
export type { BertShape, Precision } from './bert-graph.js';
export {
  CONCEPT_DIMENSIONS,
  DEFAULT_CONCEPT_DIR,
  generateConceptModel,
  writeConceptModel,
  type ConceptModel,
  type ConceptModelOptions,
} from './concept-model.js';
export { parseLexicon, readLexicon, type Concept } from './lexicon.js';

/**
 * A test model that knows translations: from a concept lexicon it writes a transformers.js
 * feature-extraction model (config.json, tokenizer files, onnx/model.onnx and
 * onnx/model_quantized.onnx) whose token vectors put the words of one concept together, in
 * whatever language, and everything else apart. Mean-pooled, a sentence's vector is then close to
 * another sentence's when they share concepts: it stands in for a multilingual model in tests.
 *
 * The graph is one embedding look-up (Gather) masked by attention_mask, output as
 * last_hidden_state, so the embedder's mean pooling and normalisation make the sentence vector.
 *  - every word of a concept: the concept's random unit vector plus a little noise (a word in two
 *    concepts: between them); "##word" too, so compounds ending in a lexicon word
 *    (signerings|seremonien) and inflected forms beginning with one (länder|n) carry it;
 *  - every other token (the character pieces that spell unknown words and figures, [UNK],
 *    punctuation): a short random vector, so texts without concepts still differ a little;
 *  - [CLS], [SEP], [PAD]: zero.
 * Deterministic: vectors are seeded by the concept's first word and by the token, not by order.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Precision } from './bert-graph.js';
import { modelFiles, writeJson, writeModelFiles, type GeneratedModel } from './generate.js';
import { GraphBuilder } from './graph-builder.js';
import { readLexicon, type Concept } from './lexicon.js';
import { DataType, type ModelSpec, type ValueInfoSpec } from './onnx-proto.js';
import { buildVocabulary, SPECIAL_TOKENS, tokenizerConfigJson, tokenizerJson } from './tokenizer.js';
import { DynamicQuantOps, Float32Ops, type ParameterSource } from './weight-ops.js';
import { materialize, seedFor, uniformSource } from './weights.js';

export const DEFAULT_CONCEPT_DIR = '.cache/models/concept-model';
const DEFAULT_SEED = 42;
/** 128 dimensions: two random unit vectors then have cosine within ±0.18 (two standard deviations). */
export const CONCEPT_DIMENSIONS = 128;
/** Length of the noise added to a concept's vector for each of its words: words of one concept have cosine ≈ 0.96. */
const WORD_NOISE = 0.2;
/** Length of an unknown token's vector, against 1 for a concept word: ten letters weigh about a sixth of one word. */
const UNKNOWN_LENGTH = 0.05;
/** Lexicon words this long or longer also match at the end of a compound, as "##word". */
const MIN_SUFFIX_CHARS = 4;
const CONTINUATION = '##';
const OPSET = 17;
const IR_VERSION = 8;
const EMBEDDING_PATH = '/embeddings/word_embeddings';

export interface ConceptModel {
  dir: string;
  dimensions: number;
  vocabSize: number;
  concepts: number;
  /** Distinct lexicon words (tokens that carry a concept, "##" forms not counted). */
  words: number;
  files: GeneratedModel['files'];
  sizes: Record<Precision, number>;
}

export interface ConceptModelOptions {
  seed?: number;
}

export function generateConceptModel(lexiconPath: string, outDir: string = DEFAULT_CONCEPT_DIR, options: ConceptModelOptions = {}): ConceptModel {
  return writeConceptModel(readLexicon(lexiconPath), outDir, options);
}

export function writeConceptModel(concepts: readonly Concept[], outDir: string, options: ConceptModelOptions = {}): ConceptModel {
  const seed = options.seed ?? DEFAULT_SEED;
  const conceptsOfWord = wordConcepts(concepts);
  const vocab = conceptVocabulary([...conceptsOfWord.keys()]);
  const table = embeddingTable(vocab, conceptsOfWord, seed);

  mkdirSync(join(outDir, 'onnx'), { recursive: true });
  const files = modelFiles(outDir);
  writeJson(files.config, conceptConfigJson(vocab.size));
  writeJson(files.tokenizer, tokenizerJson(vocab));
  writeJson(files.tokenizerConfig, tokenizerConfigJson());
  const sizes = writeModelFiles((precision) => buildLookupModel(table, vocab.size, precision), files);
  return {
    dir: outDir,
    dimensions: CONCEPT_DIMENSIONS,
    vocabSize: vocab.size,
    concepts: concepts.length,
    words: conceptsOfWord.size,
    files,
    sizes,
  };
}

/** Each lexicon word with the concepts it belongs to (usually one; `land` is English and Norwegian). */
function wordConcepts(concepts: readonly Concept[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const concept of concepts) {
    for (const word of concept.words) result.set(word, [...(result.get(word) ?? []), concept.name]);
  }
  return result;
}

/** The tiny model's vocabulary layout (specials, characters, "##" characters, words), plus "##word" forms. */
function conceptVocabulary(words: readonly string[]): Map<string, number> {
  const vocab = buildVocabulary([words.join(' ')]);
  for (const word of words) {
    const suffix = CONTINUATION + word;
    if ([...word].length >= MIN_SUFFIX_CHARS && !vocab.has(suffix)) vocab.set(suffix, vocab.size);
  }
  return vocab;
}

/** [vocabulary, dimensions], row-major. */
function embeddingTable(vocab: ReadonlyMap<string, number>, conceptsOfWord: ReadonlyMap<string, string[]>, seed: number): Float32Array {
  const table = new Float32Array(vocab.size * CONCEPT_DIMENSIONS);
  const conceptVectors = new Map<string, Float32Array>();
  const conceptVector = (name: string) => {
    let vector = conceptVectors.get(name);
    if (!vector) conceptVectors.set(name, (vector = randomUnitVector(seedFor(seed, `concept:${name}`))));
    return vector;
  };
  const specials = new Set<string>(SPECIAL_TOKENS.filter((t) => t !== '[UNK]'));
  for (const [token, id] of vocab) {
    if (specials.has(token)) continue;
    const word = token.startsWith(CONTINUATION) ? token.slice(CONTINUATION.length) : token;
    const names = conceptsOfWord.get(word);
    const row = names ? wordVector(names.map(conceptVector), randomUnitVector(seedFor(seed, `word:${word}`))) : unknownVector(seedFor(seed, `token:${token}`));
    table.set(row, id * CONCEPT_DIMENSIONS);
  }
  return table;
}

function wordVector(concepts: readonly Float32Array[], noise: Float32Array): Float32Array {
  const centre = normalized(sum(concepts));
  return normalized(sum([centre, scaled(noise, WORD_NOISE)]));
}

function unknownVector(seed: number): Float32Array {
  return scaled(randomUnitVector(seed), UNKNOWN_LENGTH);
}

/** Gaussian coordinates (Box–Muller over the weights' uniform generator), normalised: uniform on the sphere. */
function randomUnitVector(seed: number): Float32Array {
  const uniform = materialize(uniformSource(seed, 2 * CONCEPT_DIMENSIONS, 1));
  const vector = new Float32Array(CONCEPT_DIMENSIONS);
  for (let d = 0; d < CONCEPT_DIMENSIONS; d++) {
    const u1 = (uniform[2 * d]! + 1) / 2 || Number.EPSILON;
    const u2 = (uniform[2 * d + 1]! + 1) / 2;
    vector[d] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
  return normalized(vector);
}

function sum(vectors: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(CONCEPT_DIMENSIONS);
  for (const v of vectors) for (let d = 0; d < out.length; d++) out[d]! += v[d]!;
  return out;
}

function scaled(vector: Float32Array, factor: number): Float32Array {
  return vector.map((x) => x * factor);
}

function normalized(vector: Float32Array): Float32Array {
  return scaled(vector, 1 / Math.hypot(...vector));
}

/** input_ids → Gather → × attention_mask → last_hidden_state [batch, tokens, dimensions]. */
function buildLookupModel(table: Float32Array, vocabSize: number, precision: Precision): ModelSpec {
  const g = new GraphBuilder('main_graph');
  const params: ParameterSource = (name, length) => {
    if (length !== table.length) throw new Error(`unexpected parameter ${name}`);
    return { length, *chunks() { yield table; } };
  };
  const ops = precision === 'fp32' ? new Float32Ops(g, params) : new DynamicQuantOps(g, params);
  const vectors = ops.embedding('input_ids', EMBEDDING_PATH, vocabSize, CONCEPT_DIMENSIONS);
  const mask = g.op('Unsqueeze', '/Unsqueeze', ['attention_mask', g.int64s('const_axes_2', [2])]);
  const maskAsFloat = g.op('Cast', '/Cast', [mask], { to: DataType.FLOAT });
  const [output] = g.opWithOutputs('Mul', '/Mul', [vectors, maskAsFloat], ['last_hidden_state']);

  const tokens = ['batch_size', 'sequence_length'];
  // token_type_ids is declared, unused, because BERT tokenizers produce it and transformers.js feeds what the graph declares.
  const inputs: ValueInfoSpec[] = ['input_ids', 'attention_mask', 'token_type_ids'].map((name) => ({ name, elemType: DataType.INT64, shape: tokens }));
  const outputs: ValueInfoSpec[] = [{ name: output!, elemType: DataType.FLOAT, shape: [...tokens, CONCEPT_DIMENSIONS] }];
  return { irVersion: IR_VERSION, opsetVersion: OPSET, producerName: 'newsdesk make-model concepts', producerVersion: '1', graph: g.build(inputs, outputs) };
}

/** A BERT config, as transformers.js picks its model class by model_type; the sizes describe the look-up table. */
function conceptConfigJson(vocabSize: number): object {
  return {
    _comment: 'Concept-lexicon test model generated by make-model: words of one concept share a vector; for tests only.',
    architectures: ['BertModel'],
    model_type: 'bert',
    vocab_size: vocabSize,
    hidden_size: CONCEPT_DIMENSIONS,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    intermediate_size: CONCEPT_DIMENSIONS,
    max_position_embeddings: 512,
    type_vocab_size: 2,
    pad_token_id: 0,
  };
}

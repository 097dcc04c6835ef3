/**
 * A BERT encoder (HF BertModel, absolute positions, post-LayerNorm) as an ONNX graph, laid out like
 * PyTorch's export of it (MatMul + bias Add, Erf GELU, additive mask, Reshape/Transpose heads), so
 * onnxruntime's online fusions (BiasGelu, FusedMatMul, DynamicQuantizeMatMul) apply as they do to
 * real exports. One difference: LayerNorm is emitted as LayerNormalization (opset 17), where an
 * opset-14 export has the decomposed form that onnxruntime fuses back into the same op.
 * Inputs: input_ids, attention_mask, token_type_ids (int64 [batch_size, sequence_length]);
 * output: last_hidden_state (float [batch_size, sequence_length, hidden_size]).
 */
import { GraphBuilder } from './graph-builder.js';
import { DataType, type ModelSpec, type ValueInfoSpec } from './onnx-proto.js';
import { DynamicQuantOps, Float32Ops, parameterPrefix, type ParameterSource, type WeightOps } from './weight-ops.js';
import { seedFor, uniformSource } from './weights.js';

export interface BertShape {
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  maxPositions: number;
  typeVocabSize: number;
  layerNormEps: number;
}

export type Precision = 'fp32' | 'q8';

/** LayerNormalization needs opset 17 (onnxruntime-node 1.30 runs it); IR 8 is what opset 17 requires. */
const OPSET = 17;
const IR_VERSION = 8;
/** BERT's initializer_range: weights ~ std 0.02, here uniform with that std. */
const WEIGHT_BOUND = 0.02 * Math.sqrt(3);
/** Additive mask value for padded positions, as in the original BERT. */
const MASK_BIAS = -10000;

interface Ctx {
  g: GraphBuilder;
  shape: BertShape;
  ops: WeightOps;
}

/** Random weights keyed by parameter name, so fp32 and q8 models share the same underlying values. */
export function randomParameters(seed: number): ParameterSource {
  return (name, length) => uniformSource(seedFor(seed, name), length, WEIGHT_BOUND);
}

export function buildBertModel(shape: BertShape, precision: Precision, seed: number): ModelSpec {
  assertShape(shape);
  const g = new GraphBuilder('main_graph');
  const params = randomParameters(seed);
  const ops = precision === 'fp32' ? new Float32Ops(g, params) : new DynamicQuantOps(g, params);
  const ctx: Ctx = { g, shape, ops };

  let hidden = embeddings(ctx);
  const maskBias = attentionMaskBias(ctx);
  for (let layer = 0; layer < shape.numLayers; layer++) {
    const isLast = layer === shape.numLayers - 1;
    hidden = encoderLayer(ctx, hidden, maskBias, layer, isLast ? 'last_hidden_state' : undefined);
  }

  const tokens = ['batch_size', 'sequence_length'];
  const inputs: ValueInfoSpec[] = ['input_ids', 'attention_mask', 'token_type_ids'].map((name) => ({
    name,
    elemType: DataType.INT64,
    shape: tokens,
  }));
  const outputs: ValueInfoSpec[] = [{ name: hidden, elemType: DataType.FLOAT, shape: [...tokens, shape.hiddenSize] }];
  return {
    irVersion: IR_VERSION,
    opsetVersion: OPSET,
    producerName: 'newsdesk make-model',
    producerVersion: '1',
    graph: g.build(inputs, outputs),
  };
}

function assertShape(shape: BertShape): void {
  if (shape.hiddenSize % shape.numHeads !== 0) {
    throw new Error(`hidden_size ${shape.hiddenSize} is not a multiple of num_attention_heads ${shape.numHeads}`);
  }
}

/** word + token type + position embeddings, then LayerNorm. Position ids: a Slice of a constant arange. */
function embeddings({ g, shape, ops }: Ctx): string {
  const h = shape.hiddenSize;
  const words = ops.embedding('input_ids', '/embeddings/word_embeddings', shape.vocabSize, h);
  const types = ops.embedding('token_type_ids', '/embeddings/token_type_embeddings', shape.typeVocabSize, h);
  const summed = g.op('Add', '/embeddings/Add', [words, types]);

  const arange = Array.from({ length: shape.maxPositions }, (_, i) => i);
  const allPositions = g.int64s('embeddings.position_ids', arange, [1, shape.maxPositions]);
  const seqLength = g.op('Shape', '/embeddings/Shape', ['input_ids'], { start: 1, end: 2 });
  const positionIds = g.op('Slice', '/embeddings/Slice', [
    allPositions,
    g.int64s('const_zero_1d', [0]),
    seqLength,
    g.int64s('const_one_1d', [1]),
  ]);
  const positions = ops.embedding(positionIds, '/embeddings/position_embeddings', shape.maxPositions, h);
  const withPositions = g.op('Add', '/embeddings/Add_1', [summed, positions]);
  return layerNorm({ g, shape, ops }, withPositions, '/embeddings/LayerNorm');
}

/** attention_mask [b, s] → (1 − mask) · −10000 as [b, 1, 1, s], added to every head's scores. */
function attentionMaskBias({ g }: Ctx): string {
  const expanded = g.op('Unsqueeze', '/Unsqueeze', ['attention_mask', g.int64s('const_axes_1_2', [1, 2])]);
  const asFloat = g.op('Cast', '/Cast', [expanded], { to: DataType.FLOAT });
  const inverted = g.op('Sub', '/Sub', [g.floats('const_one', [1], []), asFloat]);
  return g.op('Mul', '/Mul', [inverted, g.floats('const_mask_bias', [MASK_BIAS], [])]);
}

function encoderLayer(ctx: Ctx, hidden: string, maskBias: string, layer: number, outputName?: string): string {
  const { g, shape, ops } = ctx;
  const path = `/encoder/layer.${layer}`;
  const context = selfAttention(ctx, hidden, maskBias, `${path}/attention/self`);
  const attended = ops.linear(context, `${path}/attention/output/dense`, shape.hiddenSize, shape.hiddenSize);
  const residual1 = g.op('Add', `${path}/attention/output/Add`, [attended, hidden]);
  const normed1 = layerNorm(ctx, residual1, `${path}/attention/output/LayerNorm`);

  const expanded = ops.linear(normed1, `${path}/intermediate/dense`, shape.hiddenSize, shape.intermediateSize);
  const activated = gelu(ctx, expanded, `${path}/intermediate/intermediate_act_fn`);
  const projected = ops.linear(activated, `${path}/output/dense`, shape.intermediateSize, shape.hiddenSize);
  const residual2 = g.op('Add', `${path}/output/Add`, [projected, normed1]);
  return layerNorm(ctx, residual2, `${path}/output/LayerNorm`, outputName);
}

/** Multi-head scaled dot-product attention; returns the heads merged back to [b, s, hidden]. */
function selfAttention({ g, shape, ops }: Ctx, hidden: string, maskBias: string, path: string): string {
  const h = shape.hiddenSize;
  const headSize = h / shape.numHeads;
  const splitHeads = g.int64s('const_shape_heads', [0, 0, shape.numHeads, headSize]);
  const mergeHeads = g.int64s('const_shape_hidden', [0, 0, h]);

  const heads = (projection: 'query' | 'key' | 'value', perm: number[]) => {
    const projected = ops.linear(hidden, `${path}/${projection}`, h, h);
    const reshaped = g.op('Reshape', `${path}/${projection}/Reshape`, [projected, splitHeads]);
    return g.op('Transpose', `${path}/${projection}/Transpose`, [reshaped], { perm });
  };
  const query = heads('query', [0, 2, 1, 3]);
  const keyTransposed = heads('key', [0, 2, 3, 1]);
  const value = heads('value', [0, 2, 1, 3]);

  const scores = g.op('MatMul', `${path}/MatMul`, [query, keyTransposed]);
  const scaled = g.op('Div', `${path}/Div`, [scores, g.floats(`const_sqrt_head_size`, [Math.sqrt(headSize)], [])]);
  const masked = g.op('Add', `${path}/Add`, [scaled, maskBias]);
  const probs = g.op('Softmax', `${path}/Softmax`, [masked], { axis: -1 });
  const context = g.op('MatMul', `${path}/MatMul_1`, [probs, value]);
  const merged = g.op('Transpose', `${path}/Transpose`, [context], { perm: [0, 2, 1, 3] });
  return g.op('Reshape', `${path}/Reshape`, [merged, mergeHeads]);
}

/** LayerNorm with γ = 1 and β = 0 (its initial values); `outputName` names a graph output. */
function layerNorm({ g, shape }: Ctx, x: string, path: string, outputName?: string): string {
  const prefix = parameterPrefix(path);
  const n = shape.hiddenSize;
  const gamma = g.floats(`${prefix}.weight`, new Float32Array(n).fill(1), [n]);
  const beta = g.floats(`${prefix}.bias`, new Float32Array(n), [n]);
  const name = `${path}/LayerNormalization`;
  const attributes = { axis: -1, epsilon: { float: shape.layerNormEps } };
  const [output] = g.opWithOutputs('LayerNormalization', name, [x, gamma, beta], [outputName ?? `${name}_output_0`], attributes);
  return output!;
}

/** Exact GELU in the Erf form PyTorch exports, x · 0.5 · (1 + erf(x / √2)), which onnxruntime fuses. */
function gelu({ g }: Ctx, x: string, path: string): string {
  const divided = g.op('Div', `${path}/Div`, [x, g.floats('const_sqrt2', [Math.SQRT2], [])]);
  const erf = g.op('Erf', `${path}/Erf`, [divided]);
  const shifted = g.op('Add', `${path}/Add`, [erf, g.floats('const_one', [1], [])]);
  const gated = g.op('Mul', `${path}/Mul`, [x, shifted]);
  return g.op('Mul', `${path}/Mul_1`, [gated, g.floats('const_half', [0.5], [])]);
}

/**
 * How a weight-carrying layer becomes ONNX nodes, in two precisions:
 *  - fp32: MatMul + Add, Gather;
 *  - q8: the graph onnxruntime's quantize_dynamic leaves behind (IntegerOps mode, the mode
 *    transformers.js's `*_quantized.onnx` files are made with): the activation is quantized at run
 *    time by DynamicQuantizeLinear (shared by every MatMul reading the same tensor), MatMulInteger
 *    multiplies uint8 × int8, the int32 result is Cast to float and Mul-ed by (x_scale · w_scale);
 *    the bias Add stays float. Embedding Gathers read an int8 table and feed a DequantizeLinear.
 */
import type { GraphBuilder } from './graph-builder.js';
import { DataType } from './onnx-proto.js';
import { quantizeColumns, quantizeTensor } from './quantize.js';
import { lazyFloatBytes, materialize, type FloatSource } from './weights.js';

/** Random (or any) values for a named parameter of a given element count. */
export type ParameterSource = (name: string, length: number) => FloatSource;

export interface WeightOps {
  /** x·W + b for the dense module at `path` (a node-name prefix such as /encoder/layer.0/output/dense). */
  linear(x: string, path: string, inFeatures: number, outFeatures: number): string;
  /** Rows `ids` of the embedding table at `path`, as float32. */
  embedding(ids: string, path: string, rows: number, cols: number): string;
}

/** "/encoder/layer.0/output/dense" → "encoder.layer.0.output.dense", the PyTorch parameter prefix. */
export function parameterPrefix(path: string): string {
  return path.replace(/^\//, '').replaceAll('/', '.');
}

/** The bias Add both precisions share (bias first, as PyTorch exports it). */
function addBias(g: GraphBuilder, params: ParameterSource, product: string, path: string, outFeatures: number): string {
  const biasName = `${parameterPrefix(path)}.bias`;
  const bias = g.initializer(biasName, DataType.FLOAT, [outFeatures], lazyFloatBytes(params(biasName, outFeatures)));
  return g.op('Add', `${path}/Add`, [bias, product]);
}

export class Float32Ops implements WeightOps {
  constructor(
    private readonly g: GraphBuilder,
    private readonly params: ParameterSource,
  ) {}

  linear(x: string, path: string, inFeatures: number, outFeatures: number): string {
    const weight = this.table(`${parameterPrefix(path)}.weight`, inFeatures, outFeatures);
    const product = this.g.op('MatMul', `${path}/MatMul`, [x, weight]);
    return addBias(this.g, this.params, product, path, outFeatures);
  }

  embedding(ids: string, path: string, rows: number, cols: number): string {
    const weight = this.table(`${parameterPrefix(path)}.weight`, rows, cols);
    return this.g.op('Gather', `${path}/Gather`, [weight, ids]);
  }

  private table(name: string, rows: number, cols: number): string {
    return this.g.initializer(name, DataType.FLOAT, [rows, cols], lazyFloatBytes(this.params(name, rows * cols)));
  }
}

interface QuantizedActivation {
  value: string;
  scale: string;
  zeroPoint: string;
}

export class DynamicQuantOps implements WeightOps {
  /** quantize_dynamic quantizes each activation once, however many MatMuls read it (Q, K and V). */
  private readonly quantizedActivations = new Map<string, QuantizedActivation>();

  constructor(
    private readonly g: GraphBuilder,
    private readonly params: ParameterSource,
  ) {}

  linear(x: string, path: string, inFeatures: number, outFeatures: number): string {
    const { g } = this;
    const weightName = `${parameterPrefix(path)}.weight`;
    const weights = materialize(this.params(weightName, inFeatures * outFeatures));
    const q = quantizeColumns(weights, inFeatures, outFeatures);
    const wValue = g.int8s(`${weightName}_quantized`, q.data, [inFeatures, outFeatures]);
    const wScale = g.floats(`${weightName}_scale`, q.scales, [outFeatures]);
    const wZeroPoint = g.int8s(`${weightName}_zero_point`, q.zeroPoints, [outFeatures]);

    const a = this.quantizeActivation(x);
    const matmul = `${path}/MatMul`;
    const integerProduct = g.opWithOutputs(
      'MatMulInteger',
      `${matmul}_quant`,
      [a.value, wValue, a.zeroPoint, wZeroPoint],
      [`${matmul}_output_0_output_quantized`],
    )[0]!;
    const asFloat = g.op('Cast', `${matmul}_output_0_output_quantized_cast`, [integerProduct], { to: DataType.FLOAT });
    const scales = g.op('Mul', `${matmul}_quant_scales_mul`, [a.scale, wScale]);
    const product = g.opWithOutputs('Mul', `${matmul}_quant_output_scale_mul`, [asFloat, scales], [`${matmul}_output_0`])[0]!;
    return addBias(g, this.params, product, path, outFeatures);
  }

  embedding(ids: string, path: string, rows: number, cols: number): string {
    const { g } = this;
    const weightName = `${parameterPrefix(path)}.weight`;
    const q = quantizeTensor(this.params(weightName, rows * cols));
    const table = g.initializer(`${weightName}_quantized`, DataType.INT8, [rows, cols], q.data);
    const scale = g.floats(`${weightName}_scale`, [q.scale], []);
    const zeroPoint = g.int8s(`${weightName}_zero_point`, Int8Array.of(q.zeroPoint), []);
    const gathered = g.opWithOutputs('Gather', `${path}/Gather`, [table, ids], [`${path}/Gather_output_0_quantized`])[0]!;
    return g.op('DequantizeLinear', `${path}/Gather_output_0_DequantizeLinear`, [gathered, scale, zeroPoint]);
  }

  private quantizeActivation(x: string): QuantizedActivation {
    let quantized = this.quantizedActivations.get(x);
    if (!quantized) {
      const [value, scale, zeroPoint] = this.g.opWithOutputs('DynamicQuantizeLinear', `${x}_QuantizeLinear`, [x], [
        `${x}_quantized`,
        `${x}_scale`,
        `${x}_zero_point`,
      ]);
      quantized = { value: value!, scale: scale!, zeroPoint: zeroPoint! };
      this.quantizedActivations.set(x, quantized);
    }
    return quantized;
  }
}

/**
 * Collects nodes and initializers for one ONNX graph. Node outputs are named after the node
 * (`<node name>_output_<i>`), the convention of PyTorch's exporter, so graphs read like real exports.
 */
import {
  DataType,
  type AttributeValue,
  type GraphSpec,
  type NodeSpec,
  type TensorSpec,
  type ValueInfoSpec,
} from './onnx-proto.js';
import type { LazyBytes } from './protobuf.js';
import { assertLittleEndian, bytesOf } from './weights.js';

export class GraphBuilder {
  private readonly nodes: NodeSpec[] = [];
  private readonly initializers = new Map<string, TensorSpec>();
  private readonly nodeNames = new Set<string>();

  constructor(private readonly name: string) {
    assertLittleEndian();
  }

  /** A node with one output; returns that output's name. */
  op(opType: string, name: string, inputs: readonly string[], attributes?: Record<string, AttributeValue>): string {
    const [output] = this.opWithOutputs(opType, name, inputs, [`${name}_output_0`], attributes);
    return output!;
  }

  /** A node whose output names are given (several outputs, or a graph output such as last_hidden_state). */
  opWithOutputs(
    opType: string,
    name: string,
    inputs: readonly string[],
    outputs: readonly string[],
    attributes?: Record<string, AttributeValue>,
  ): readonly string[] {
    if (this.nodeNames.has(name)) throw new Error(`duplicate node name ${name}`);
    this.nodeNames.add(name);
    this.nodes.push({ opType, name, inputs, outputs, attributes });
    return outputs;
  }

  /** Adds a constant once; a second call with the same name reuses it (shared reshape shapes, scalars). */
  initializer(name: string, dataType: DataType, dims: readonly number[], data: Uint8Array | LazyBytes): string {
    if (!this.initializers.has(name)) this.initializers.set(name, { name, dataType, dims, data });
    return name;
  }

  floats(name: string, values: Float32Array | readonly number[], dims: readonly number[]): string {
    return this.initializer(name, DataType.FLOAT, dims, bytesOf(Float32Array.from(values)));
  }

  int64s(name: string, values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.initializer(name, DataType.INT64, dims, bytesOf(BigInt64Array.from(values, BigInt)));
  }

  int8s(name: string, values: Int8Array, dims: readonly number[]): string {
    return this.initializer(name, DataType.INT8, dims, bytesOf(values));
  }

  build(inputs: readonly ValueInfoSpec[], outputs: readonly ValueInfoSpec[]): GraphSpec {
    return { name: this.name, nodes: this.nodes, initializers: [...this.initializers.values()], inputs, outputs };
  }
}

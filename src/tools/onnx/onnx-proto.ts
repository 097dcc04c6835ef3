/**
 * ONNX ModelProto encoding on top of the protobuf writer. Field numbers are those of onnx/onnx.proto
 * (checked against the published file: ModelProto, GraphProto, NodeProto, AttributeProto,
 * TensorProto, ValueInfoProto, TypeProto, TensorShapeProto, OperatorSetIdProto).
 */
import { ProtoMessage, type LazyBytes } from './protobuf.js';

/** TensorProto.DataType values used here. */
export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT64: 7,
} as const;
export type DataType = (typeof DataType)[keyof typeof DataType];

/** AttributeProto.AttributeType values used here. */
const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 } as const;

const F = {
  model: { irVersion: 1, producerName: 2, producerVersion: 3, graph: 7, opsetImport: 8 },
  opset: { domain: 1, version: 2 },
  graph: { node: 1, name: 2, initializer: 5, input: 11, output: 12 },
  node: { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 },
  attribute: { name: 1, f: 2, i: 3, s: 4, floats: 7, ints: 8, type: 20 },
  tensor: { dims: 1, dataType: 2, name: 8, rawData: 9 },
  valueInfo: { name: 1, type: 2 },
  typeProto: { tensorType: 1 },
  tensorType: { elemType: 1, shape: 2 },
  shape: { dim: 1 },
  dimension: { value: 1, param: 2 },
} as const;

/** A graph constant. `data` is raw little-endian bytes, either in memory or streamed. */
export interface TensorSpec {
  name: string;
  dataType: DataType;
  dims: readonly number[];
  data: Uint8Array | LazyBytes;
}

/** number → INT, string → STRING, number[] → INTS; floats must be tagged since JS has one number type. */
export type AttributeValue = number | string | readonly number[] | { float: number } | { floats: readonly number[] };

export interface NodeSpec {
  opType: string;
  name: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attributes?: Readonly<Record<string, AttributeValue>>;
  domain?: string;
}

/** A graph input or output: element type and a shape whose dims are fixed sizes or symbolic names. */
export interface ValueInfoSpec {
  name: string;
  elemType: DataType;
  shape: readonly (number | string)[];
}

export interface GraphSpec {
  name: string;
  nodes: readonly NodeSpec[];
  initializers: readonly TensorSpec[];
  inputs: readonly ValueInfoSpec[];
  outputs: readonly ValueInfoSpec[];
}

export interface ModelSpec {
  irVersion: number;
  opsetVersion: number;
  producerName: string;
  producerVersion: string;
  graph: GraphSpec;
}

export function encodeTensor(tensor: TensorSpec): ProtoMessage {
  const message = new ProtoMessage()
    .ints(F.tensor.dims, tensor.dims)
    .int(F.tensor.dataType, tensor.dataType)
    .string(F.tensor.name, tensor.name);
  return tensor.data instanceof Uint8Array
    ? message.bytes(F.tensor.rawData, tensor.data)
    : message.lazyBytes(F.tensor.rawData, tensor.data);
}

export function encodeAttribute(name: string, value: AttributeValue): ProtoMessage {
  const message = new ProtoMessage().string(F.attribute.name, name);
  if (typeof value === 'number') return message.int(F.attribute.type, AttributeType.INT).int(F.attribute.i, value);
  if (typeof value === 'string') return message.int(F.attribute.type, AttributeType.STRING).string(F.attribute.s, value);
  if (isIntList(value)) return message.int(F.attribute.type, AttributeType.INTS).ints(F.attribute.ints, value);
  if ('float' in value) return message.int(F.attribute.type, AttributeType.FLOAT).float(F.attribute.f, value.float);
  return message.int(F.attribute.type, AttributeType.FLOATS).floats(F.attribute.floats, value.floats);
}

function isIntList(value: AttributeValue): value is readonly number[] {
  return Array.isArray(value);
}

export function encodeNode(node: NodeSpec): ProtoMessage {
  const message = new ProtoMessage()
    .strings(F.node.input, node.inputs)
    .strings(F.node.output, node.outputs)
    .string(F.node.name, node.name)
    .string(F.node.opType, node.opType);
  for (const [name, value] of Object.entries(node.attributes ?? {})) {
    message.message(F.node.attribute, encodeAttribute(name, value));
  }
  if (node.domain) message.string(F.node.domain, node.domain);
  return message;
}

export function encodeValueInfo(info: ValueInfoSpec): ProtoMessage {
  const shape = new ProtoMessage();
  for (const dim of info.shape) {
    const dimension =
      typeof dim === 'number'
        ? new ProtoMessage().int(F.dimension.value, dim)
        : new ProtoMessage().string(F.dimension.param, dim);
    shape.message(F.shape.dim, dimension);
  }
  const tensorType = new ProtoMessage().int(F.tensorType.elemType, info.elemType).message(F.tensorType.shape, shape);
  const type = new ProtoMessage().message(F.typeProto.tensorType, tensorType);
  return new ProtoMessage().string(F.valueInfo.name, info.name).message(F.valueInfo.type, type);
}

export function encodeGraph(graph: GraphSpec): ProtoMessage {
  return new ProtoMessage()
    .messages(F.graph.node, graph.nodes.map(encodeNode))
    .string(F.graph.name, graph.name)
    .messages(F.graph.initializer, graph.initializers.map(encodeTensor))
    .messages(F.graph.input, graph.inputs.map(encodeValueInfo))
    .messages(F.graph.output, graph.outputs.map(encodeValueInfo));
}

export function encodeModel(model: ModelSpec): ProtoMessage {
  const opset = new ProtoMessage().string(F.opset.domain, '').int(F.opset.version, model.opsetVersion);
  return new ProtoMessage()
    .int(F.model.irVersion, model.irVersion)
    .string(F.model.producerName, model.producerName)
    .string(F.model.producerVersion, model.producerVersion)
    .message(F.model.graph, encodeGraph(model.graph))
    .message(F.model.opsetImport, opset);
}

import protobuf from 'protobufjs';

/**
 * The subset of onnx.proto (github.com/onnx/onnx, onnx/onnx.proto, IR version 10) that the TensorProto reader and
 * pack's model facts need. Field numbers are the upstream ones; fields not listed are skipped by the decoder. It
 * decodes whole messages, tensor data included: the safety check walks models with onnx-structure.ts instead.
 */
const ONNX_SUBSET = `
syntax = "proto2";
package onnx;
message StringStringEntryProto { optional string key = 1; optional string value = 2; }
message TensorProto {
  repeated int64 dims = 1;
  optional int32 data_type = 2;
  repeated float float_data = 4 [packed = true];
  repeated int32 int32_data = 5 [packed = true];
  repeated bytes string_data = 6;
  repeated int64 int64_data = 7 [packed = true];
  optional string name = 8;
  optional bytes raw_data = 9;
  repeated double double_data = 10 [packed = true];
  repeated uint64 uint64_data = 11 [packed = true];
  repeated StringStringEntryProto external_data = 13;
  optional int32 data_location = 14;
}
message SparseTensorProto { optional TensorProto values = 1; optional TensorProto indices = 2; repeated int64 dims = 3; }
message AttributeProto {
  optional string name = 1;
  optional TensorProto t = 5;
  optional GraphProto g = 6;
  repeated int64 ints = 8;
  repeated bytes strings = 9;
  repeated TensorProto tensors = 10;
  repeated GraphProto graphs = 11;
  optional int32 type = 20;
  optional SparseTensorProto sparse_tensor = 22;
  repeated SparseTensorProto sparse_tensors = 23;
}
message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  repeated AttributeProto attribute = 5;
  optional string domain = 7;
}
message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  repeated SparseTensorProto sparse_initializer = 15;
}
message OperatorSetIdProto { optional string domain = 1; optional int64 version = 2; }
message FunctionProto {
  optional string name = 1;
  repeated NodeProto node = 7;
  repeated OperatorSetIdProto opset_import = 9;
  optional string domain = 10;
  repeated AttributeProto attribute_proto = 11;
}
message TrainingInfoProto { optional GraphProto initialization = 1; optional GraphProto algorithm = 2; }
message ModelProto {
  optional int64 ir_version = 1;
  optional string producer_name = 2;
  optional GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
  repeated StringStringEntryProto metadata_props = 14;
  repeated TrainingInfoProto training_info = 20;
  repeated FunctionProto functions = 25;
}
`;

// Decoded shapes (only what we read). protobufjs leaves absent repeated fields as [] and scalars as defaults.
export interface OnnxTensor {
  dims: (number | bigint | { toNumber(): number })[];
  data_type: number;
  float_data: number[];
  int32_data: number[];
  int64_data: unknown[];
  double_data: number[];
  uint64_data: unknown[];
  name: string;
  raw_data: Uint8Array;
  external_data: { key: string; value: string }[];
  data_location: number;
}
export interface OnnxSparseTensor {
  values?: OnnxTensor | null;
  indices?: OnnxTensor | null;
}
export interface OnnxAttribute {
  name: string;
  ints: unknown[];
  strings: Uint8Array[];
  t?: OnnxTensor | null;
  g?: OnnxGraph | null;
  tensors: OnnxTensor[];
  graphs: OnnxGraph[];
  sparse_tensor?: OnnxSparseTensor | null;
  sparse_tensors: OnnxSparseTensor[];
}
export interface OnnxNode {
  op_type: string;
  domain: string;
  name: string;
  attribute: OnnxAttribute[];
}
export interface OnnxGraph {
  name: string;
  node: OnnxNode[];
  initializer: OnnxTensor[];
  sparse_initializer: OnnxSparseTensor[];
}
export interface OnnxOpset {
  domain: string;
  version: unknown;
}
export interface OnnxFunction {
  name: string;
  domain: string;
  node: OnnxNode[];
  opset_import: OnnxOpset[];
  attribute_proto: OnnxAttribute[];
}
export interface OnnxModel {
  graph?: OnnxGraph | null;
  opset_import: OnnxOpset[];
  metadata_props: { key: string; value: string }[];
  training_info: { initialization?: OnnxGraph | null; algorithm?: OnnxGraph | null }[];
  functions: OnnxFunction[];
}

/** TensorProto.DataLocation.EXTERNAL */
export const DATA_LOCATION_EXTERNAL = 1;

let root: protobuf.Root | null = null;
function types(): protobuf.Root {
  root ??= protobuf.parse(ONNX_SUBSET, { keepCase: true }).root;
  return root;
}

/** Decodes a ModelProto; throws on bytes that are not one. */
export function decodeModel(bytes: Uint8Array): OnnxModel {
  return types().lookupType('onnx.ModelProto').decode(bytes) as unknown as OnnxModel;
}

/** Decodes a TensorProto (the ONNX backend test layout's `.pb` files); throws on bytes that are not one. */
export function decodeTensor(bytes: Uint8Array): OnnxTensor {
  return types().lookupType('onnx.TensorProto').decode(bytes) as unknown as OnnxTensor;
}

/** protobufjs gives int64 as number or Long; dims and versions are small enough for a number. */
export function int64ToNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v && typeof v === 'object' && 'toNumber' in v && typeof v.toNumber === 'function')
    return (v as { toNumber(): number }).toNumber();
  return Number(v);
}

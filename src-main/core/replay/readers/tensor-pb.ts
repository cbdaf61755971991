import { readFileSync } from 'node:fs';
import { DATA_LOCATION_EXTERNAL, decodeTensor, int64ToNumber, type OnnxTensor } from '../onnx-proto';
import { inputError } from '../replay-error';
import { elementCount, type NumericTensor, type TensorData, type TensorType } from './tensor';

/** An ONNX TensorProto `.pb` (the ONNX backend test layout): `raw_data` (little-endian) or the typed fields. */

// TensorProto.DataType codes we read
const TYPES: Record<number, { type: TensorType; size: number }> = {
  1: { type: 'float32', size: 4 },
  2: { type: 'uint8', size: 1 },
  3: { type: 'int8', size: 1 },
  5: { type: 'int16', size: 2 },
  6: { type: 'int32', size: 4 },
  7: { type: 'int64', size: 8 },
  9: { type: 'bool', size: 1 },
  11: { type: 'float64', size: 8 },
};

export function readTensorPb(file: string, label = file): NumericTensor {
  return parseTensorPb(readFileSync(file), label);
}

export function parseTensorPb(bytes: Uint8Array, label: string): NumericTensor {
  let t: OnnxTensor;
  try {
    t = decodeTensor(bytes);
  } catch (e) {
    throw inputError('tensor-pb-invalid', `${label}: not a readable ONNX TensorProto: ${(e as Error).message}`, label);
  }
  const dtype = TYPES[t.data_type];
  if (!dtype)
    throw inputError(
      'tensor-pb-unsupported-type',
      `${label}: TensorProto data_type ${t.data_type} is not supported (float, double, int8/16/32/64, uint8, bool)`,
      label,
    );
  if (t.data_location === DATA_LOCATION_EXTERNAL)
    throw inputError('tensor-pb-external', `${label}: tensors with external data are not read`, label);
  const shape = t.dims.map(int64ToNumber);
  const n = elementCount(shape);
  const data = t.raw_data.length > 0 ? fromRaw(t.raw_data, dtype.type, dtype.size, n, label) : fromTyped(t, dtype.type);
  if (data.length !== n)
    throw inputError(
      'tensor-pb-invalid',
      `${label}: ${data.length} values for shape [${shape.join(', ')}] (${n} expected)`,
      label,
    );
  return { type: dtype.type, data, shape };
}

function fromRaw(raw: Uint8Array, type: TensorType, size: number, n: number, label: string): TensorData {
  if (raw.length !== n * size)
    throw inputError('tensor-pb-invalid', `${label}: raw_data has ${raw.length} bytes, ${n * size} expected`, label);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  switch (type) {
    case 'float32': {
      const a = new Float32Array(n);
      for (let i = 0; i < n; i++) a[i] = view.getFloat32(4 * i, true);
      return a;
    }
    case 'float64': {
      const a = new Float64Array(n);
      for (let i = 0; i < n; i++) a[i] = view.getFloat64(8 * i, true);
      return a;
    }
    case 'int32': {
      const a = new Int32Array(n);
      for (let i = 0; i < n; i++) a[i] = view.getInt32(4 * i, true);
      return a;
    }
    case 'int64': {
      const a = new BigInt64Array(n);
      for (let i = 0; i < n; i++) a[i] = view.getBigInt64(8 * i, true);
      return a;
    }
    case 'int16': {
      const a = new Int16Array(n);
      for (let i = 0; i < n; i++) a[i] = view.getInt16(2 * i, true);
      return a;
    }
    case 'int8':
      return new Int8Array(raw.slice().buffer);
    case 'uint8':
    case 'bool':
      return raw.slice();
  }
}

function fromTyped(t: OnnxTensor, type: TensorType): TensorData {
  switch (type) {
    case 'float32':
      return Float32Array.from(t.float_data);
    case 'float64':
      return Float64Array.from(t.double_data);
    case 'int64':
      return BigInt64Array.from(t.int64_data.map((v) => BigInt(String(v))));
    case 'int32':
      return Int32Array.from(t.int32_data);
    case 'int16':
      return Int16Array.from(t.int32_data);
    case 'int8':
      return Int8Array.from(t.int32_data);
    case 'uint8':
    case 'bool':
      return Uint8Array.from(t.int32_data);
  }
}

/** A dense tensor read from a file, in native byte order, C (row-major) order. */
export type TensorType = 'float32' | 'float64' | 'int32' | 'int64' | 'int16' | 'int8' | 'uint8' | 'bool';
export type TensorData = Float32Array | Float64Array | Int32Array | BigInt64Array | Int16Array | Int8Array | Uint8Array;

export interface NumericTensor {
  type: TensorType;
  data: TensorData;
  shape: number[];
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Element i as a float64 (int64 via Number: exact up to 2^53, which the metrics need no more than). */
export function toFloat64(t: NumericTensor): Float64Array {
  const out = new Float64Array(t.data.length);
  for (let i = 0; i < t.data.length; i++) out[i] = Number(t.data[i]!);
  return out;
}

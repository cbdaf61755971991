import { readFileSync } from 'node:fs';
import { inputError } from '../replay-error';
import { elementCount, type NumericTensor, type TensorData, type TensorType } from './tensor';

/**
 * NumPy `.npy` (format versions 1-3): the header dict, then the array bytes. C order only; Fortran order is
 * refused rather than silently transposed. Big-endian data is converted to native order.
 */

const DTYPES: Record<string, { type: TensorType; size: number }> = {
  f4: { type: 'float32', size: 4 },
  f8: { type: 'float64', size: 8 },
  i4: { type: 'int32', size: 4 },
  i8: { type: 'int64', size: 8 },
  i2: { type: 'int16', size: 2 },
  i1: { type: 'int8', size: 1 },
  u1: { type: 'uint8', size: 1 },
  b1: { type: 'bool', size: 1 },
};
const MAX_HEADER = 1 << 16;

export function readNpy(file: string, label = file): NumericTensor {
  return parseNpy(readFileSync(file), label);
}

export function parseNpy(bytes: Uint8Array, label: string): NumericTensor {
  const bad = (why: string) => inputError('npy-invalid', `${label}: not a readable .npy file: ${why}`, label);
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
  if (bytes.length < 10 || magic.some((b, i) => bytes[i] !== b)) throw bad('the magic string \\x93NUMPY is missing');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) [headerLen, start] = [view.getUint16(8, true), 10];
  else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw bad('truncated header');
    [headerLen, start] = [view.getUint32(8, true), 12];
  } else throw bad(`unknown format version ${major}`);
  if (headerLen > MAX_HEADER || start + headerLen > bytes.length) throw bad('the header is truncated or too large');
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined)
    throw bad('the header lacks descr, fortran_order or shape');
  if (fortran === 'True') {
    throw inputError(
      'npy-fortran-order',
      `${label}: arrays in Fortran order are not supported; save it in C order (np.ascontiguousarray)`,
      label,
    );
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw bad(`bad shape (${shapeText})`);
  const order = descr[0];
  const dtype = DTYPES[descr.slice(1)];
  if (!dtype || !order || !'<>|='.includes(order)) {
    throw inputError(
      'npy-unsupported-dtype',
      `${label}: dtype "${descr}" is not supported (supported: f4 f8 i4 i8 i2 i1 u1 b1)`,
      label,
    );
  }
  const count = elementCount(shape);
  const dataStart = start + headerLen;
  if (bytes.length - dataStart !== count * dtype.size) {
    throw bad(
      `expected ${count * dtype.size} data bytes for shape (${shape.join(', ')}) of ${descr}, found ${bytes.length - dataStart}`,
    );
  }
  const data = decode(view, dataStart, count, dtype.type, order === '>');
  return { type: dtype.type, data, shape };
}

function decode(view: DataView, at: number, n: number, type: TensorType, bigEndian: boolean): TensorData {
  const le = !bigEndian;
  switch (type) {
    case 'float32': {
      const a = new Float32Array(n);
      for (let i = 0; i < n; i++) a[i] = view.getFloat32(at + 4 * i, le);
      return a;
    }
    case 'float64': {
      const a = new Float64Array(n);
      for (let i = 0; i < n; i++) a[i] = view.getFloat64(at + 8 * i, le);
      return a;
    }
    case 'int32': {
      const a = new Int32Array(n);
      for (let i = 0; i < n; i++) a[i] = view.getInt32(at + 4 * i, le);
      return a;
    }
    case 'int64': {
      const a = new BigInt64Array(n);
      for (let i = 0; i < n; i++) a[i] = view.getBigInt64(at + 8 * i, le);
      return a;
    }
    case 'int16': {
      const a = new Int16Array(n);
      for (let i = 0; i < n; i++) a[i] = view.getInt16(at + 2 * i, le);
      return a;
    }
    case 'int8': {
      const a = new Int8Array(n);
      for (let i = 0; i < n; i++) a[i] = view.getInt8(at + i);
      return a;
    }
    case 'uint8':
    case 'bool': {
      const a = new Uint8Array(n);
      for (let i = 0; i < n; i++) a[i] = view.getUint8(at + i);
      return a;
    }
  }
}

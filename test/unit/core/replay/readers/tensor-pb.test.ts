import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTensorPb } from '../../../../../src-main/core/replay/readers/tensor-pb';

const tensors = path.resolve(__dirname, '../../../../fixtures/replay/tensor/tensors');

describe('parseTensorPb', () => {
  it('reads raw_data (input_1.pb) and typed float_data (output_1.pb) written by onnx.numpy_helper', () => {
    const x = parseTensorPb(readFileSync(path.join(tensors, 'input_1.pb')), 'input_1.pb');
    const y = parseTensorPb(readFileSync(path.join(tensors, 'output_1.pb')), 'output_1.pb');
    expect(x).toMatchObject({ type: 'float32', shape: [2, 3] });
    expect(y).toMatchObject({ type: 'float32', shape: [2, 3] });
    // the model is relu(2x)
    expect([...y.data]).toEqual(Array.from(x.data as Float32Array, (v) => Math.max(0, Math.fround(2 * v))));
  });

  it('refuses an unsupported data type', () => {
    // dims: [1] (field 1), data_type: 10 = FLOAT16 (field 2)
    expect(() => parseTensorPb(new Uint8Array([0x08, 0x01, 0x10, 0x0a]), 'h.pb')).toThrow(
      /data_type 10 is not supported/,
    );
  });

  it('refuses raw_data whose length does not fit the shape', () => {
    // dims: [2], data_type: FLOAT, raw_data: 4 bytes (8 expected)
    expect(() => parseTensorPb(new Uint8Array([0x08, 0x02, 0x10, 0x01, 0x4a, 0x04, 0, 0, 0, 0]), 'r.pb')).toThrow(
      /raw_data has 4 bytes, 8 expected/,
    );
  });

  it('refuses bytes that are not a TensorProto', () => {
    expect(() => parseTensorPb(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff]), 'x.pb')).toThrow(
      /not a readable ONNX TensorProto/,
    );
  });
});

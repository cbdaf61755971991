import { describe, expect, it } from 'vitest';
import { parseNpy } from '../../../../../src-main/core/replay/readers/npy';

/** Builds a .npy file: magic, version, padded header dict, data. */
function npy(descr: string, shape: number[], data: Uint8Array, { fortran = false, version = 1 } = {}): Uint8Array {
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const pre = version === 1 ? 10 : 12;
  const pad = 64 - ((pre + dict.length + 1) % 64);
  const header = dict + ' '.repeat(pad % 64) + '\n';
  const out = new Uint8Array(pre + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  out.set(new TextEncoder().encode(header), pre);
  out.set(data, pre + header.length);
  return out;
}

function bytes(n: number, write: (v: DataView) => void): Uint8Array {
  const b = new Uint8Array(n);
  write(new DataView(b.buffer));
  return b;
}

describe('parseNpy', () => {
  it('reads little-endian float32 in C order', () => {
    const t = parseNpy(npy('<f4', [2, 2], new Uint8Array(new Float32Array([1, 2.5, -3, 4]).buffer)), 'a.npy');
    expect(t).toMatchObject({ type: 'float32', shape: [2, 2] });
    expect([...t.data]).toEqual([1, 2.5, -3, 4]);
  });

  it('converts big-endian float64 and int32 to native order', () => {
    const f = parseNpy(
      npy(
        '>f8',
        [2],
        bytes(16, (v) => (v.setFloat64(0, 1.25, false), v.setFloat64(8, -7, false))),
      ),
      'b.npy',
    );
    expect([...f.data]).toEqual([1.25, -7]);
    const i = parseNpy(
      npy(
        '>i4',
        [1],
        bytes(4, (v) => v.setInt32(0, -123456, false)),
      ),
      'c.npy',
    );
    expect([...i.data]).toEqual([-123456]);
  });

  it('reads int64, int16, int8, uint8 and bool, and format version 2', () => {
    expect([
      ...parseNpy(
        npy(
          '<i8',
          [1],
          bytes(8, (v) => v.setBigInt64(0, -5n, true)),
        ),
        'x',
      ).data,
    ]).toEqual([-5n]);
    expect([
      ...parseNpy(
        npy(
          '<i2',
          [1],
          bytes(2, (v) => v.setInt16(0, -300, true)),
        ),
        'x',
      ).data,
    ]).toEqual([-300]);
    expect([...parseNpy(npy('|i1', [2], new Uint8Array([0xff, 1])), 'x').data]).toEqual([-1, 1]);
    expect([...parseNpy(npy('|u1', [2], new Uint8Array([0xff, 1])), 'x').data]).toEqual([255, 1]);
    expect(parseNpy(npy('|b1', [2], new Uint8Array([1, 0]), { version: 2 }), 'x')).toMatchObject({
      type: 'bool',
      shape: [2],
    });
  });

  it('reads a scalar (shape ())', () => {
    expect(
      parseNpy(
        npy(
          '<f8',
          [],
          bytes(8, (v) => v.setFloat64(0, 3, true)),
        ),
        'x',
      ),
    ).toMatchObject({ shape: [], data: new Float64Array([3]) });
  });

  it('refuses Fortran order clearly', () => {
    expect(() => parseNpy(npy('<f4', [1, 1], new Uint8Array(4), { fortran: true }), 'f.npy')).toThrow(
      /f\.npy: arrays in Fortran order are not supported/,
    );
  });

  it('refuses an unsupported dtype, a missing magic and a wrong data length', () => {
    expect(() => parseNpy(npy('<c8', [1], new Uint8Array(8)), 'c.npy')).toThrow(/dtype "<c8" is not supported/);
    expect(() => parseNpy(new TextEncoder().encode('hello, not numpy'), 'h.npy')).toThrow(/magic string/);
    expect(() => parseNpy(npy('<f4', [3], new Uint8Array(8)), 'short.npy')).toThrow(
      /expected 12 data bytes .* found 8/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { sortFloats } from '../../../../../src-main/core/replay/metrics/sort-floats';

let seed = 7;
const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0), seed / 4294967296);

function sample(n: number, kind: 'mixed' | 'probabilities' | 'ties'): Float64Array {
  const a = new Float64Array(n);
  const specials = [
    0,
    -0,
    Number.MIN_VALUE,
    -Number.MIN_VALUE,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    Infinity,
    -Infinity,
    1,
    -1,
  ];
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (kind === 'probabilities') a[i] = r;
    else if (kind === 'ties') a[i] = Math.round(r * 20) / 20;
    else a[i] = r < 0.05 ? specials[i % specials.length]! : (rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20);
  }
  return a;
}

describe('sortFloats', () => {
  for (const kind of ['mixed', 'probabilities', 'ties'] as const) {
    for (const n of [0, 1, 100, 511, 512, 5000, 70_000]) {
      it(`${kind}, n=${n}: same order as Float64Array#sort, -0 before +0`, () => {
        const a = sample(n, kind);
        const want = Float64Array.from(a).sort();
        const got = sortFloats(a, new Float64Array(n));
        expect(got).toBe(a);
        for (let i = 0; i < n; i++) if (!Object.is(got[i], want[i])) expect([i, got[i]]).toEqual([i, want[i]]);
      });
    }
  }

  it('sorts a subarray in place without touching its neighbours', () => {
    const whole = sample(3000, 'mixed');
    const before = Float64Array.from(whole);
    sortFloats(whole.subarray(1000, 2000), new Float64Array(1000));
    expect(whole.subarray(0, 1000)).toEqual(before.subarray(0, 1000));
    expect(whole.subarray(2000)).toEqual(before.subarray(2000));
    expect(whole.subarray(1000, 2000)).toEqual(before.subarray(1000, 2000).sort());
  });

  it('refuses a scratch buffer that is too short', () => {
    expect(() => sortFloats(new Float64Array(1000), new Float64Array(10))).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import {
  describeInput,
  namedBatches,
  planInputs,
  type InputMetadata,
} from '../../../../src-main/core/replay/named-inputs';
import type { TableStream } from '../../../../src-main/core/replay/readers/table';

const data = { path: 'eval/t.csv', format: 'csv' as const, features: null, label: 'y', text: 'text' };
const header = ['f', 'd', 'n', 's', 'b', 'y'];
const meta: InputMetadata[] = [
  { name: 'f', isTensor: true, type: 'float32', shape: ['N', 1] },
  { name: 'd', isTensor: true, type: 'float64', shape: ['N'] },
  { name: 'n', isTensor: true, type: 'int64', shape: [-1, 1] },
  { name: 's', isTensor: true, type: 'string', shape: ['N', 1] },
  { name: 'b', isTensor: true, type: 'bool', shape: ['N', 1] },
];
const mapping = { f: ['f'], d: ['d'], n: ['n'], s: ['s'], b: ['b'] };

function table(rows: unknown[][]): TableStream {
  async function* chunks() {
    yield rows;
  }
  return { header, chunks: chunks() };
}

async function collect(rows: unknown[][], batchSize = 2) {
  const plans = planInputs(meta, mapping, header, data, 'eval/t.csv');
  const out = [];
  for await (const b of namedBatches(table(rows), plans, header.indexOf('y'), 'y', batchSize, 'eval/t.csv'))
    out.push(b);
  return out;
}

describe('named inputs', () => {
  it("feeds each input its columns with the input's own type and shape: float, double [N], int64, string, bool", async () => {
    const [first, second] = await collect([
      ['1.5', '2.25', '3', 'red', 'true', 'a'],
      [0.5, 7, 9n, 4, false, 'b'],
      ['-1', 'nan', '+12.0', '', '1', 'c'],
    ]);
    expect(first!.rows).toBe(2);
    const feed = (name: string) => first!.feeds.find((f) => f.name === name)!;
    expect([...(feed('f').data as Float32Array)]).toEqual([1.5, 0.5]);
    expect(feed('f').dims).toEqual([2, 1]);
    expect(feed('d').dims).toEqual([2]);
    expect([...(feed('n').data as BigInt64Array)]).toEqual([3n, 9n]);
    expect(feed('s').data).toEqual(['red', '4']);
    expect([...(feed('b').data as Uint8Array)]).toEqual([1, 0]);
    expect(first!.labels).toEqual(['a', 'b']);
    const last = (name: string) => second!.feeds.find((f) => f.name === name)!;
    expect(second!.rows).toBe(1);
    expect(Number.isNaN((last('d').data as Float64Array)[0])).toBe(true);
    expect([...(last('n').data as BigInt64Array)]).toEqual([12n]);
    expect(last('s').data).toEqual(['']);
    expect(last('s').dims).toEqual([1, 1]);
  });

  it('names the row, column, input and type of a value that does not fit', async () => {
    await expect(collect([['1', '2', '3.5', 'x', 'true', 'a']])).rejects.toThrow(
      'eval/t.csv: row 1, column "n" (model input "n", int64): "3.5" is not an integer',
    );
    await expect(collect([['1', '2', '3', 'x', 'yes', 'a']])).rejects.toThrow(
      'column "b" (model input "b", bool): "yes" is not a boolean (true, false, 1 or 0)',
    );
    await expect(collect([['one', '2', '3', 'x', '1', 'a']])).rejects.toThrow(
      'column "f" (model input "f", float): "one" is not a number',
    );
  });

  it('refuses a mapping that cannot fit, naming the input, its expected type and shape, and the columns found', () => {
    const plan =
      (m: Record<string, string[]>, md = meta) =>
      () =>
        planInputs(md, m, header, data, 'eval/t.csv');
    expect(plan({ ...mapping, d: ['d', 'f'] })).toThrow(
      'model input "d" (double [N]) takes one column, but replay.json gives it 2 (d, f)',
    );
    expect(plan({ ...mapping, f: ['f', 'd'] })).toThrow(
      'model input "f" (float [N, 1]) takes 1 column, but replay.json gives it 2 (f, d)',
    );
    expect(plan({ ...mapping, s: ['colour'] })).toThrow(
      'model input "s" (string [N, 1]): no column "colour" (columns found in eval/t.csv: f, d, n, s, b, y)',
    );
    expect(plan({ img: ['f'] }, [{ name: 'img', isTensor: true, type: 'float32', shape: ['N', 3, 4] }])).toThrow(
      'model input "img" (float [N, 3, 4]): only [N] and [N, k] inputs are fed from columns',
    );
    expect(plan({ u: ['f'] }, [{ name: 'u', isTensor: true, type: 'uint8', shape: ['N', 1] }])).toThrow(
      'model input "u" (uint8 [N, 1]): tabular replay feeds float, double, int64, string or bool tensors',
    );
    expect(describeInput({ name: 'm', isTensor: false })).toBe('"m" (not a tensor)');
  });
});

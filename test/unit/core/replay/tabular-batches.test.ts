import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tabularBatches, type Batch } from '../../../../src-main/core/replay/tabular-batches';

const dir = mkdtempSync(path.join(os.tmpdir(), 'batches-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function batches(csv: string, batchSize: number, features: string[] | null = null): Promise<Batch[]> {
  writeFileSync(path.join(dir, 'd.csv'), csv);
  const out: Batch[] = [];
  for await (const b of tabularBatches(
    dir,
    { path: 'd.csv', format: 'csv', features, label: 'y', text: 'text' },
    batchSize,
    'features',
    'float32',
  ))
    out.push(b);
  return out;
}

describe('tabularBatches', () => {
  it('cuts rows into batches, features defaulting to every column but the label, in header order', async () => {
    const out = await batches('a,y,b\n1,0,2\n3,1,4\n5,0,6\n', 2);
    expect(out.map((b) => b.rows)).toEqual([2, 1]);
    expect(out.map((b) => [...b.features])).toEqual([
      [1, 2, 3, 4],
      [5, 6],
    ]);
    expect(out.flatMap((b) => b.labels)).toEqual(['0', '1', '0']);
  });

  it('takes the features replay.json lists, in that order', async () => {
    const out = await batches('a,y,b\n1,0,2\n', 8, ['b', 'a']);
    expect([...out[0]!.features]).toEqual([2, 1]);
    expect(out[0]!.width).toBe(2);
  });

  it('reports a value that is not a number, and an empty one, by row and column', async () => {
    await expect(batches('a,y\nx1,0\n', 4)).rejects.toThrow(/d\.csv: row 1, column "a": "x1" is not a number/);
    await expect(batches('a,y\n1,0\n,1\n', 4)).rejects.toThrow(/row 2, column "a": "" is not a number/);
  });

  it('reports a missing label and a missing column', async () => {
    await expect(batches('a,y\n1,\n', 4)).rejects.toThrow(/row 1: no value for label "y"/);
    await expect(batches('a,b\n1,2\n', 4)).rejects.toThrow(/no column "y" \(columns: a, b\)/);
  });
});

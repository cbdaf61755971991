import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openParquet } from '../../../../../src-main/core/replay/readers/parquet';
import { openTable } from '../../../../../src-main/core/replay/readers/table';

const fixtures = path.resolve(__dirname, '../../../../fixtures/replay-converters');

describe('Parquet reader', () => {
  it('streams one chunk per row group, decoding only the columns asked for, rows aligned to the whole header', async () => {
    const t = await openParquet(path.join(fixtures, 'two-inputs/eval/test.parquet'), 'test.parquet', [
      'count',
      'rating',
    ]);
    expect(t.header).toEqual(['x0', 'x1', 'count', 'color', 'rating']);
    expect([t.rowGroups, t.rows]).toEqual([3, 120]);
    const sizes: number[] = [];
    let first: unknown[] | undefined;
    for await (const chunk of t.chunks) {
      sizes.push(chunk.length);
      first ??= chunk[0];
    }
    expect(sizes).toEqual([50, 50, 20]);
    expect(first![0]).toBeUndefined(); // x0 not decoded
    expect(typeof first![2]).toBe('bigint'); // INT64
    expect(['high', 'low', 'mid']).toContain(first![4]);
  });

  it('refuses a file that is not Parquet, naming it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pq-'));
    writeFileSync(path.join(dir, 'x.parquet'), 'x0,label\n1,2\n');
    await expect(openTable(path.join(dir, 'x.parquet'), 'parquet', 'eval/x.parquet')).rejects.toThrow(
      /eval\/x\.parquet: not a readable Parquet file/,
    );
    rmSync(dir, { recursive: true, force: true });
  });
});

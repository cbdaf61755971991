import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  fastNumber,
  numericCsvBatches,
  type NumericCsvOptions,
} from '../../../../../src-main/core/replay/readers/csv-numeric';
import { mulberry32 } from '../../../../helpers/seeded-random';

const dir = mkdtempSync(path.join(os.tmpdir(), 'csv-numeric-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(csv: string | Buffer, options: Partial<NumericCsvOptions> = {}) {
  const file = path.join(dir, 'd.csv');
  writeFileSync(file, csv);
  const features: number[] = [];
  const labels: string[] = [];
  const sizes: number[] = [];
  for await (const b of numericCsvBatches({
    file,
    label: 'eval/d.csv',
    labelColumn: 'y',
    features: null,
    batchSize: 2,
    type: 'float64',
    ...options,
  })) {
    features.push(...b.features);
    labels.push(...b.labels);
    sizes.push(b.rows);
  }
  return { features, labels, sizes };
}

const bytes = (s: string) => Buffer.from(s, 'latin1');

describe('fastNumber', () => {
  it('equals Number() on random decimals of every length and exponent it takes', () => {
    const rnd = mulberry32(16);
    for (let i = 0; i < 200_000; i++) {
      const digits = 1 + Math.floor(rnd() * 17);
      let text = (rnd() < 0.5 ? '-' : '') + Array.from({ length: digits }, () => Math.floor(rnd() * 10)).join('');
      const dot = Math.floor(rnd() * (digits + 1));
      if (rnd() < 0.8) text = text.slice(0, text.length - dot) + '.' + text.slice(text.length - dot);
      if (rnd() < 0.2) text += `e${Math.floor(rnd() * 60) - 30}`;
      const fast = fastNumber(bytes(text), 0, text.length);
      if (fast === fast) expect(Object.is(fast, Number(text)), text).toBe(true);
    }
  });

  it('declines what needs Number() (NaN), and never disagrees with it', () => {
    for (const t of [
      'nan',
      'Infinity',
      ' 1',
      '1 ',
      '0x10',
      '1e',
      '.',
      '',
      '-',
      '1.2.3',
      '1234567890123456',
      '1e400',
      '1e-30',
    ]) {
      expect(fastNumber(bytes(t), 0, t.length), t).toBeNaN();
    }
    for (const t of ['0', '-0', '1.', '.5', '+.5', '007', '1e22', '-3.12345', '0.000001234'])
      expect(Object.is(fastNumber(bytes(t), 0, t.length), Number(t)), t).toBe(true);
  });
});

describe('numericCsvBatches', () => {
  it('reads rows into batches, features in header order, with any chunk size (rows cut across reads)', async () => {
    const csv = 'a,y,b\n1.5,0,2\n-3,1,4e2\n5,0,0.25\n';
    for (const chunkBytes of [1, 3, 7, 1 << 20]) {
      const r = await read(csv, { chunkBytes });
      expect(r.features).toEqual([1.5, 2, -3, 400, 5, 0.25]);
      expect(r.labels).toEqual(['0', '1', '0']);
      expect(r.sizes).toEqual([2, 1]);
    }
  });

  it('reads quoted fields (commas, "" and line breaks inside), CRLF, a BOM, empty lines and a last row without a newline', async () => {
    const csv = '\ufeffa,"y",b\r\n"1.5","cat, ""big""\r\nand tall",2\r\n\r\n3,dog,4';
    for (const chunkBytes of [2, 5, 1 << 20]) {
      const r = await read(csv, { chunkBytes });
      expect(r.features).toEqual([1.5, 2, 3, 4]);
      expect(r.labels).toEqual(['cat, "big"\r\nand tall', 'dog']);
    }
  });

  it('converts what the fast path declines as Number() does ("nan", spaces, 1e400, 17 digits)', async () => {
    const r = await read('a,y\nnan,0\n 1.5 ,0\n1e400,1\n0.12345678901234567,1\n');
    expect(r.features[0]).toBeNaN();
    expect(r.features.slice(1)).toEqual([1.5, Infinity, 0.12345678901234567]);
  });

  it('takes the features replay.json lists, in that order, and rounds to float32 as before', async () => {
    const r = await read('a,y,b\n0.1,0,2\n', { features: ['b', 'a'], type: 'float32' });
    expect(r.features).toEqual([2, Math.fround(0.1)]);
  });

  it('names the row and column of a value that is not a number, a ragged row, a missing label, a missing column', async () => {
    await expect(read('a,y\n1,0\nx1,0\n')).rejects.toThrow(/eval\/d\.csv: row 2, column "a": "x1" is not a number/);
    await expect(read('a,y\n1,0\n,1\n')).rejects.toThrow(/row 2, column "a": "" is not a number/);
    await expect(read('a,y\n1,0\n3\n')).rejects.toThrow(/eval\/d\.csv: row 3 has 1 fields, the header has 2/);
    await expect(read('a,y\n1,\n')).rejects.toThrow(/row 1: no value for label "y"/);
    await expect(read('a,b\n1,2\n')).rejects.toThrow(/no column "y" \(columns: a, b\)/);
    await expect(read('a,y\n1,"0\n')).rejects.toThrow(/row 1: a quoted field has no closing quote/);
    await expect(read('a,y\n"1"x,0\n')).rejects.toThrow(/row 1: text after the closing quote/);
    await expect(read('')).rejects.toThrow(/eval\/d\.csv: the file is empty/);
    await expect(read('a,y\n')).rejects.toThrow(/eval\/d\.csv: no data rows/);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonlChunks } from '../../../../../src-main/core/replay/readers/jsonl';
import { openTable } from '../../../../../src-main/core/replay/readers/table';

const dir = mkdtempSync(path.join(os.tmpdir(), 'table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

async function readAll(f: string, format: 'csv' | 'jsonl') {
  const t = await openTable(f, format, path.basename(f));
  const rows: unknown[][] = [];
  let chunks = 0;
  for await (const c of t.chunks) {
    chunks++;
    rows.push(...c);
  }
  return { header: t.header, rows, chunks };
}

describe('csv tables', () => {
  it('streams a file larger than one read in several chunks, with quoted fields and multi-byte characters intact', async () => {
    const lines = ['name,x,label'];
    for (let i = 0; i < 20_000; i++) lines.push(`"é, ü ${i}",${i}.5,${i % 3}`);
    const { header, rows, chunks } = await readAll(file('big.csv', lines.join('\n') + '\n'), 'csv');
    expect(header).toEqual(['name', 'x', 'label']);
    expect(rows).toHaveLength(20_000);
    expect(chunks).toBeGreaterThan(1);
    expect(rows[12_345]).toEqual(['é, ü 12345', '12345.5', '0']);
    expect(rows.every((r, i) => r[0] === `é, ü ${i}`)).toBe(true);
  });

  it('reports a row with the wrong number of fields, by number', async () => {
    await expect(readAll(file('ragged.csv', 'a,b\n1,2\n3\n'), 'csv')).rejects.toThrow(
      /ragged\.csv: row 3 has 1 fields, the header has 2/,
    );
  });

  it('reports an unclosed quote', async () => {
    await expect(readAll(file('quote.csv', 'a,b\n1,"2\n'), 'csv')).rejects.toThrow(/quote\.csv: row \d+: .*[Qq]uote/);
  });

  it('reports an empty file', async () => {
    await expect(readAll(file('empty.csv', ''), 'csv')).rejects.toThrow(/empty\.csv: the file is empty/);
  });
});

describe('jsonl tables', () => {
  it("aligns records to the first record's keys, skipping blank lines and CRLF endings", async () => {
    const { header, rows } = await readAll(
      file('a.jsonl', '{"x": 1, "label": "a"}\r\n\n{"label": "b", "x": 2}\n{"x": 3}'),
      'jsonl',
    );
    expect(header).toEqual(['x', 'label']);
    expect(rows).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, undefined],
    ]);
  });

  it('reports the line of bad JSON and of a record that is not an object', async () => {
    await expect(readAll(file('bad.jsonl', '{"x": 1}\n{"x": \n'), 'jsonl')).rejects.toThrow(/bad\.jsonl: line 2: /);
    await expect(readAll(file('arr.jsonl', '{"x": 1}\n[1, 2]\n'), 'jsonl')).rejects.toThrow(
      /arr\.jsonl: line 2: not a JSON object/,
    );
  });

  it('bounds the length of a line', async () => {
    const f = file('long.jsonl', `{"x": "${'y'.repeat(500)}"}\n`);
    const read = async () => {
      for await (const _ of jsonlChunks(f, 'long.jsonl', 100)) void _;
    };
    await expect(read()).rejects.toThrow(/long\.jsonl: line 1 is longer than 100 characters/);
  });

  it('keeps "__proto__" a plain key without touching any prototype', async () => {
    const { header, rows } = await readAll(file('proto.jsonl', '{"__proto__": {"polluted": true}, "x": 1}\n'), 'jsonl');
    expect(header).toEqual(['__proto__', 'x']);
    expect(rows[0]).toEqual([{ polluted: true }, 1]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

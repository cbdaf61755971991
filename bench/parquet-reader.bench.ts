// Parquet readers side by side (issue 16: "hyparquet, or DuckDB's Node API … measure and choose"): a 200,000 × 64
// evaluation set shaped as replay-vs-pandas.bench.ts's (values in [-4, 4), 5 decimals, a 0-2 label) as Parquet, read
// whole into
// what a replay feeds the model (a float32 feature matrix and the labels) by
//   - hyparquet, through the project's reader (src-main/core/replay/readers/parquet.ts: row group by row group), and
//   - DuckDB (@duckdb/node-api, native; its read_parquet streamed in 2,048-row chunks),
// each as a whole process (hyperfine: wall and CPU; GNU time: peak RSS). Two layouts: one row group (what
// pandas.to_parquet / pyarrow write for 200,000 rows) and row groups of 16,384 rows (Spark and DuckDB write several).
// DuckDB is not a dependency: install it outside the project and name the folder,
//   npm install --prefix /tmp/duck @duckdb/node-api && DUCKDB_PREFIX=/tmp/duck npm run bench -- parquet-reader
// (it also writes the Parquet files, with DuckDB's COPY … TO).
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { openParquet } from '../src-main/core/replay/readers/parquet';

const ROWS = Number(process.env.ROWS ?? 200_000);
const F = 64;
const RUNS = Number(process.env.RUNS ?? 5);
const prefix = process.env.DUCKDB_PREFIX ?? '/tmp/duck';

interface DuckApi {
  DuckDBInstance: {
    create(path: string): Promise<{ connect(): Promise<DuckConnection> }>;
  };
}
interface DuckConnection {
  run(sql: string): Promise<unknown>;
  stream(sql: string): Promise<{
    columnCount: number;
    columnNames(): string[];
    fetchChunk(): Promise<{
      rowCount: number;
      getColumnVector(i: number): { getItem(r: number): number | bigint | null };
    } | null>;
  }>;
}

async function duckdb(): Promise<DuckApi> {
  const resolved = createRequire(path.join(prefix, 'node_modules', 'x')).resolve('@duckdb/node-api');
  return (await import(pathToFileURL(resolved).href)) as DuckApi;
}

/** What a replay keeps of the table: float32 features row-major and the labels; a checksum to compare readers. */
class Sink {
  rows = 0;
  sum = 0;
  labels = 0;
  private features = new Float32Array(0);
  add(rows: number, feature: (r: number, j: number) => number, label: (r: number) => number): void {
    if (this.features.length < rows * F) this.features = new Float32Array(rows * F);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < F; j++) this.features[r * F + j] = feature(r, j);
      this.labels += label(r);
    }
    for (let i = 0; i < rows * F; i++) this.sum += this.features[i]!;
    this.rows += rows;
  }
  report(): string {
    return JSON.stringify({ rows: this.rows, sum: this.sum, labels: this.labels });
  }
}

async function readWithHyparquet(file: string): Promise<string> {
  const table = await openParquet(file, path.basename(file));
  const label = table.header.indexOf('label');
  const cols = Array.from({ length: F }, (_, j) => table.header.indexOf(`f${j}`));
  const sink = new Sink();
  for await (const chunk of table.chunks)
    sink.add(
      chunk.length,
      (r, j) => Number(chunk[r]![cols[j]!]),
      (r) => Number(chunk[r]![label]),
    );
  return sink.report();
}

/**
 * hyparquet read by columns (onChunk: typed arrays per column chunk, one row group at a time) instead of the reader's
 * rows of values: how much of hyparquet's time and memory is the row format.
 */
async function readWithHyparquetColumns(file: string): Promise<string> {
  const buffer = await asyncBufferFromFile(file);
  const metadata = await parquetMetadataAsync(buffer);
  const header = parquetSchema(metadata).children.map((c) => c.element.name);
  const sink = new Sink();
  let start = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    const columns = new Map<string, { data: ArrayLike<unknown>; from: number }[]>();
    await parquetRead({
      file: buffer,
      metadata,
      columns: header,
      rowStart: start,
      rowEnd: end,
      compressors,
      onChunk: (c) => {
        const list = columns.get(c.columnName) ?? [];
        list.push({ data: c.columnData as ArrayLike<unknown>, from: c.rowStart });
        columns.set(c.columnName, list);
      },
    });
    const flat = (name: string): ArrayLike<unknown> => {
      const parts = columns.get(name)!;
      if (parts.length === 1 && parts[0]!.from === start) return parts[0]!.data;
      const all = new Array<unknown>(end - start);
      for (const p of parts) for (let i = 0; i < p.data.length; i++) all[p.from - start + i] = p.data[i];
      return all;
    };
    const features = Array.from({ length: F }, (_, j) => flat(`f${j}`));
    const labels = flat('label');
    sink.add(
      end - start,
      (r, j) => Number(features[j]![r]),
      (r) => Number(labels[r]),
    );
    start = end;
  }
  return sink.report();
}

async function readWithDuckdb(file: string): Promise<string> {
  const { DuckDBInstance } = await duckdb();
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  const result = await connection.stream(`SELECT * FROM read_parquet('${file.replaceAll("'", "''")}')`);
  const names = result.columnNames();
  const label = names.indexOf('label');
  const cols = Array.from({ length: F }, (_, j) => names.indexOf(`f${j}`));
  const sink = new Sink();
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const vectors = cols.map((c) => chunk.getColumnVector(c));
    const labels = chunk.getColumnVector(label);
    sink.add(
      chunk.rowCount,
      (r, j) => Number(vectors[j]!.getItem(r)),
      (r) => Number(labels.getItem(r)),
    );
  }
  return sink.report();
}

// mulberry32: replay-vs-pandas.bench.ts's generator multiplies past 2^53 and cycles through few values, which Parquet's
// dictionary encoding would shrink to a few MiB; an evaluation set has distinct values
async function writeCsv(file: string, n: number): Promise<void> {
  let seed = 20260701;
  const rnd = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = createWriteStream(file);
  out.write(Array.from({ length: F }, (_, j) => `f${j}`).join(',') + ',label\n');
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: F }, () => (rnd() * 8 - 4).toFixed(5));
    row.push(String(Math.floor(rnd() * 3)));
    if (!out.write(row.join(',') + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

const mode = process.argv[2];
const readers: Record<string, (file: string) => Promise<string>> = {
  hyparquet: readWithHyparquet,
  'hyparquet-columns': readWithHyparquetColumns,
  duckdb: readWithDuckdb,
};
if (mode && readers[mode]) {
  console.log(await readers[mode](process.argv[3]!));
} else {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'parquet-reader-'));
  const csv = path.join(tmp, 'test.csv');
  await writeCsv(csv, ROWS);
  const { DuckDBInstance } = await duckdb();
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  const layouts: [string, number][] = [
    ['one row group (pandas / pyarrow)', 1_048_576],
    ['row groups of 16,384', 16_384],
  ];
  const self = process.argv[1]!;
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(`${os.cpus()[0]?.model ?? '?'} x${os.availableParallelism()}, load average ${load()} at the start`);
  for (const [name, groupRows] of layouts) {
    const file = path.join(tmp, `test-${groupRows}.parquet`);
    await db.run(
      `COPY (SELECT * FROM read_csv('${csv}', header = true)) TO '${file}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE ${groupRows})`,
    );
    const size = readFileSync(file).length;
    const read = (reader: string) =>
      spawnSync(process.execPath, [self, reader, file], { encoding: 'utf8' }).stdout.trim();
    const [h, c, d] = [read('hyparquet'), read('hyparquet-columns'), read('duckdb')];
    if (h !== d || c !== d) throw new Error(`the readers disagree: hyparquet ${h}, by columns ${c}, duckdb ${d}`);
    console.log(`\n${name}: ${(size / 2 ** 20).toFixed(1)} MiB, all read ${h}`);
    const out = path.join(tmp, 'hf.json');
    const names = Object.keys(readers);
    const commands = names.map((reader) => `${process.execPath} ${self} ${reader} ${file}`);
    spawnSync(
      'hyperfine',
      [
        '--warmup',
        '1',
        '--runs',
        String(RUNS),
        '--export-json',
        out,
        '--style',
        'none',
        ...names.flatMap((n) => ['-n', n]),
        ...commands,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    type Result = { command: string; mean: number; stddev: number; user: number; system: number };
    const results = (JSON.parse(readFileSync(out, 'utf8')) as { results: Result[] }).results;
    for (const [i, r] of results.entries()) {
      const peaks = [0, 1, 2].map(() => {
        const t = spawnSync('/usr/bin/time', ['-f', '%M', 'sh', '-c', `${commands[i]} > /dev/null`], {
          encoding: 'utf8',
        });
        return Number(t.stderr.trim().split('\n').pop()) / 1024;
      });
      console.log(
        `  ${r.command.padEnd(17)} wall ${(r.mean * 1000).toFixed(0).padStart(5)} ms ± ${(r.stddev * 1000).toFixed(0)},` +
          ` cpu ${((r.user + r.system) * 1000).toFixed(0).padStart(5)} ms, peak RSS ${Math.max(...peaks).toFixed(0)} MiB` +
          ` (max of 3)`,
      );
    }
  }
  console.log(`\nload average ${load()} at the end`);
  rmSync(tmp, { recursive: true, force: true });
}

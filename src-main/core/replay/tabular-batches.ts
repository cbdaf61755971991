import path from 'node:path';
import type { ReplaySpec } from '../bundle/replay-spec';
import { numericCsvBatches } from './readers/csv-numeric';
import { readNpy } from './readers/npy';
import { openTable } from './readers/table';
import { toFloat64, type NumericTensor } from './readers/tensor';
import { inputError } from './replay-error';

/** Rows of the evaluation data cut into batches: a row-major feature matrix (or texts) and the labels as text. */
export interface Batch {
  rows: number;
  features: Float32Array | Float64Array; // rows × width (empty for text)
  width: number;
  texts: string[] | null;
  labels: string[];
}

export type FeatureType = 'float32' | 'float64';
type DataSpec = NonNullable<ReplaySpec['data']>;

export async function* tabularBatches(
  root: string,
  data: DataSpec,
  batchSize: number,
  mode: 'features' | 'text',
  type: FeatureType,
): AsyncGenerator<Batch> {
  if (data.format === 'npy') {
    if (mode === 'text')
      throw inputError('replay-data-format', 'text-classification data must be csv or jsonl', data.path);
    yield* npyBatches(root, data, batchSize, type);
    return;
  }
  const file = data.path;
  if (data.format === 'csv' && mode === 'features') {
    // numbers converted from the bytes, no string per field (readers/csv-numeric.ts)
    const source = numericCsvBatches({
      file: path.join(root, file),
      label: file,
      labelColumn: data.label,
      features: data.features,
      batchSize,
      type,
    });
    for await (const b of source)
      yield { rows: b.rows, features: b.features, width: b.features.length / b.rows, texts: null, labels: b.labels };
    return;
  }
  const needed = [data.label, ...(mode === 'text' ? [data.text] : (data.features ?? []))];
  const table = await openTable(
    path.join(root, file),
    data.format,
    file,
    data.features || mode === 'text' ? needed : undefined,
  );
  const col = (name: string) => {
    const i = table.header.indexOf(name);
    if (i < 0)
      throw inputError(
        'replay-column-missing',
        `${file}: no column "${name}" (columns: ${table.header.join(', ')})`,
        file,
      );
    return i;
  };
  const labelCol = col(data.label);
  const textCol = mode === 'text' ? col(data.text) : -1;
  const featureCols = mode === 'text' ? [] : (data.features ?? table.header.filter((h) => h !== data.label)).map(col);
  const width = featureCols.length;
  const make = (n: number) => (type === 'float32' ? new Float32Array(n * width) : new Float64Array(n * width));
  let current = make(batchSize);
  let labels: string[] = [];
  let texts: string[] = [];
  let rowNo = 0;
  const flush = (): Batch => {
    const n = labels.length;
    const batch: Batch = {
      rows: n,
      features: n === batchSize ? current : current.subarray(0, n * width),
      width,
      texts: mode === 'text' ? texts : null,
      labels,
    };
    current = make(batchSize);
    labels = [];
    texts = [];
    return batch;
  };
  for await (const chunk of table.chunks) {
    for (const row of chunk) {
      rowNo++;
      const at = labels.length * width;
      for (let j = 0; j < width; j++) {
        const v = row[featureCols[j]!];
        const n = typeof v === 'string' ? +v : typeof v === 'number' ? v : Number.NaN;
        // hot path: +v is the conversion; only 0 (maybe "" or spaces) and NaN need a closer look
        current[at + j] = n !== 0 && n === n ? n : toNumber(v, file, rowNo, table.header[featureCols[j]!]!);
      }
      const label = row[labelCol];
      if (label === undefined || label === null || label === '')
        throw inputError('replay-label-missing', `${file}: row ${rowNo}: no value for label "${data.label}"`, file);
      labels.push(labelText(label));
      if (mode === 'text') {
        const text = row[textCol];
        if (typeof text !== 'string')
          throw inputError('replay-text-missing', `${file}: row ${rowNo}: "${data.text}" is not a string`, file);
        texts.push(text);
      }
      if (labels.length === batchSize) yield flush();
    }
  }
  if (labels.length > 0) yield flush();
  if (rowNo === 0) throw inputError('table-empty', `${file}: no data rows`, file);
}

const NAN = /^[+-]?nan$/i;

/** A label as text: Parquet gives INT64 as bigint and booleans as booleans, JSON any value. */
export function labelText(label: unknown): string {
  if (typeof label === 'string') return label.trim();
  if (typeof label === 'number' || typeof label === 'bigint' || typeof label === 'boolean') return String(label);
  return JSON.stringify(label) ?? '';
}

function toNumber(v: unknown, file: string, row: number, column: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    if (!Number.isNaN(n) || NAN.test(v.trim())) return n;
  }
  throw inputError(
    'replay-not-a-number',
    `${file}: row ${row}, column "${column}": ${(v === null ? 'null' : JSON.stringify(v)) ?? 'missing'} is not a number`,
    file,
  );
}

/**
 * npy data: `features` lists .npy files ([N] or [N, k] each, joined column-wise; default data.path), `label` a .npy
 * file.
 */
async function* npyBatches(root: string, data: DataSpec, batchSize: number, type: FeatureType): AsyncGenerator<Batch> {
  const parts = (data.features ?? [data.path]).map((p) => ({ p, t: readNpy(path.join(root, p), p) }));
  const labelTensor = readNpy(path.join(root, data.label), data.label);
  const n = rowsOf(labelTensor, data.label);
  const cols = parts.map(({ p, t }) => {
    if (rowsOf(t, p) !== n)
      throw inputError('replay-npy-shape', `${p}: ${t.shape[0]} rows, but ${data.label} has ${n}`, p);
    if (t.shape.length > 2)
      throw inputError('replay-npy-shape', `${p}: shape [${t.shape.join(', ')}]; features must be [N] or [N, k]`, p);
    return { values: toFloat64(t), k: t.shape[1] ?? 1 };
  });
  const width = cols.reduce((s, c) => s + c.k, 0);
  const labelValues = labelTensor.type === 'float32' || labelTensor.type === 'float64' ? toFloat64(labelTensor) : null;
  for (let start = 0; start < n; start += batchSize) {
    const rows = Math.min(batchSize, n - start);
    const features = type === 'float32' ? new Float32Array(rows * width) : new Float64Array(rows * width);
    let offset = 0;
    for (const c of cols) {
      for (let r = 0; r < rows; r++)
        for (let j = 0; j < c.k; j++) features[r * width + offset + j] = c.values[(start + r) * c.k + j]!;
      offset += c.k;
    }
    const labels = Array.from({ length: rows }, (_, r) =>
      String(labelValues ? labelValues[start + r] : labelTensor.data[start + r]),
    );
    yield { rows, features, width, texts: null, labels };
  }
}

function rowsOf(t: NumericTensor, file: string): number {
  const n = t.shape[0];
  if (n === undefined) throw inputError('replay-npy-shape', `${file}: a scalar; one row per element is expected`, file);
  return n;
}

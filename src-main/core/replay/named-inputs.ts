import type { ReplaySpec } from '../bundle/replay-spec';
import type { TableStream } from './readers/table';
import { inputError } from './replay-error';
import { labelText } from './tabular-batches';

/**
 * replay.json `inputs` (BUNDLE-FORMAT section 3): a model with several inputs (a converted ColumnTransformer, most
 * tabular exports) is fed, per ONNX input, the data columns named for it, in order, with the input's own element type
 * (float, double, int64, string, bool) and shape: `[N, k]` with k columns, or `[N]` for one column. A mapping that
 * cannot fit fails before any row is read, naming the input, its expected type and shape, and the columns found.
 */

export type InputElement = 'float32' | 'float64' | 'int64' | 'string' | 'bool';
const SUPPORTED: ReadonlySet<string> = new Set(['float32', 'float64', 'int64', 'string', 'bool']);

/** What ONNX Runtime says of an input (InferenceSession.inputMetadata). */
export interface InputMetadata {
  name: string;
  isTensor: boolean;
  type?: string;
  shape?: ReadonlyArray<number | string>;
}

export interface InputPlan {
  name: string;
  element: InputElement;
  columns: number[]; // indices into the table's header
  columnNames: string[];
  rank: 1 | 2; // [N] or [N, k]
}

type Feed = Float32Array | Float64Array | BigInt64Array | Uint8Array | string[];

export interface NamedBatch {
  rows: number;
  feeds: Array<{ name: string; element: InputElement; data: Feed; dims: number[] }>;
  labels: string[];
}

/** How a model input is described in messages: `"color" (string [N, 1])`. */
export function describeInput(m: InputMetadata): string {
  if (!m.isTensor) return `"${m.name}" (not a tensor)`;
  const shape = m.shape
    ? `[${m.shape.map((d, i) => (typeof d === 'number' && d > 0 ? String(d) : i === 0 ? 'N' : '?')).join(', ')}]`
    : 'of any shape';
  return `"${m.name}" (${onnxName(m.type ?? '?')} ${shape})`;
}

function onnxName(type: string): string {
  return type === 'float32' ? 'float' : type === 'float64' ? 'double' : type;
}

/**
 * Matches replay.json `inputs` (or, for a single non-float input, every feature column) to the model's inputs.
 * `mapping` null: the model's only input takes `features` (default every column but the label).
 */
export function planInputs(
  metadata: readonly InputMetadata[],
  mapping: Record<string, string[]> | null,
  header: readonly string[],
  data: NonNullable<ReplaySpec['data']>,
  file: string,
): InputPlan[] {
  const all = metadata.map(describeInput).join(', ');
  const columnsFound = `columns found in ${file}: ${header.join(', ')}`;
  const wanted = mapping ?? { [metadata[0]?.name ?? '']: data.features ?? header.filter((h) => h !== data.label) };
  for (const name of Object.keys(wanted)) {
    if (!metadata.some((m) => m.name === name)) {
      throw inputError(
        'replay-input-mapping',
        `replay.json inputs names "${name}", which is not an input of the model (its inputs: ${all})`,
        file,
      );
    }
  }
  return metadata.map((m) => {
    const names = Object.hasOwn(wanted, m.name) ? wanted[m.name]! : null;
    const expected = describeInput(m);
    if (!names)
      throw inputError(
        'replay-input-mapping',
        `model input ${expected} is not fed: replay.json inputs must list its columns (${columnsFound})`,
        file,
      );
    if (!m.isTensor || !m.type || !SUPPORTED.has(m.type)) {
      throw inputError(
        'replay-input-mapping',
        `model input ${expected}: tabular replay feeds float, double, int64, string or bool tensors`,
        file,
      );
    }
    const columns = names.map((c) => {
      const i = header.indexOf(c);
      if (i < 0)
        throw inputError('replay-input-mapping', `model input ${expected}: no column "${c}" (${columnsFound})`, file);
      return i;
    });
    const shape = m.shape ?? null;
    const rank = shape === null ? 2 : shape.length;
    if (rank !== 1 && rank !== 2)
      throw inputError(
        'replay-input-mapping',
        `model input ${expected}: only [N] and [N, k] inputs are fed from columns`,
        file,
      );
    const k = rank === 2 && shape ? shape[1] : undefined;
    if (rank === 1 && names.length !== 1) {
      throw inputError(
        'replay-input-mapping',
        `model input ${expected} takes one column, but replay.json gives it ${names.length} (${names.join(', ')})`,
        file,
      );
    }
    if (typeof k === 'number' && k > 0 && k !== names.length) {
      throw inputError(
        'replay-input-mapping',
        `model input ${expected} takes ${k} column${k === 1 ? '' : 's'}, but replay.json gives it ${names.length} (${names.join(', ')})`,
        file,
      );
    }
    return { name: m.name, element: m.type as InputElement, columns, columnNames: names, rank: rank as 1 | 2 };
  });
}

/** Rows of the table cut into batches, one typed buffer per model input. */
export async function* namedBatches(
  table: TableStream,
  plans: readonly InputPlan[],
  labelCol: number,
  labelName: string,
  batchSize: number,
  file: string,
): AsyncGenerator<NamedBatch> {
  const make = (p: InputPlan): Feed => {
    const n = batchSize * p.columns.length;
    switch (p.element) {
      case 'float32':
        return new Float32Array(n);
      case 'float64':
        return new Float64Array(n);
      case 'int64':
        return new BigInt64Array(n);
      case 'bool':
        return new Uint8Array(n);
      case 'string':
        return new Array<string>(n);
    }
  };
  let buffers = plans.map(make);
  let labels: string[] = [];
  let rowNo = 0;
  const flush = (): NamedBatch => {
    const n = labels.length;
    const feeds = plans.map((p, i) => {
      const width = p.columns.length;
      const b = buffers[i]!;
      const data = n === batchSize ? b : Array.isArray(b) ? b.slice(0, n * width) : b.subarray(0, n * width);
      return { name: p.name, element: p.element, data, dims: p.rank === 1 ? [n] : [n, width] };
    });
    const batch = { rows: n, feeds, labels };
    buffers = plans.map(make);
    labels = [];
    return batch;
  };
  for await (const chunk of table.chunks) {
    for (const row of chunk) {
      rowNo++;
      const r = labels.length;
      for (let i = 0; i < plans.length; i++) {
        const p = plans[i]!;
        const width = p.columns.length;
        const b = buffers[i]!;
        for (let j = 0; j < width; j++) {
          const v = row[p.columns[j]!];
          const at = r * width + j;
          if (Array.isArray(b))
            b[at] =
              v === null || v === undefined
                ? ''
                : typeof v === 'string'
                  ? v
                  : typeof v === 'object'
                    ? JSON.stringify(v)
                    : String(v as number | bigint | boolean);
          else if (b instanceof BigInt64Array) b[at] = toInt64(v, () => where(p, j, rowNo, file));
          else if (b instanceof Uint8Array) b[at] = toBool(v, () => where(p, j, rowNo, file));
          else b[at] = toFloat(v, () => where(p, j, rowNo, file));
        }
      }
      const label = row[labelCol];
      if (label === undefined || label === null || label === '')
        throw inputError('replay-label-missing', `${file}: row ${rowNo}: no value for label "${labelName}"`, file);
      labels.push(labelText(label));
      if (labels.length === batchSize) yield flush();
    }
  }
  if (labels.length > 0) yield flush();
  if (rowNo === 0) throw inputError('table-empty', `${file}: no data rows`, file);
}

function where(p: InputPlan, j: number, row: number, file: string): string {
  return `${file}: row ${row}, column "${p.columnNames[j]}" (model input "${p.name}", ${onnxName(p.element)})`;
}

function shown(v: unknown): string {
  return typeof v === 'bigint' ? String(v) : (JSON.stringify(v) ?? 'missing');
}

const NAN = /^[+-]?nan$/i;

function toFloat(v: unknown, at: () => string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    if (!Number.isNaN(n) || NAN.test(v.trim())) return n;
  }
  throw inputError('replay-not-a-number', `${at()}: ${shown(v)} is not a number`);
}

const INTEGER = /^\s*[+-]?\d+(?:\.0*)?\s*$/;

function toInt64(v: unknown, at: () => string): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string' && INTEGER.test(v)) return BigInt(v.trim().replace(/\.0*$/, '').replace(/^\+/, ''));
  throw inputError('replay-not-a-number', `${at()}: ${shown(v)} is not an integer`);
}

function toBool(v: unknown, at: () => string): number {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === 0 || v === 1 || v === 0n || v === 1n) return Number(v);
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === '1') return 1;
    if (s === 'false' || s === '0') return 0;
  }
  throw inputError('replay-not-a-number', `${at()}: ${shown(v)} is not a boolean (true, false, 1 or 0)`);
}

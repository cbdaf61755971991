import path from 'node:path';
import { MAX_DISAGREEMENTS } from './diagnostics';
import type { DisagreementRow, PredictionComparison } from './protocol';
import { openTable } from './readers/table';
import { inputError } from './replay-error';

/** The format of a recorded-predictions file, by its extension: `.jsonl`, `.parquet`, else csv. */
export function predictionsFormat(file: string): 'csv' | 'jsonl' | 'parquet' {
  const name = file.toLowerCase();
  return name.endsWith('.jsonl') ? 'jsonl' : name.endsWith('.parquet') ? 'parquet' : 'csv';
}

/**
 * The run's recorded predictions (column `prediction`, one row per data row), csv, jsonl or Parquet by extension.
 * Parquet decodes that column alone; its INT64 values (bigint) come as numbers, or as text past 2^53.
 */
export async function readRecordedPredictions(root: string, file: string, expectedRows: number): Promise<unknown[]> {
  const table = await openTable(path.join(root, file), predictionsFormat(file), file, ['prediction']);
  const col = table.header.indexOf('prediction');
  if (col < 0)
    throw inputError(
      'replay-predictions-column',
      `${file}: no column "prediction" (columns: ${table.header.join(', ')})`,
      file,
    );
  const values: unknown[] = [];
  for await (const chunk of table.chunks) for (const row of chunk) values.push(fromBigint(row[col]));
  if (values.length !== expectedRows) {
    throw inputError(
      'replay-predictions-rows',
      `${file}: ${values.length} recorded predictions for ${expectedRows} data rows`,
      file,
    );
  }
  return values;
}

function fromBigint(v: unknown): unknown {
  if (typeof v !== 'bigint') return v;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v.toString();
}

/**
 * Regression predictions agree within float32 noise: |a - b| <= 1e-6 + 1e-5 |b|. Also gives the first
 * disagreeing rows with their true values (`actual`, same order as `replayed`).
 */
export function compareValues(
  recorded: unknown[],
  replayed: Float64Array,
  actual: Float64Array,
): PredictionComparison & { disagreeing: DisagreementRow[] } {
  let disagreements = 0;
  const disagreeing: DisagreementRow[] = [];
  recorded.forEach((v, i) => {
    const b = Number(v);
    if (Math.abs(replayed[i]! - b) <= 1e-6 + 1e-5 * Math.abs(b)) return;
    disagreements++;
    if (disagreeing.length < MAX_DISAGREEMENTS) {
      disagreeing.push({
        row: i + 1,
        recorded: typeof v === 'number' || typeof v === 'string' ? v : v == null ? null : String(v),
        replayed: replayed[i] ?? null,
        label: actual[i] ?? null,
      });
    }
  });
  return { rows: recorded.length, disagreements, disagreeing };
}

import path from 'node:path';
import type { PredictionComparison } from './protocol';
import { openTable } from './readers/table';
import { inputError } from './replay-error';

/** The run's recorded predictions (column `prediction`, one row per data row), csv or jsonl by extension. */
export async function readRecordedPredictions(root: string, file: string, expectedRows: number): Promise<unknown[]> {
  const table = await openTable(path.join(root, file), file.toLowerCase().endsWith('.jsonl') ? 'jsonl' : 'csv', file);
  const col = table.header.indexOf('prediction');
  if (col < 0) throw inputError('replay-predictions-column', `${file}: no column "prediction" (columns: ${table.header.join(', ')})`, file);
  const values: unknown[] = [];
  for await (const chunk of table.chunks) for (const row of chunk) values.push(row[col]);
  if (values.length !== expectedRows) {
    throw inputError('replay-predictions-rows', `${file}: ${values.length} recorded predictions for ${expectedRows} data rows`, file);
  }
  return values;
}

/** Regression predictions agree within float32 noise: |a - b| <= 1e-6 + 1e-5 |b|. */
export function compareValues(recorded: unknown[], replayed: Float64Array): PredictionComparison {
  let disagreements = 0;
  recorded.forEach((v, i) => {
    const b = Number(v);
    if (!(Math.abs(replayed[i]! - b) <= 1e-6 + 1e-5 * Math.abs(b))) disagreements++;
  });
  return { rows: recorded.length, disagreements };
}

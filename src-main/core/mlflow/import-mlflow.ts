import { promises as fsp } from 'node:fs';
import { CodedError } from '../../common/result';
import { type WriteBundleOptions, type WrittenBundle, writeBundle } from '../bundle-writer/write-bundle';
import { type ConvertOptions, type ConvertedRun, convertRun } from './convert-run';
import { readFileStoreRun } from './file-store';
import type { MlflowRun } from './mlflow-run';
import { readDatabaseRun } from './sqlite-store';

export interface ImportMlflowOptions extends ConvertOptions {
  runId?: string | null;
}

/** A run from a file store folder (run, experiment or mlruns root) or from an MLflow tracking database file. */
export async function readMlflowRun(input: string, runId: string | null): Promise<MlflowRun> {
  let st;
  try {
    st = await fsp.stat(input);
  } catch (e) {
    throw new CodedError('not-found', `cannot read ${input}: ${(e as Error).message}`);
  }
  return st.isFile() ? readDatabaseRun(input, runId) : readFileStoreRun(input, runId);
}

/** What would be written (for a preview): the description, its sources and every warning. */
export async function planMlflowImport(input: string, options: ImportMlflowOptions = {}): Promise<ConvertedRun> {
  return convertRun(await readMlflowRun(input, options.runId ?? null), options);
}

/** `provdesk import-mlflow PATH -o FILE`: read, convert, write; the warnings of all three steps together. */
export async function importMlflowRun(
  input: string,
  out: string,
  options: ImportMlflowOptions = {},
  write: WriteBundleOptions = {},
): Promise<WrittenBundle> {
  const plan = await planMlflowImport(input, options);
  const written = await writeBundle(out, plan.description, plan.sources, write);
  return { ...written, warnings: [...plan.warnings, ...written.warnings] };
}

import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { ClassificationOutputs, concat } from './classification-outputs';
import { OutputHasher } from './output-hash';
import type { WorkerJob, WorkerResult } from './protocol';
import { compareValues, readRecordedPredictions } from './recorded-predictions';
import { inputError } from './replay-error';
import { tabularBatches, type FeatureType } from './tabular-batches';

/** Classification and regression over csv/jsonl/npy rows: one ONNX Runtime call per batch of batchSize rows. */

export async function openSession(file: string, threads: number): Promise<ort.InferenceSession> {
  try {
    // One intra-op thread by default: results then cannot depend on how work is split between threads.
    return await ort.InferenceSession.create(file, { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential' });
  } catch (e) {
    throw inputError('model-load-failed', `ONNX Runtime could not load the model: ${(e as Error).message}`);
  }
}

export function pickName(kind: 'input' | 'output', wanted: string | null, names: readonly string[]): string {
  if (wanted !== null) {
    if (!names.includes(wanted)) throw inputError('replay-model-io', `the model has no ${kind} "${wanted}" (it has: ${names.join(', ')})`);
    return wanted;
  }
  if (kind === 'input' && names.length !== 1) throw inputError('replay-model-io', `the model has ${names.length} inputs (${names.join(', ')}); replay.json must name modelInput`);
  const first = names[0];
  if (first === undefined) throw inputError('replay-model-io', `the model has no ${kind}s`);
  return first;
}

export async function inferTabular(job: WorkerJob, onRows: (rows: number) => void): Promise<WorkerResult> {
  const { spec, root } = job;
  const data = spec.data;
  if (!data) throw inputError('replay-invalid', `replay.json: data is required for task "${spec.task}"`);
  const session = await openSession(path.join(root, spec.model), job.threads);
  try {
    const input = pickName('input', spec.modelInput, session.inputNames);
    const output = pickName('output', spec.modelOutput, session.outputNames);
    const meta = session.inputMetadata.find((m) => m.name === input);
    const declared = meta && meta.isTensor ? meta.type : 'float32';
    if (declared !== 'float32' && declared !== 'float64') throw inputError('replay-model-io', `model input "${input}" is ${declared}; tabular replay feeds float32 or float64`);
    const type: FeatureType = declared;
    const hasher = new OutputHasher();
    const classify = spec.task === 'classification';
    const kind = spec.outputKind;
    if (classify && kind === 'values') throw inputError('replay-invalid', 'a classification model outputs probabilities, logits or labels, not values');
    const collector = classify ? new ClassificationOutputs(kind as 'probabilities' | 'logits' | 'labels', hasher) : null;
    const values: Float64Array[] = [];
    const labels: string[] = [];
    let rows = 0;
    for await (const batch of tabularBatches(root, data, job.batchSize, 'features', type)) {
      const feeds = { [input]: new ort.Tensor(type, batch.features, [batch.rows, batch.width]) };
      const result = await session.run(feeds, [output]);
      const out = result[output];
      if (!out || out.dims[0] !== batch.rows) throw inputError('replay-output-shape', `output "${output}" has shape [${out?.dims.join(', ')}] for ${batch.rows} rows`);
      const k = out.dims.slice(1).reduce((a, b) => a * b, 1);
      if (collector) collector.add(out.data as ArrayLike<number>, batch.rows, kind === 'labels' ? 1 : k);
      else {
        if (k !== 1) throw inputError('replay-output-shape', `a regression output must be [N] or [N, 1]; "${output}" is [${out.dims.join(', ')}]`);
        const v = Float64Array.from(out.data as ArrayLike<number>, Number);
        hasher.add(v);
        values.push(v);
      }
      labels.push(...batch.labels);
      rows += batch.rows;
      onRows(rows);
    }
    const recorded = spec.predictions ? await readRecordedPredictions(root, spec.predictions, rows) : null;
    if (collector) return collector.finish(labels, null, data.path, recorded, hasher.digest());
    const yPred = concat(values, rows);
    const yTrue = Float64Array.from(labels, (l, i) => {
      const n = Number(l);
      if (l === '' || Number.isNaN(n)) throw inputError('replay-not-a-number', `${data.path}: row ${i + 1}: label "${l}" is not a number`, data.path);
      return n;
    });
    return { kind: 'regression', rows, yTrue, yPred, predictions: recorded ? compareValues(recorded, yPred) : null, outputSha256: hasher.digest() };
  } finally {
    await session.release();
  }
}

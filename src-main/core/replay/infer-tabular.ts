import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { ClassificationOutputs, concat } from './classification-outputs';
import { OutputHasher } from './output-hash';
import type { WorkerJob, WorkerResult } from './protocol';
import { compareValues, readRecordedPredictions } from './recorded-predictions';
import { namedBatches, planInputs, type InputMetadata, type NamedBatch } from './named-inputs';
import { openTable } from './readers/table';
import { inputError } from './replay-error';
import { tabularBatches, type FeatureType } from './tabular-batches';

/** Classification and regression over csv/jsonl/npy rows: one ONNX Runtime call per batch of batchSize rows. */

export async function openSession(file: string, threads: number): Promise<ort.InferenceSession> {
  try {
    // One intra-op thread by default: results then cannot depend on how work is split between threads.
    return await ort.InferenceSession.create(file, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
    });
  } catch (e) {
    throw inputError('model-load-failed', `ONNX Runtime could not load the model: ${(e as Error).message}`);
  }
}

export function pickName(kind: 'input' | 'output', wanted: string | null, names: readonly string[]): string {
  if (wanted !== null) {
    if (!names.includes(wanted))
      throw inputError('replay-model-io', `the model has no ${kind} "${wanted}" (it has: ${names.join(', ')})`);
    return wanted;
  }
  if (kind === 'input' && names.length !== 1) {
    throw inputError(
      'replay-model-io',
      `the model has ${names.length} inputs (${names.join(', ')}); replay.json must map each to its data columns in "inputs" (or name one in modelInput)`,
    );
  }
  const first = names[0];
  if (first === undefined) throw inputError('replay-model-io', `the model has no ${kind}s`);
  return first;
}

/** The per-batch inference step, apart from reading, so the benchmark can time it against a bare runtime loop. */
export class TabularRunner {
  readonly input: string;
  readonly output: string;
  readonly type: FeatureType;
  readonly hasher = new OutputHasher();
  readonly collector: ClassificationOutputs | null;
  private readonly values: ArrayLike<number | bigint>[] = [];
  rows = 0;

  /** named: the inputs are fed per replay.json `inputs` (runFeeds); otherwise one float matrix (run). */
  constructor(
    private readonly session: ort.InferenceSession,
    private readonly spec: WorkerJob['spec'],
    named = false,
  ) {
    this.output = pickName('output', spec.modelOutput, session.outputNames);
    if (named) {
      this.input = '';
      this.type = 'float32';
    } else {
      this.input = pickName('input', spec.modelInput, session.inputNames);
      const meta = session.inputMetadata.find((m) => m.name === this.input);
      const declared = meta && meta.isTensor ? meta.type : 'float32';
      if (declared !== 'float32' && declared !== 'float64')
        throw inputError(
          'replay-model-io',
          `model input "${this.input}" is ${declared}; tabular replay feeds float32 or float64`,
        );
      this.type = declared;
    }
    const kind = spec.outputKind;
    if (spec.task === 'classification' && kind === 'values')
      throw inputError('replay-invalid', 'a classification model outputs probabilities, logits or labels, not values');
    this.collector =
      spec.task === 'classification'
        ? new ClassificationOutputs(kind as 'probabilities' | 'logits' | 'labels', this.hasher)
        : null;
  }

  async run(features: Float32Array | Float64Array, rows: number, width: number): Promise<void> {
    const result = await this.session.run({ [this.input]: new ort.Tensor(this.type, features, [rows, width]) }, [
      this.output,
    ]);
    this.collect(result, rows);
  }

  async runFeeds(batch: NamedBatch): Promise<void> {
    const feeds: Record<string, ort.Tensor> = {};
    for (const f of batch.feeds) feeds[f.name] = new ort.Tensor(f.element, f.data, f.dims);
    this.collect(await this.session.run(feeds, [this.output]), batch.rows);
  }

  private collect(result: ort.InferenceSession.ReturnType, rows: number): void {
    const out = result[this.output];
    if (!out || out.dims[0] !== rows)
      throw inputError(
        'replay-output-shape',
        `output "${this.output}" has shape [${out?.dims.join(', ')}] for ${rows} rows`,
      );
    const k = out.dims.slice(1).reduce((a, b) => a * b, 1);
    if (this.collector)
      this.collector.add(out.data as ArrayLike<number>, rows, this.spec.outputKind === 'labels' ? 1 : k);
    else {
      if (k !== 1)
        throw inputError(
          'replay-output-shape',
          `a regression output must be [N] or [N, 1]; "${this.output}" is [${out.dims.join(', ')}]`,
        );
      this.values.push(out.data as ArrayLike<number | bigint>);
    }
    this.rows += rows;
  }

  finish(
    labels: string[],
    file: string,
    recorded: unknown[] | null,
    modelClasses: string[] | null = null,
  ): WorkerResult {
    if (this.collector) return this.collector.finish(labels, modelClasses, file, recorded);
    const yPred = concat(
      this.values.map((v) => Float64Array.from(v, Number)),
      this.rows,
    );
    this.hasher.add(yPred);
    const yTrue = Float64Array.from(labels, (l, i) => {
      const n = Number(l);
      if (l === '' || Number.isNaN(n))
        throw inputError('replay-not-a-number', `${file}: row ${i + 1}: label "${l}" is not a number`, file);
      return n;
    });
    const compared = recorded ? compareValues(recorded, yPred, yTrue) : null;
    const predictions = compared ? { rows: compared.rows, disagreements: compared.disagreements } : null;
    return {
      kind: 'regression',
      rows: this.rows,
      yTrue,
      yPred,
      predictions,
      disagreeing: compared?.disagreeing ?? [],
      outputSha256: this.hasher.digest(),
    };
  }
}

export async function inferTabular(job: WorkerJob, onRows: (rows: number) => void): Promise<WorkerResult> {
  const { spec, root } = job;
  const data = spec.data;
  if (!data) throw inputError('replay-invalid', `replay.json: data is required for task "${spec.task}"`);
  const session = await openSession(path.join(root, spec.model), job.threads);
  try {
    const metadata = session.inputMetadata as readonly InputMetadata[];
    const only = metadata.length === 1 ? metadata[0]! : null;
    // named inputs: replay.json `inputs`, or a single input that is not a float matrix (int64, string, bool)
    const named =
      spec.inputs !== null ||
      (spec.modelInput === null &&
        only !== null &&
        (!only.isTensor || (only.type !== 'float32' && only.type !== 'float64')));
    if (named) return await inferNamed(job, session, metadata, onRows);
    const runner = new TabularRunner(session, spec);
    const labels: string[] = [];
    for await (const batch of tabularBatches(root, data, job.batchSize, 'features', runner.type)) {
      await runner.run(batch.features, batch.rows, batch.width);
      for (const l of batch.labels) labels.push(l);
      onRows(runner.rows);
    }
    const recorded = spec.predictions ? await readRecordedPredictions(root, spec.predictions, runner.rows) : null;
    return runner.finish(labels, data.path, recorded, job.modelClasses);
  } finally {
    await session.release();
  }
}

async function inferNamed(
  job: WorkerJob,
  session: ort.InferenceSession,
  metadata: readonly InputMetadata[],
  onRows: (rows: number) => void,
): Promise<WorkerResult> {
  const { spec, root } = job;
  const data = spec.data!;
  if (data.format === 'npy')
    throw inputError(
      'replay-input-mapping',
      'named inputs take columns of a csv, jsonl or parquet table, not npy files',
      data.path,
    );
  const file = data.path;
  const needed = [data.label, ...Object.values(spec.inputs ?? {}).flat(), ...(data.features ?? [])];
  const table = await openTable(
    path.join(root, file),
    data.format,
    file,
    spec.inputs || data.features ? needed : undefined,
  );
  const labelCol = table.header.indexOf(data.label);
  if (labelCol < 0)
    throw inputError(
      'replay-column-missing',
      `${file}: no column "${data.label}" (columns: ${table.header.join(', ')})`,
      file,
    );
  const plans = planInputs(metadata, spec.inputs, table.header, data, file);
  const runner = new TabularRunner(session, spec, true);
  const labels: string[] = [];
  for await (const batch of namedBatches(table, plans, labelCol, data.label, job.batchSize, file)) {
    await runner.runFeeds(batch);
    for (const l of batch.labels) labels.push(l);
    onRows(runner.rows);
  }
  const recorded = spec.predictions ? await readRecordedPredictions(root, spec.predictions, runner.rows) : null;
  return runner.finish(labels, file, recorded, job.modelClasses);
}

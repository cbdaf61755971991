import { AutoModelForSequenceClassification, AutoTokenizer, env } from '@huggingface/transformers';
import { ClassificationOutputs } from './classification-outputs';
import { OutputHasher } from './output-hash';
import type { WorkerJob, WorkerResult } from './protocol';
import { readRecordedPredictions } from './recorded-predictions';
import { inputError } from './replay-error';
import { tabularBatches } from './tabular-batches';

/**
 * `text-classification`: a Hugging Face folder (config.json, tokenizer.json, onnx/model.onnx) run through
 * transformers.js from the private replay folder only: remote models are disabled, so nothing is fetched.
 */
export async function inferText(job: WorkerJob, onRows: (rows: number) => void): Promise<WorkerResult> {
  const { spec, root } = job;
  const data = spec.data;
  if (!data) throw inputError('replay-invalid', 'replay.json: data is required for task "text-classification"');
  if (spec.outputKind !== 'logits' && spec.outputKind !== 'probabilities')
    throw inputError('replay-invalid', 'a text-classification model outputs logits or probabilities');
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = root.endsWith('/') ? root : root + '/';
  const options = { local_files_only: true } as const;
  let tokenizer: Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>;
  let model: Awaited<ReturnType<typeof AutoModelForSequenceClassification.from_pretrained>>;
  try {
    tokenizer = await AutoTokenizer.from_pretrained(spec.model, options);
    model = await AutoModelForSequenceClassification.from_pretrained(spec.model, {
      ...options,
      dtype: 'fp32',
      session_options: { intraOpNumThreads: job.threads, interOpNumThreads: 1, executionMode: 'sequential' },
    });
  } catch (e) {
    throw inputError(
      'model-load-failed',
      `transformers.js could not load the model folder "${spec.model}": ${(e as Error).message}`,
      spec.model,
    );
  }
  const id2label = (model.config as { id2label?: Record<string, string> }).id2label;
  const classes = id2label
    ? Object.entries(id2label)
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([, name]) => name)
    : null;
  const hasher = new OutputHasher();
  const collector = new ClassificationOutputs(spec.outputKind, hasher);
  const labels: string[] = [];
  let rows = 0;
  try {
    for await (const batch of tabularBatches(root, data, job.batchSize, 'text', 'float32')) {
      const inputs = tokenizer(batch.texts ?? [], { padding: true, truncation: true });
      const out = (await model(inputs)) as { logits?: { dims: number[]; data: Float32Array } };
      const logits = out.logits;
      if (!logits || logits.dims[0] !== batch.rows)
        throw inputError('replay-output-shape', `the model gave no logits for ${batch.rows} texts`);
      collector.add(logits.data, batch.rows, logits.dims[1] ?? 1);
      for (const l of batch.labels) labels.push(l);
      rows += batch.rows;
      onRows(rows);
    }
  } finally {
    await model.dispose();
  }
  const recorded = spec.predictions ? await readRecordedPredictions(root, spec.predictions, rows) : null;
  return collector.finish(labels, classes, data.path, recorded);
}

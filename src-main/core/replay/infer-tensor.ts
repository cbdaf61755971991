import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { concat } from './classification-outputs';
import { openSession } from './infer-tabular';
import { OutputHasher } from './output-hash';
import type { WorkerJob, WorkerResult } from './protocol';
import { readNpy } from './readers/npy';
import { readTensorPb } from './readers/tensor-pb';
import { toFloat64, type NumericTensor } from './readers/tensor';
import { inputError } from './replay-error';

/** The `tensor` task (ONNX backend test layout): run each case, compare every output element with the expected one. */

export function readTensorFile(root: string, file: string): NumericTensor {
  const full = path.join(root, file);
  if (file.toLowerCase().endsWith('.npy')) return readNpy(full, file);
  if (file.toLowerCase().endsWith('.pb')) return readTensorPb(full, file);
  throw inputError('replay-tensor-format', `${file}: tensors must be .npy or ONNX TensorProto .pb files`, file);
}

export async function inferTensor(job: WorkerJob, onRows: (rows: number) => void): Promise<WorkerResult> {
  const cases = job.spec.cases;
  if (!cases) throw inputError('replay-invalid', 'replay.json: cases are required for task "tensor"');
  const session = await openSession(path.join(job.root, job.spec.model), job.threads);
  const hasher = new OutputHasher();
  const expected: Float64Array[] = [];
  const actual: Float64Array[] = [];
  let elements = 0;
  try {
    for (const [i, c] of cases.entries()) {
      const feeds: Record<string, ort.Tensor> = {};
      for (const [name, file] of Object.entries(c.inputs)) {
        if (!session.inputNames.includes(name))
          throw inputError(
            'replay-model-io',
            `case ${i + 1}: the model has no input "${name}" (it has: ${session.inputNames.join(', ')})`,
            file,
          );
        const t = readTensorFile(job.root, file);
        feeds[name] = new ort.Tensor(t.type, t.data, t.shape);
      }
      const names = Object.keys(c.outputs);
      for (const name of names) {
        if (!session.outputNames.includes(name))
          throw inputError(
            'replay-model-io',
            `case ${i + 1}: the model has no output "${name}" (it has: ${session.outputNames.join(', ')})`,
          );
      }
      const result = await session.run(feeds, names);
      for (const [name, file] of Object.entries(c.outputs)) {
        const want = readTensorFile(job.root, file);
        const got = result[name]!;
        if (got.dims.join(',') !== want.shape.join(',')) {
          throw inputError(
            'replay-output-shape',
            `case ${i + 1}: output "${name}" has shape [${got.dims.join(', ')}], ${file} has [${want.shape.join(', ')}]`,
            file,
          );
        }
        const values = Float64Array.from(got.data as ArrayLike<number | bigint>, Number);
        hasher.add(values);
        actual.push(values);
        expected.push(toFloat64(want));
        elements += values.length;
      }
      onRows(i + 1);
    }
  } finally {
    await session.release();
  }
  return {
    kind: 'tensor',
    rows: cases.length,
    expected: concat(expected, elements),
    actual: concat(actual, elements),
    outputSha256: hasher.digest(),
  };
}

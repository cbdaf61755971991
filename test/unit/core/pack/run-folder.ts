import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sampleBundle } from '../../../helpers/cli';
import { unzip } from '../replay/replay-fixture';

/** A run folder made from the sample bundle's files (assets/samples/iris-logreg.bundle.zip) and a provenance.yaml. */

export const SAMPLE_PROVENANCE = `name: Iris species logistic regression
description: Multinomial logistic regression on iris, exported to ONNX.
hypothesis: Multinomial logistic regression separates the three iris species with accuracy above 0.9.
author:
  name: Dana Reyes
  email: dana.reyes@example.org
license: MIT
access: internal
run:
  id: run-c071ab3705fb
  startTime: "2025-07-16T10:00:00Z"
  endTime: "2025-07-16T10:04:12Z"
files:
  - { path: code/train.py, role: code, module: training }
  - { path: code/evaluate.py, role: code, module: data-loader }
  - { path: model/model.onnx, role: model }
  - { path: eval/test.csv, role: data, license: BSD-3-Clause }
  - { path: eval/predictions.csv, role: result }
modules:
  - { name: data-loader, version: "1.4.0", repository: https://git.example.org/ml/digits-pipeline, commit: a1b2c3d4e5f60718293a4b5c6d7e8f9012345678 }
  - { name: training, version: "2.0.1", repository: https://git.example.org/ml/digits-pipeline, commit: 0f1e2d3c4b5a69788796a5b4c3d2e1f001234567 }
pipeline: { name: Iris pipeline, version: "1.0.0" }
parameters: { C: 1.0, max_iter: 5000, random_state: 0, test_size: 0.3, standardize: false }
metrics: { accuracy: 1.0, macro_f1: 1.0, log_loss: 0.1357988963001221 }
replay:
  task: classification
  model: model/model.onnx
  modelInput: input
  modelOutput: probabilities
  data: { path: eval/test.csv, format: csv, features: [f0, f1, f2, f3], label: label }
  batchSize: 64
  metrics:
    - { name: accuracy, tolerance: { abs: 0 } }
    - { name: macro_f1, tolerance: { abs: 1.0e-9 } }
    - { name: log_loss, tolerance: { abs: 1.0e-5, rel: 1.0e-4 } }
  predictions: eval/predictions.csv
`;

export const SAMPLE_ENVIRONMENT = `environment:
  os: Debian GNU/Linux 12
  arch: x86_64
  cpu: AMD EPYC
  gpu: null
  runtime: { name: python, version: "3.11.2" }
  packages: { scikit-learn: "1.2.1", numpy: "1.24.2", onnx: "1.12.0" }
`;

let unzipped: Promise<string> | null = null;
function sampleData(): Promise<string> {
  unzipped ??= (async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sample-'));
    await unzip(sampleBundle, dir);
    return path.join(dir, 'bundle', 'data');
  })();
  return unzipped;
}

/** A fresh run folder under `parent`: the sample's payload files (not its metadata) plus the given provenance.yaml. */
export async function makeRunFolder(
  parent: string,
  name: string,
  provenance: string | null = SAMPLE_PROVENANCE + SAMPLE_ENVIRONMENT,
): Promise<string> {
  const data = await sampleData();
  const dir = path.join(parent, name);
  mkdirSync(dir, { recursive: true });
  for (const rel of [
    'code/train.py',
    'code/evaluate.py',
    'model/model.onnx',
    'eval/test.csv',
    'eval/predictions.csv',
  ]) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    cpSync(path.join(data, rel), path.join(dir, rel));
  }
  if (provenance !== null) writeFileSync(path.join(dir, 'provenance.yaml'), provenance);
  return dir;
}

import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { sampleZip } from './fixtures';

/**
 * A run folder for the "New bundle from folder" dialog: the sample bundle's payload files (unzipped with yauzl from
 * assets/samples/iris-logreg.bundle.zip) and a provenance.yaml like test/unit/core/pack/run-folder.ts writes.
 */

export const RUN_PROVENANCE = `name: Iris from a folder
description: Multinomial logistic regression on iris, exported to ONNX.
hypothesis: Logistic regression separates the three iris species with accuracy above 0.9.
author: { name: Dana Reyes, email: dana.reyes@example.org }
license: MIT
access: internal
run: { id: run-e2e-folder }
files:
  - { path: code/train.py, role: code }
  - { path: model/model.onnx, role: model }
  - { path: eval/test.csv, role: data, license: BSD-3-Clause }
  - { path: eval/predictions.csv, role: result }
modules:
  - { name: training, version: "2.0.1", repository: https://git.example.org/ml/iris, commit: 0f1e2d3c4b5a69788796a5b4c3d2e1f001234567 }
parameters: { C: 1.0, max_iter: 5000 }
metrics: { accuracy: 1.0, macro_f1: 1.0, log_loss: 0.1357988963001221 }
replay:
  task: classification
  model: model/model.onnx
  modelInput: input
  modelOutput: probabilities
  data: { path: eval/test.csv, format: csv, features: [f0, f1, f2, f3], label: label }
  metrics:
    - { name: accuracy, tolerance: { abs: 0 } }
    - { name: macro_f1, tolerance: { abs: 1.0e-9 } }
    - { name: log_loss, tolerance: { abs: 1.0e-5, rel: 1.0e-4 } }
environment:
  os: Debian GNU/Linux 12
  arch: x86_64
  runtime: { name: python, version: "3.11.2" }
  packages: { scikit-learn: "1.2.1", numpy: "1.24.2" }
`;

/** The payload files of the sample under `dir` (data/ stripped), nothing else. */
function unzipPayload(zipFile: string, dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipFile, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('cannot open zip'));
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        const m = /^[^/]+\/data\/(.+)$/.exec(entry.fileName);
        if (!m?.[1] || entry.fileName.endsWith('/')) return zip.readEntry();
        const target = path.join(dir, m[1]);
        mkdirSync(path.dirname(target), { recursive: true });
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('cannot read entry'));
          stream
            .pipe(createWriteStream(target))
            .on('finish', () => zip.readEntry())
            .on('error', reject);
        });
      });
      zip.readEntry();
    });
  });
}

export async function makeRunFolder(parent: string, name: string, provenance = RUN_PROVENANCE): Promise<string> {
  const dir = path.join(parent, name);
  mkdirSync(dir, { recursive: true });
  await unzipPayload(sampleZip, dir);
  writeFileSync(path.join(dir, 'provenance.yaml'), provenance);
  return dir;
}

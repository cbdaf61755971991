import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeRunFolder } from './run-folder';

/**
 * A small MLflow 2.16-style file store for the "Import MLflow run" dialog (the layout of
 * test/unit/core/mlflow/mlflow-fixtures.ts, trimmed): one run with params, metrics, tags and an ONNX model
 * with evaluation data among its artifacts. Returns the mlruns folder.
 */
export const MLFLOW_RUN_ID = '5f0c1d2e3a4b4c5d8e9f00112233aabb';

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

export async function buildMlruns(parent: string): Promise<string> {
  const sample = await makeRunFolder(parent, 'mlflow-sample-files');
  const root = path.join(parent, 'mlruns');
  const exp = path.join(root, '1');
  const run = path.join(exp, MLFLOW_RUN_ID);
  write(
    path.join(exp, 'meta.yaml'),
    `artifact_location: file://${exp}\ncreation_time: 1721120000000\nexperiment_id: '1'\nlast_update_time: 1721120000000\nlifecycle_stage: active\nname: iris\n`,
  );
  write(
    path.join(run, 'meta.yaml'),
    `artifact_uri: file://${run}/artifacts\nend_time: 1721124252000\nexperiment_id: '1'\nlifecycle_stage: active\nrun_id: ${MLFLOW_RUN_ID}\nrun_name: sassy-cat-123\nrun_uuid: ${MLFLOW_RUN_ID}\nsource_type: 4\nstart_time: 1721124000000\nstatus: 3\ntags: []\nuser_id: dana\n`,
  );
  write(path.join(run, 'params', 'C'), '1.0');
  write(path.join(run, 'params', 'max_iter'), '5000');
  write(path.join(run, 'metrics', 'accuracy'), '1721124200000 0.9 0\n1721124250000 1.0 1\n');
  write(path.join(run, 'metrics', 'log_loss'), '1721124200000 0.4 0\n1721124250000 0.1357988963001221 1\n');
  write(path.join(run, 'tags', 'mlflow.user'), 'dana');
  write(path.join(run, 'tags', 'mlflow.source.name'), 'train.py');
  write(path.join(run, 'tags', 'mlflow.runName'), 'sassy-cat-123');
  write(
    path.join(run, 'tags', 'mlflow.log-model.history'),
    JSON.stringify([
      {
        run_id: MLFLOW_RUN_ID,
        artifact_path: 'model',
        utc_time_created: '2024-07-16 10:04:10.123456',
        flavors: { onnx: { onnx_version: '1.16.1', data: 'model.onnx' } },
      },
    ]),
  );
  const model = path.join(run, 'artifacts', 'model');
  write(
    path.join(model, 'MLmodel'),
    `artifact_path: model\nflavors:\n  onnx:\n    data: model.onnx\n    onnx_version: 1.16.1\nmlflow_version: 2.16.0\nrun_id: ${MLFLOW_RUN_ID}\nsignature:\n  inputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]}}]'\n  outputs: '[{"name": "label", "type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1]}}, {"name": "probabilities", "type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 3]}}]'\n`,
  );
  cpSync(path.join(sample, 'model', 'model.onnx'), path.join(model, 'model.onnx'));
  write(path.join(model, 'requirements.txt'), 'mlflow==2.16.0\nnumpy==1.26.4\nonnxruntime==1.18.1\n');
  mkdirSync(path.join(run, 'artifacts', 'eval'), { recursive: true });
  cpSync(path.join(sample, 'eval', 'test.csv'), path.join(run, 'artifacts', 'eval', 'test.csv'));
  return root;
}

import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import initSqlJs from 'sql.js';
import { makeRunFolder } from '../pack/run-folder';

/**
 * MLflow stores built in code, following the layouts MLflow itself writes (mlflow/store/tracking/file_store.py,
 * mlflow/store/model_registry/file_store.py, mlflow/store/tracking/dbmodels/models.py): 2.16 (model in the run's
 * artifacts, listed in mlflow.log-model.history), 2.22 (dataset inputs), 3.x (logged models with their own
 * folder and metrics, registry aliases), and an mlflow.db. The model and data are the sample bundle's iris files.
 */

export const RUN_ID = '5f0c1d2e3a4b4c5d8e9f00112233aabb';
export const COMMIT = '0f1e2d3c4b5a69788796a5b4c3d2e1f001234567';
export const LOG_LOSS = 0.1357988963001221;

function write(file: string, text: string | Buffer): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

export const MLMODEL = (runId: string, mlflowVersion: string) => `artifact_path: model
flavors:
  onnx:
    code: null
    data: model.onnx
    onnx_version: 1.16.1
    providers:
    - CPUExecutionProvider
  python_function:
    data: model.onnx
    env:
      conda: conda.yaml
      virtualenv: python_env.yaml
    loader_module: mlflow.onnx
    python_version: 3.11.7
mlflow_version: ${mlflowVersion}
model_size_bytes: 269
model_uuid: 4f6c0e2b9d6a4a0c8d1e2f3a4b5c6d7e
run_id: ${runId}
signature:
  inputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]}}]'
  outputs: '[{"name": "label", "type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1]}}, {"name": "probabilities", "type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 3]}}]'
  params: null
utc_time_created: '2024-07-16 10:04:10.123456'
`;

/** The model folder MLflow's onnx flavor saves: MLmodel, model.onnx and the three environment files. */
async function modelFolder(dir: string, runId: string, mlflowVersion: string, sample: string): Promise<void> {
  write(path.join(dir, 'MLmodel'), MLMODEL(runId, mlflowVersion));
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(sample, 'model', 'model.onnx'), path.join(dir, 'model.onnx'));
  write(
    path.join(dir, 'python_env.yaml'),
    'python: 3.11.7\nbuild_dependencies:\n- pip==24.0\n- setuptools==69.5.1\n- wheel==0.43.0\ndependencies:\n- -r requirements.txt\n',
  );
  write(
    path.join(dir, 'requirements.txt'),
    `mlflow==${mlflowVersion}\nnumpy==1.26.4\nonnx==1.16.1\nonnxruntime==1.18.1\n`,
  );
  write(
    path.join(dir, 'conda.yaml'),
    `channels:\n- conda-forge\ndependencies:\n- python=3.11.7\n- pip<=24.0\n- pip:\n  - mlflow==${mlflowVersion}\n  - numpy==1.26.4\nname: mlflow-env\n`,
  );
}

/** The sample's payload files (model/model.onnx, eval/test.csv) in a scratch folder. */
export async function sampleFiles(parent: string): Promise<string> {
  return makeRunFolder(parent, 'sample-files', null);
}

export interface StoreOptions {
  version: '2.16' | '2.22' | '3.x';
  logLoss?: number;
  windowsUri?: boolean; // artifact locations recorded on a Windows machine
}

/** mlruns/ with experiment 1 ("iris") holding one run; returns the mlruns folder. */
export async function buildFileStore(parent: string, opts: StoreOptions): Promise<string> {
  const sample = await sampleFiles(parent);
  const root = path.join(parent, `mlruns-${opts.version}`);
  const exp = path.join(root, '1');
  const run = path.join(exp, RUN_ID);
  const mlflowVersion = opts.version === '2.16' ? '2.16.0' : opts.version === '2.22' ? '2.22.0' : '3.1.0';
  const origin = opts.windowsUri ? 'file:///C:/Users/dana/proj/mlruns' : `file://${root}`;
  write(
    path.join(root, '0', 'meta.yaml'),
    `artifact_location: ${origin}/0\ncreation_time: 1721120000000\nexperiment_id: '0'\nlast_update_time: 1721120000000\nlifecycle_stage: active\nname: Default\n`,
  );
  write(
    path.join(exp, 'meta.yaml'),
    `artifact_location: ${origin}/1\ncreation_time: 1721120000000\nexperiment_id: '1'\nlast_update_time: 1721120000000\nlifecycle_stage: active\nname: iris\n`,
  );
  write(
    path.join(run, 'meta.yaml'),
    [
      `artifact_uri: ${origin}/1/${RUN_ID}/artifacts`,
      'end_time: 1721124252000',
      "entry_point_name: ''",
      "experiment_id: '1'",
      'lifecycle_stage: active',
      `run_id: ${RUN_ID}`,
      'run_name: sassy-cat-123',
      `run_uuid: ${RUN_ID}`,
      "source_name: ''",
      'source_type: 4',
      "source_version: ''",
      'start_time: 1721124000000',
      'status: 3',
      'tags: []',
      'user_id: dana',
      '',
    ].join('\n'),
  );
  write(path.join(run, 'params', 'C'), '1.0');
  write(path.join(run, 'params', 'max_iter'), '5000');
  write(path.join(run, 'params', 'optimizer', 'name'), 'lbfgs'); // a key with "/" is a sub-folder
  // accuracy: improved at step 1, logged twice (a duplicate); train_loss ends in inf
  write(path.join(run, 'metrics', 'accuracy'), '1721124200000 0.9 0\n1721124250000 1.0 1\n1721124250000 1.0 1\n');
  write(path.join(run, 'metrics', 'log_loss'), `1721124200000 0.4 0\n1721124250000 ${opts.logLoss ?? LOG_LOSS} 1\n`);
  write(path.join(run, 'metrics', 'train_loss'), '1721124100000 nan 0\n1721124150000 inf 1\n');
  const tags: Record<string, string> = {
    'mlflow.user': 'dana',
    'mlflow.source.name': 'train.py',
    'mlflow.source.type': 'LOCAL',
    'mlflow.source.git.commit': COMMIT,
    'mlflow.runName': 'sassy-cat-123',
    team: 'vision',
  };
  const artifacts = path.join(run, 'artifacts');
  mkdirSync(path.join(artifacts, 'eval'), { recursive: true });
  cpSync(path.join(sample, 'eval', 'test.csv'), path.join(artifacts, 'eval', 'test.csv'));
  write(path.join(artifacts, 'plots', 'confusion.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));

  if (opts.version === '3.x') {
    // 3.x: the model is a LoggedModel in experiment/models/<id>, with metrics that name the run (and dataset)
    const modelId = 'm-7d3f0a1b2c3d4e5f';
    const mdir = path.join(exp, 'models', modelId);
    write(
      path.join(mdir, 'meta.yaml'),
      `artifact_location: ${origin}/1/models/${modelId}/artifacts\ncreation_timestamp: 1721124240000\nexperiment_id: '1'\nlast_updated_timestamp: 1721124250000\nmodel_id: ${modelId}\nmodel_type: null\nname: iris-onnx\nsource_run_id: ${RUN_ID}\nstatus: READY\n`,
    );
    await modelFolder(path.join(mdir, 'artifacts'), RUN_ID, mlflowVersion, sample);
    write(path.join(mdir, 'params', 'opset'), '17');
    write(
      path.join(mdir, 'metrics', 'log_loss'),
      `1721124250000 ${opts.logLoss ?? LOG_LOSS} 1 ${RUN_ID} iris-test 1a2b3c4d\n`,
    );
    write(path.join(mdir, 'metrics', 'eval_rows'), `1721124250000 45.0 0 ${RUN_ID}\n`);
    write(
      path.join(run, 'outputs', modelId, 'meta.yaml'),
      `destination_id: ${modelId}\ndestination_type: MODEL_OUTPUT\nsource_id: ${RUN_ID}\nsource_type: RUN_OUTPUT\nstep: 1\n`,
    );
    // model registry (file store): models/<name>/version-<n>/meta.yaml and aliases/<alias> holding the version
    write(
      path.join(root, 'models', 'iris-clf', 'meta.yaml'),
      'creation_timestamp: 1721124260000\ndescription: null\nlast_updated_timestamp: 1721124260000\nname: iris-clf\n',
    );
    write(
      path.join(root, 'models', 'iris-clf', 'version-1', 'meta.yaml'),
      `creation_timestamp: 1721124260000\ncurrent_stage: None\ndescription: null\nlast_updated_timestamp: 1721124260000\nmodel_id: ${modelId}\nname: iris-clf\nrun_id: ${RUN_ID}\nsource: models:/${modelId}\nstatus: READY\nversion: 1\n`,
    );
    write(path.join(root, 'models', 'iris-clf', 'aliases', 'champion'), '1');
  } else {
    await modelFolder(path.join(artifacts, 'model'), RUN_ID, mlflowVersion, sample);
    tags['mlflow.log-model.history'] = JSON.stringify([
      {
        run_id: RUN_ID,
        artifact_path: 'model',
        utc_time_created: '2024-07-16 10:04:10.123456',
        model_uuid: '4f6c0e2b9d6a4a0c8d1e2f3a4b5c6d7e',
        flavors: { onnx: { onnx_version: '1.16.1', data: 'model.onnx' } },
      },
    ]);
  }
  if (opts.version !== '2.16') {
    // dataset inputs: experiment/datasets/<id>/meta.yaml, run/inputs/<id>/meta.yaml
    const datasets = [
      {
        id: '9b1f0c2d3e4f5a6b7c8d9e0f1a2b3c4d',
        name: 'iris-test',
        digest: '1a2b3c4d',
        source: '{"uri": "/home/dana/data/test.csv"}',
        context: 'eval',
      },
      {
        id: '0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d',
        name: 'iris-train',
        digest: 'e5f6a7b8',
        source: '{"uri": "s3://ml-data/iris/train.parquet"}',
        context: 'training',
      },
    ];
    for (const d of datasets) {
      write(
        path.join(exp, 'datasets', d.id, 'meta.yaml'),
        `digest: ${d.digest}\nname: ${d.name}\nprofile: '{"num_rows": 45}'\nschema: '{"mlflow_colspec": []}'\nsource: '${d.source}'\nsource_type: local\n`,
      );
      write(
        path.join(run, 'inputs', `in-${d.id.slice(0, 8)}`, 'meta.yaml'),
        `destination_id: ${d.id}\ndestination_type: RUN\nsource_id: ${d.id}\nsource_type: DATASET\ntags:\n  mlflow.data.context: ${d.context}\n`,
      );
    }
  }
  for (const [k, v] of Object.entries(tags)) write(path.join(run, 'tags', ...k.split('/')), v);
  return root;
}

/** An mlflow.db (SQLite) with the tracking tables MLflow creates, one run, its artifacts under ./mlartifacts. */
export async function buildDatabase(
  parent: string,
  opts: { logLoss?: number; secondRun?: boolean; v3?: boolean } = {},
): Promise<string> {
  const sample = await sampleFiles(parent);
  const dir = path.join(parent, 'db-store');
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run(`
    CREATE TABLE experiments (experiment_id INTEGER PRIMARY KEY, name VARCHAR(256) NOT NULL UNIQUE, artifact_location VARCHAR(256), lifecycle_stage VARCHAR(32), creation_time BIGINT, last_update_time BIGINT);
    CREATE TABLE runs (run_uuid VARCHAR(32) PRIMARY KEY, name VARCHAR(250), source_type VARCHAR(20), source_name VARCHAR(500), entry_point_name VARCHAR(50), user_id VARCHAR(256), status VARCHAR(9), start_time BIGINT, end_time BIGINT, deleted_time BIGINT, source_version VARCHAR(50), lifecycle_stage VARCHAR(20), artifact_uri VARCHAR(200), experiment_id INTEGER);
    CREATE TABLE metrics (key VARCHAR(250), value FLOAT NOT NULL, timestamp BIGINT, step BIGINT NOT NULL DEFAULT 0, is_nan BOOLEAN NOT NULL DEFAULT 0, run_uuid VARCHAR(32), PRIMARY KEY (key, timestamp, step, run_uuid, value, is_nan));
    CREATE TABLE latest_metrics (key VARCHAR(250), value FLOAT NOT NULL, timestamp BIGINT, step BIGINT NOT NULL, is_nan BOOLEAN NOT NULL, run_uuid VARCHAR(32), PRIMARY KEY (key, run_uuid));
    CREATE TABLE params (key VARCHAR(250), value VARCHAR(8000) NOT NULL, run_uuid VARCHAR(32), PRIMARY KEY (key, run_uuid));
    CREATE TABLE tags (key VARCHAR(250), value VARCHAR(8000), run_uuid VARCHAR(32), PRIMARY KEY (key, run_uuid));
    CREATE TABLE datasets (dataset_uuid VARCHAR(36) NOT NULL, experiment_id INTEGER, name VARCHAR(500) NOT NULL, digest VARCHAR(36) NOT NULL, dataset_source_type VARCHAR(36) NOT NULL, dataset_source TEXT NOT NULL, dataset_schema TEXT, dataset_profile TEXT, PRIMARY KEY (experiment_id, name, digest));
    CREATE TABLE inputs (input_uuid VARCHAR(36) NOT NULL, source_type VARCHAR(36) NOT NULL, source_id VARCHAR(36) NOT NULL, destination_type VARCHAR(36) NOT NULL, destination_id VARCHAR(36) NOT NULL, PRIMARY KEY (source_type, source_id, destination_type, destination_id));
    CREATE TABLE input_tags (input_uuid VARCHAR(36) NOT NULL, name VARCHAR(255) NOT NULL, value VARCHAR(500) NOT NULL, PRIMARY KEY (input_uuid, name));
    CREATE TABLE registered_models (name VARCHAR(256) PRIMARY KEY, creation_time BIGINT, last_updated_time BIGINT, description VARCHAR(5000));
    CREATE TABLE model_versions (name VARCHAR(256), version INTEGER, creation_time BIGINT, last_updated_time BIGINT, description VARCHAR(5000), user_id VARCHAR(256), current_stage VARCHAR(20), source VARCHAR(500), run_id VARCHAR(32), status VARCHAR(20), status_message VARCHAR(500), run_link VARCHAR(500), storage_location VARCHAR(500), PRIMARY KEY (name, version));
    -- 3.x: logged models (mlflow/store/tracking/dbmodels/models.py SqlLoggedModel*)
    CREATE TABLE logged_models (model_id VARCHAR(36) PRIMARY KEY, experiment_id INTEGER NOT NULL, name VARCHAR(500) NOT NULL, artifact_location VARCHAR(1000) NOT NULL, creation_timestamp_ms BIGINT NOT NULL, last_updated_timestamp_ms BIGINT NOT NULL, status INTEGER NOT NULL, lifecycle_stage VARCHAR(32), model_type VARCHAR(500), source_run_id VARCHAR(32), status_message VARCHAR(1000));
    CREATE TABLE logged_model_metrics (model_id VARCHAR(36) NOT NULL, metric_name VARCHAR(500) NOT NULL, metric_timestamp_ms BIGINT NOT NULL, metric_step BIGINT NOT NULL, metric_value FLOAT, experiment_id INTEGER NOT NULL, run_id VARCHAR(32) NOT NULL, dataset_uuid VARCHAR(36), dataset_name VARCHAR(500), dataset_digest VARCHAR(36));
    CREATE TABLE logged_model_params (model_id VARCHAR(36) NOT NULL, experiment_id INTEGER NOT NULL, param_key VARCHAR(255) NOT NULL, param_value TEXT NOT NULL);
    CREATE TABLE registered_model_aliases (alias VARCHAR(256), version INTEGER NOT NULL, name VARCHAR(256), PRIMARY KEY (name, alias));
  `);
  const run = (sql: string, params: (string | number | null)[]) => db.run(sql, params);
  run("INSERT INTO experiments VALUES (1, 'iris', 'mlflow-artifacts:/1', 'active', 1721120000000, 1721120000000)", []);
  const addRun = (id: string, logLoss: number, version: number) => {
    run(
      "INSERT INTO runs VALUES (?, 'db-run', 'UNKNOWN', '', '', 'dana', 'FINISHED', 1721124000000, 1721124252000, NULL, '', 'active', ?, 1)",
      [id, `mlflow-artifacts:/1/${id}/artifacts`],
    );
    for (const [k, v, ts, step, nan] of [
      ['accuracy', 0.9, 1, 0, 0],
      ['accuracy', 1.0, 2, 1, 0],
      ['log_loss', logLoss, 2, 1, 0],
      ['grad_norm', 0, 1, 0, 1],
      ['grad_norm', 1.7976931348623157e308, 2, 1, 0],
    ] as const) {
      run('INSERT INTO metrics VALUES (?, ?, ?, ?, ?, ?)', [k, v, ts, step, nan, id]);
    }
    run('INSERT INTO latest_metrics VALUES (?, ?, ?, ?, ?, ?)', ['accuracy', 1.0, 2, 1, 0, id]);
    run('INSERT INTO latest_metrics VALUES (?, ?, ?, ?, ?, ?)', ['log_loss', logLoss, 2, 1, 0, id]);
    run("INSERT INTO params VALUES ('C', '1.0', ?)", [id]);
    const history = opts.v3
      ? []
      : [
          [
            'mlflow.log-model.history',
            JSON.stringify([
              { run_id: id, artifact_path: 'model', utc_time_created: '2024-07-16 10:04:10.123456', flavors: {} },
            ]),
          ],
        ];
    for (const [k, v] of [
      ['mlflow.user', 'dana@example.org'],
      ['mlflow.source.name', 'train.py'],
      ['mlflow.source.git.commit', COMMIT],
      ...history,
    ]) {
      run('INSERT INTO tags VALUES (?, ?, ?)', [k as string, v as string, id]);
    }
    run("INSERT INTO inputs VALUES (?, 'DATASET', 'ds-1', 'RUN', ?)", [`in-${id}`, id]);
    run("INSERT INTO input_tags VALUES (?, 'mlflow.data.context', 'eval')", [`in-${id}`]);
    run(
      "INSERT INTO model_versions VALUES ('iris-clf', ?, 0, 0, NULL, 'dana', 'None', ?, ?, 'READY', NULL, NULL, NULL)",
      [version, `mlflow-artifacts:/1/${id}/artifacts/model`, id],
    );
  };
  addRun(RUN_ID, opts.logLoss ?? LOG_LOSS, 1);
  if (opts.secondRun) addRun('aaaabbbbccccddddeeeeffff00001111', 0.5, 2);
  run(
    "INSERT INTO datasets VALUES ('ds-1', 1, 'iris-test', '1a2b3c4d', 'local', '{\"uri\": \"/home/dana/data/test.csv\"}', NULL, NULL)",
    [],
  );
  run("INSERT INTO registered_models VALUES ('iris-clf', 0, 0, NULL)", []);
  run("INSERT INTO registered_model_aliases VALUES ('champion', 1, 'iris-clf')", []);
  if (opts.v3) {
    run(
      "INSERT INTO logged_models VALUES ('m-0123abcd', 1, 'iris-onnx', 'mlflow-artifacts:/1/models/m-0123abcd/artifacts', 0, 0, 2, 'active', NULL, ?, NULL)",
      [RUN_ID],
    );
    run(
      "INSERT INTO logged_model_metrics VALUES ('m-0123abcd', 'log_loss', 2, 1, ?, 1, ?, 'ds-1', 'iris-test', '1a2b3c4d')",
      [opts.logLoss ?? LOG_LOSS, RUN_ID],
    );
    run("INSERT INTO logged_model_metrics VALUES ('m-0123abcd', 'calibration', 2, 1, NULL, 1, ?, NULL, NULL, NULL)", [
      RUN_ID,
    ]);
    run("INSERT INTO logged_model_params VALUES ('m-0123abcd', 1, 'opset', '17')", []);
  }
  write(path.join(dir, 'mlflow.db'), Buffer.from(db.export()));
  db.close();
  // `mlflow server` keeps artifacts under ./mlartifacts/<experiment>/<run>/artifacts (3.x models:
  // <experiment>/models/<id>/artifacts)
  const artifacts = path.join(dir, 'mlartifacts', '1', RUN_ID, 'artifacts');
  if (opts.v3)
    await modelFolder(path.join(dir, 'mlartifacts', '1', 'models', 'm-0123abcd', 'artifacts'), RUN_ID, '3.1.0', sample);
  else await modelFolder(path.join(artifacts, 'model'), RUN_ID, '2.22.0', sample);
  mkdirSync(path.join(artifacts, 'eval'), { recursive: true });
  cpSync(path.join(sample, 'eval', 'test.csv'), path.join(artifacts, 'eval', 'test.csv'));
  return path.join(dir, 'mlflow.db');
}

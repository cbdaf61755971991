import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importMlflowRun, planMlflowImport } from '../../../../src-main/core/mlflow/import-mlflow';
import { replayBundleFile } from '../../../../src-main/core/services/replay-bundle';
import { readWritten } from '../bundle-writer/written-bundle';
import { workerFor } from '../replay/replay-fixture';
import { COMMIT, LOG_LOSS, RUN_ID, buildDatabase, buildFileStore } from './mlflow-fixtures';

let dir: string;
let worker: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mlflow-'));
  worker = await workerFor('mlflow');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const evalOptions = { evalData: 'eval/test.csv', label: 'label', license: 'MIT' };
const codes = (w: { code: string }[]) => [...new Set(w.map((x) => x.code))].sort();

async function importAndCheck(source: string, name: string, options: Parameters<typeof importMlflowRun>[2]) {
  const out = path.join(dir, `${name}.bundle.zip`);
  const written = await importMlflowRun(source, out, options);
  const { report, meta } = await readWritten(out);
  expect(report.problems).toEqual([]);
  expect(report).toMatchObject({ valid: true, bundleDigest: written.bundleDigest });
  expect(meta.problems.filter((p) => p['severity'] === 'error')).toEqual([]);
  return { out, written, meta };
}

describe('import-mlflow: file store', () => {
  it('2.16 layout from a Windows machine: re-based artifacts, latest metrics, history kept, environment, replay reproduced', async () => {
    const root = await buildFileStore(dir, { version: '2.16', windowsUri: true });
    const { out, written, meta } = await importAndCheck(path.join(root, '1', RUN_ID), '216', evalOptions);
    expect(meta.name).toBe('iris / sassy-cat-123');
    expect(meta.run).toMatchObject({
      id: '#run',
      startTime: '2024-07-16T10:00:00.000Z',
      parameters: { C: '1.0', max_iter: '5000', 'optimizer/name': 'lbfgs' },
      metrics: { accuracy: 1, log_loss: LOG_LOSS },
    });
    expect(meta.run?.metrics).not.toHaveProperty('train_loss'); // latest is inf: not a reportable number
    expect(meta.modules).toEqual([expect.objectContaining({ name: 'train.py', identifier: COMMIT })]);
    expect(meta.author).toMatchObject({ name: 'dana', email: null });
    expect(meta.environment).toMatchObject({
      os: null,
      runtime: { name: 'python', version: '3.11.7' },
      packages: { mlflow: '2.16.0', numpy: '1.26.4', onnx: '1.16.1' },
      onnx: { opset: expect.any(Number) },
    });
    const roles = Object.fromEntries(meta.files.map((f) => [f.path, f.role]));
    expect(roles).toMatchObject({
      'model/model/model.onnx': 'model',
      'model/model/MLmodel': 'model',
      'artifacts/eval/test.csv': 'data',
      'artifacts/plots/confusion.png': 'result',
      'mlflow/metrics-history.csv': 'result',
      'mlflow/run.json': 'other',
    });
    expect(written.warnings.filter((w) => w.code === 'role-not-recorded')).toEqual([]);
    expect(codes(written.warnings)).toEqual([
      'mlflow-artifacts-rebased',
      'mlflow-author-from-user',
      'mlflow-metric-duplicates',
      'mlflow-metric-not-finite',
      'mlflow-no-machine',
      'mlflow-tags-unmapped',
    ]);
    expect(written.warnings.find((w) => w.code === 'mlflow-artifacts-rebased')?.message).toMatch(
      /file:\/\/\/C:\/Users\/dana\/proj\/mlruns\/1\/.*re-based onto/,
    );
    expect(written.warnings.find((w) => w.code === 'mlflow-tags-unmapped')?.message).toContain('team');
    expect(meta.replay).toMatchObject({
      task: 'classification',
      model: 'model/model/model.onnx',
      modelOutput: 'probabilities',
      data: { path: 'artifacts/eval/test.csv', label: 'label' },
    });

    const replay = await replayBundleFile(out, { workerScript: worker });
    expect(replay.outcome.verdict, replay.outcome.reason ?? '').toBe('reproduced');
    expect(replay.outcome.metrics.map((m) => m.name)).toEqual(['accuracy', 'log_loss']);
  });

  it('the default tolerance fails a real difference: a log_loss off by 1e-4', async () => {
    const root = await buildFileStore(path.join(dir, 'off'), { version: '2.16', logLoss: LOG_LOSS + 1e-4 });
    const { out } = await importAndCheck(root, 'off', evalOptions);
    const replay = await replayBundleFile(out, { workerScript: worker });
    expect(replay.outcome.verdict).toBe('not-reproduced');
    expect(replay.outcome.metrics.find((m) => m.name === 'log_loss')?.pass).toBe(false);
    expect(replay.outcome.metrics.find((m) => m.name === 'accuracy')?.pass).toBe(true);
  });

  it('keeps the full history, nan and inf included, in mlflow/metrics-history.csv', async () => {
    const root = await buildFileStore(path.join(dir, 'hist'), { version: '2.16' });
    const plan = await planMlflowImport(root, {});
    const history = plan.sources.get('mlflow/metrics-history.csv');
    const text = history && 'bytes' in history ? Buffer.from(history.bytes).toString('utf8') : '';
    expect(text.split('\n').filter(Boolean)).toEqual([
      'key,step,timestamp,value,source,run_id,dataset_name,dataset_digest',
      'accuracy,0,1721124200000,0.9,run,,,',
      'accuracy,1,1721124250000,1,run,,,',
      'accuracy,1,1721124250000,1,run,,,',
      'log_loss,0,1721124200000,0.4,run,,,',
      `log_loss,1,1721124250000,${LOG_LOSS},run,,,`,
      'train_loss,0,1721124100000,nan,run,,,',
      'train_loss,1,1721124150000,inf,run,,,',
    ]);
    // without --eval-data an ONNX model is not replayable: said, not silent
    expect(codes(plan.warnings)).toContain('mlflow-replay-no-data');
    expect(codes(plan.warnings)).toContain('mlflow-no-license');
  });

  it('2.22 layout: dataset inputs with their weak MLflow digest recorded as a fingerprint, never as a checksum', async () => {
    const root = await buildFileStore(path.join(dir, '222'), { version: '2.22' });
    const { out, written, meta } = await importAndCheck(path.join(root, '1'), '222', evalOptions);
    const crate = JSON.parse(await crateOf(out)) as { '@graph': Record<string, unknown>[] };
    const fingerprints = crate['@graph']
      .filter((e) => e['propertyID'] === 'mlflow-dataset-digest')
      .map((e) => e['value'])
      .sort();
    expect(fingerprints).toEqual(['1a2b3c4d', 'e5f6a7b8']);
    const testCsv = crate['@graph'].find((e) => e['@id'] === 'artifacts/eval/test.csv');
    expect(testCsv).toMatchObject({
      alternateName: 'iris-test',
      url: '/home/dana/data/test.csv',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(meta.datasets.map((d) => [d.id, d.url])).toEqual(
      expect.arrayContaining([
        ['artifacts/eval/test.csv', '/home/dana/data/test.csv'],
        ['s3://ml-data/iris/train.parquet', 's3://ml-data/iris/train.parquet'],
      ]),
    );
    expect(written.warnings.filter((w) => w.code === 'mlflow-dataset-weak-digest')).toHaveLength(2);
    expect(written.warnings.find((w) => w.code === 'mlflow-dataset-not-packed')?.message).toMatch(
      /iris-train.*s3:\/\/ml-data\/iris\/train\.parquet/,
    );
  });

  it('3.x layout: logged model with its own artifacts and 4- and 6-field metric lines, registry alias', async () => {
    const root = await buildFileStore(path.join(dir, '3x'), { version: '3.x' });
    const { out, written, meta } = await importAndCheck(root, '3x', { ...evalOptions, runId: RUN_ID });
    expect(meta.files.find((f) => f.path === 'model/iris-onnx/model.onnx')).toMatchObject({ role: 'model' });
    expect(meta.run?.metrics).toMatchObject({ accuracy: 1, log_loss: LOG_LOSS, eval_rows: 45 });
    const crate = JSON.parse(await crateOf(out)) as { '@graph': Record<string, unknown>[] };
    expect(crate['@graph'].find((e) => e['@id'] === 'model/iris-onnx/model.onnx')?.['description']).toBe(
      'registered as iris-clf version 1 (aliases: champion)',
    );
    expect(codes(written.warnings)).toContain('mlflow-model-params');
    const replay = await replayBundleFile(out, { workerScript: worker });
    expect(replay.outcome.verdict, replay.outcome.reason ?? '').toBe('reproduced');
  });

  it('several runs need --run-id; malformed metric lines are reported', async () => {
    const a = await buildFileStore(path.join(dir, 'two'), { version: '2.16' });
    const { mkdirSync, cpSync, writeFileSync } = await import('node:fs');
    const other = path.join(a, '1', 'ffffeeeeddddccccbbbbaaaa99998888');
    mkdirSync(other, { recursive: true });
    cpSync(path.join(a, '1', RUN_ID), other, { recursive: true });
    writeFileSync(
      path.join(other, 'meta.yaml'),
      readFileSync(path.join(other, 'meta.yaml'), 'utf8').replaceAll(RUN_ID, 'ffffeeeeddddccccbbbbaaaa99998888'),
    );
    writeFileSync(path.join(other, 'metrics', 'broken'), '1721124200000 0.5 0\nnot a metric line\n');
    await expect(planMlflowImport(a, {})).rejects.toThrow(/2 runs under .*pick one with --run-id/);
    const plan = await planMlflowImport(a, { runId: 'ffffeeeeddddccccbbbbaaaa99998888' });
    expect(plan.description.run.id).toBe('ffffeeeeddddccccbbbbaaaa99998888');
    expect(plan.warnings.find((w) => w.code === 'mlflow-metric-line')?.message).toMatch(
      /metric "broken": line 2 .*"not a metric line"/,
    );
    await expect(planMlflowImport(a, { runId: 'nope' })).rejects.toThrow(/no run nope/);
  });
});

describe('import-mlflow: artifacts the tags do not describe', () => {
  it('a folder with an MLmodel is a model even without mlflow.log-model.history; links are skipped with a warning', async () => {
    const root = await buildFileStore(path.join(dir, 'untagged'), { version: '2.16' });
    const run = path.join(root, '1', RUN_ID);
    rmSync(path.join(run, 'tags', 'mlflow.log-model.history'));
    symlinkSync('/etc/passwd', path.join(run, 'artifacts', 'passwd'));
    const plan = await planMlflowImport(run, evalOptions);
    expect(plan.warnings.find((w) => w.code === 'mlflow-model-found')?.message).toMatch(
      /artifacts\/model\/MLmodel .*packed as model\/model/,
    );
    expect(plan.warnings.find((w) => w.code === 'mlflow-artifact-skipped')?.message).toMatch(
      /passwd is not packed: a symbolic link/,
    );
    expect(plan.description.files.map((f) => f.path)).not.toContain('artifacts/passwd');
    expect(plan.description.replay).toMatchObject({ model: 'model/model/model.onnx' });
  });
});

describe('import-mlflow: mlflow.db', () => {
  it('reads the run with sql.js: NaN and ±DBL_MAX mapped back, artifacts found under mlartifacts/, replay reproduced', async () => {
    const db = await buildDatabase(path.join(dir, 'db'));
    const { out, written, meta } = await importAndCheck(db, 'db', evalOptions);
    expect(meta.run).toMatchObject({ metrics: { accuracy: 1, log_loss: LOG_LOSS }, parameters: { C: '1.0' } });
    expect(meta.author).toMatchObject({ name: 'dana@example.org', email: 'dana@example.org' });
    expect(codes(written.warnings)).toEqual(
      expect.arrayContaining([
        'mlflow-artifacts-remote',
        'mlflow-artifacts-rebased',
        'mlflow-metric-not-finite',
        'mlflow-dataset-weak-digest',
      ]),
    );
    expect(written.warnings.find((w) => w.code === 'mlflow-metric-not-finite')?.message).toMatch(/grad_norm.*Infinity/);
    const crate = JSON.parse(await crateOf(out)) as { '@graph': Record<string, unknown>[] };
    expect(crate['@graph'].find((e) => e['@id'] === 'model/model/model.onnx')?.['description']).toBe(
      'registered as iris-clf version 1 (aliases: champion)',
    );
    const replay = await replayBundleFile(out, { workerScript: worker });
    expect(replay.outcome.verdict, replay.outcome.reason ?? '').toBe('reproduced');
  });

  it('3.x tables: the logged model (its artifacts under mlartifacts/<exp>/models/<id>), its metrics (NULL is NaN) and params', async () => {
    const db = await buildDatabase(path.join(dir, 'db3'), { v3: true });
    const { out, written, meta } = await importAndCheck(db, 'db3', evalOptions);
    expect(meta.files.find((f) => f.path === 'model/iris-onnx/model.onnx')?.role).toBe('model');
    expect(
      written.warnings
        .filter((w) => w.code === 'mlflow-metric-not-finite')
        .map((w) => (w as Record<string, unknown>)['metric']),
    ).toEqual(['grad_norm', 'calibration']);
    expect(written.warnings.find((w) => (w as Record<string, unknown>)['metric'] === 'calibration')?.message).toMatch(
      /latest value is NaN/,
    );
    expect(codes(written.warnings)).toContain('mlflow-model-params');
    const replay = await replayBundleFile(out, { workerScript: worker });
    expect(replay.outcome.verdict, replay.outcome.reason ?? '').toBe('reproduced');
  });

  it('--run-id picks one of several runs; an unknown id or a file that is not SQLite is a clear error', async () => {
    const db = await buildDatabase(path.join(dir, 'db2'), { secondRun: true });
    await expect(planMlflowImport(db, {})).rejects.toThrow(/2 runs in the database: pick one with --run-id/);
    const plan = await planMlflowImport(db, { runId: RUN_ID });
    expect(plan.description.metrics['log_loss']).toBe(LOG_LOSS);
    await expect(planMlflowImport(db, { runId: 'missing' })).rejects.toThrow(/no run missing in the database/);
    const notDb = path.join(dir, 'db2', 'notes.db');
    (await import('node:fs')).writeFileSync(notDb, 'hello');
    await expect(planMlflowImport(notDb, {})).rejects.toThrow(/is not an SQLite database/);
  });
});

async function crateOf(zip: string): Promise<string> {
  const { verifyBundle } = await import('../../../../src-main/core/bundle/verify-bundle');
  const v = await verifyBundle(zip, { threads: 1 });
  try {
    return (await v.readPayloadText('data/ro-crate-metadata.json', 1 << 24)) ?? '';
  } finally {
    await v.cleanup();
  }
}

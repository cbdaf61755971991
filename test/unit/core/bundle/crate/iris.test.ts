import { describe, expect, it } from 'vitest';
import { readBundleMetadata } from '../../../../../src-main/core/bundle/crate/read-metadata';
import { irisInput } from './load-fixture';

/** The sample bundle (test/fixtures/iris, from assets/samples/iris-logreg.bundle.zip) read end to end. */

describe('iris sample bundle metadata', () => {
  const meta = readBundleMetadata(irisInput());

  it('has the root properties and the author', () => {
    expect(meta.name).toBe('Iris species logistic regression');
    expect(meta.datePublished).toBe('2025-07-16');
    expect(meta.license).toBe('MIT');
    expect(meta.conformsTo).toEqual(['urn:provenance-desk:bundle:1']);
    expect(meta.crateVersion).toBe('1.1');
    expect(meta.author).toEqual({
      id: 'mailto:dana.reyes@example.org',
      name: 'Dana Reyes',
      email: 'dana.reyes@example.org',
    });
  });

  it('reads the run: parameters, the three metrics, times and hypothesis', () => {
    expect(meta.run).toEqual({
      id: '#run',
      name: 'training and evaluation run',
      hypothesis: 'Multinomial logistic regression separates the three iris species with accuracy above 0.9.',
      startTime: '2025-07-16T10:00:00Z',
      endTime: '2025-07-16T10:04:12Z',
      agent: 'mailto:dana.reyes@example.org',
      parameters: { C: 1, max_iter: 5000, random_state: 0, test_size: 0.3, standardize: false },
      metrics: { accuracy: 1, macro_f1: 1, log_loss: 0.1357988963001221 },
    });
  });

  it('reads the two modules and the pipeline with its packages', () => {
    expect(meta.modules.map((m) => [m.name, m.version, m.identifier, m.license])).toEqual([
      ['data-loader', '1.4.0', 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', 'MIT'],
      ['training', '2.0.1', '0f1e2d3c4b5a69788796a5b4c3d2e1f001234567', 'MIT'],
    ]);
    expect(meta.modules[0]?.codeRepository).toBe('https://git.example.org/ml/digits-pipeline');
    expect(meta.pipeline).toEqual({
      name: 'Iris species logistic regression pipeline',
      version: '1.0.0',
      modules: ['#module-data-loader', '#module-training'],
      requirements: [
        { name: 'python', version: '3.11.2' },
        { name: 'scikit-learn', version: '1.2.1' },
        { name: 'numpy', version: '1.24.2' },
        { name: 'onnx', version: '1.12.0' },
      ],
    });
  });

  it('gives every payload file its role, license and access', () => {
    const table = meta.files.map((f) => [f.path, f.role, f.license, f.licenseInherited, f.access]);
    expect(table).toEqual([
      ['code/evaluate.py', 'code', 'MIT', false, 'unclassified'],
      ['code/train.py', 'code', 'MIT', false, 'unclassified'],
      ['env/environment.json', 'environment', 'MIT', true, 'unclassified'],
      ['eval/predictions.csv', 'result', 'MIT', true, 'unclassified'],
      ['eval/test.csv', 'data', 'BSD-3-Clause', false, 'internal'],
      ['model/model.onnx', 'model', 'MIT', false, 'unclassified'],
      ['replay.json', 'metadata', 'MIT', true, 'unclassified'],
      ['ro-crate-metadata.json', 'metadata', 'MIT', true, 'unclassified'],
    ]);
    expect(meta.files.find((f) => f.path === 'model/model.onnx')).toMatchObject({
      size: 269,
      sha256: '28cf313c0cc7daf01b2762dfc082c1f2c63c35709c67e9c06b21ed3696ffdf27',
      encodingFormat: 'application/onnx',
    });
  });

  it('reads the data set, the environment and the replay spec', () => {
    expect(meta.datasets).toEqual([
      {
        id: 'eval/test.csv',
        name: 'test.csv',
        version: null,
        url: null,
        identifier: null,
        license: 'BSD-3-Clause',
        access: 'internal',
        sha256: '8bc8cffec34a905aef90d4070edc897f38f21229ebdfcdd57b61250c14ccf768',
      },
    ]);
    expect(meta.environment).toMatchObject({
      os: 'Debian GNU/Linux 12',
      runtime: { name: 'python', version: '3.11.2' },
      packages: { numpy: '1.24.2' },
    });
    expect(meta.replay).toMatchObject({ task: 'classification', model: 'model/model.onnx', batchSize: 64 });
  });

  it('is complete (green) and its only problem is the unclassified access warning', () => {
    expect(meta.completeness.level).toBe('green');
    expect(meta.completeness.score).toBe(1);
    expect(meta.completeness.checks.map((c) => c.id)).toEqual([
      'hashes',
      'environment',
      'code-pinned',
      'parameters',
      'licenses',
      'replay',
    ]);
    expect(meta.completeness.checks.find((c) => c.id === 'parameters')?.reason).toContain('seed: random_state');
    expect(meta.problems).toEqual([
      expect.objectContaining({ code: 'access-unclassified', severity: 'warning', entity: './' }),
    ]);
  });

  it('turns amber with weak hashes', () => {
    const weak = readBundleMetadata({ ...irisInput(), weakHashes: true });
    expect(weak.completeness.level).toBe('amber');
    expect(weak.completeness.checks.find((c) => c.id === 'hashes')?.pass).toBe(false);
  });
});

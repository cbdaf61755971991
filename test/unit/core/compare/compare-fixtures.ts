import type { BundleMetadata } from '../../../../src-main/common/schemas/bundle';

export const sha = (c: string) => c.repeat(64).slice(0, 64);

/** A bundle's metadata like the iris sample's, small enough to vary field by field in tests. */
export function irisLike(edit: (m: BundleMetadata) => void = () => {}): BundleMetadata {
  const m: BundleMetadata = {
    name: 'iris',
    description: null,
    datePublished: null,
    license: 'MIT',
    conformsTo: [],
    crateVersion: '1.1',
    author: null,
    people: [],
    run: {
      id: '#run',
      name: null,
      hypothesis: null,
      startTime: null,
      endTime: null,
      agent: null,
      parameters: { C: 1, max_iter: 5000, standardize: false },
      metrics: { accuracy: 0.97, log_loss: 0.13 },
    },
    files: [
      {
        path: 'eval/test.csv',
        role: 'data',
        license: 'BSD-3-Clause',
        licenseInherited: false,
        sha256: sha('a'),
        size: 10,
        access: 'internal',
        accessRaw: 'internal',
        encodingFormat: null,
        name: null,
      },
      {
        path: 'model/model.onnx',
        role: 'model',
        license: 'MIT',
        licenseInherited: true,
        sha256: sha('b'),
        size: 10,
        access: 'unclassified',
        accessRaw: null,
        encodingFormat: null,
        name: null,
      },
    ],
    modules: [
      {
        id: '#module-training',
        name: 'training',
        version: '2.0.1',
        codeRepository: 'https://git.example.org/ml',
        identifier: 'c0ffee',
        license: 'MIT',
        files: [],
      },
    ],
    pipeline: { name: 'iris pipeline', version: '1.0.0', modules: ['#module-training'], requirements: [] },
    datasets: [
      {
        id: 'eval/test.csv',
        name: 'test.csv',
        version: null,
        url: 'https://data.example.org/iris',
        license: 'BSD-3-Clause',
        access: 'internal',
        sha256: sha('a'),
      },
    ],
    environment: {
      os: 'Debian 12',
      arch: 'x86_64',
      cpu: 'AMD EPYC',
      gpu: null,
      runtime: { name: 'python', version: '3.11.2' },
      packages: { numpy: '1.24.2', 'scikit-learn': '1.2.1' },
    },
    replay: null,
    completeness: { level: 'green', score: 1, checks: [] },
    problems: [],
  };
  edit(m);
  return m;
}

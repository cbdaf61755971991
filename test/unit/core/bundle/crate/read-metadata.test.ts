import { describe, expect, it } from 'vitest';
import { bundleMetadataSchema } from '../../../../../src-main/common/schemas/bundle';
import { type MetadataInput, readBundleMetadata } from '../../../../../src-main/core/bundle/crate/read-metadata';

/** Crates built in code, one concern per test. */
const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);

function crate(root: Record<string, unknown>, ...entities: Record<string, unknown>[]): string {
  return JSON.stringify({
    '@context': 'https://w3id.org/ro/crate/1.1/context',
    '@graph': [
      {
        '@id': 'ro-crate-metadata.json',
        '@type': 'CreativeWork',
        conformsTo: { '@id': 'https://w3id.org/ro/crate/1.1' },
        about: { '@id': './' },
      },
      {
        '@id': './',
        '@type': 'Dataset',
        name: 'N',
        description: 'D',
        datePublished: '2025-01-02',
        license: { '@id': 'https://spdx.org/licenses/MIT' },
        conformsTo: { '@id': 'urn:provenance-desk:bundle:1' },
        ...root,
      },
      ...entities,
    ],
  });
}

function input(
  crateJson: string | Uint8Array | null,
  paths: string[] = [],
  extra: Partial<MetadataInput> = {},
): MetadataInput {
  return {
    crateJson,
    replayJson: null,
    environmentJson: null,
    payload: paths.map((path) => ({ path: `data/${path}`, size: 3, sha256: SHA_A })),
    weakHashes: false,
    ...extra,
  };
}

const codes = (meta: { problems: { code: string }[] }) => meta.problems.map((p) => p.code);
const file = (meta: ReturnType<typeof readBundleMetadata>, path: string) => meta.files.find((f) => f.path === path);

describe('readBundleMetadata: JSON-LD forms seen in the wild', () => {
  it('accepts single values or arrays, inline string references, @type as string or array, ./ and %20 ids', () => {
    const meta = readBundleMetadata(
      input(
        crate(
          { author: 'mailto:a@example.org', mentions: '#run', hasPart: { '@id': './a%20b.csv' } },
          { '@id': 'mailto:a@example.org', '@type': ['Person'], name: 'A' },
          {
            '@id': './a%20b.csv',
            '@type': ['File', 'Dataset'],
            encodingFormat: ['text/csv', { '@id': 'https://www.nationalarchives.gov.uk/PRONOM/fmt/18' }],
          },
          {
            '@id': '#run',
            '@type': 'CreateAction',
            instrument: '#app',
            agent: { '@id': 'mailto:a@example.org' },
            object: { '@id': 'a b.csv' },
            result: [{ '@id': '#m' }],
          },
          { '@id': '#app', '@type': 'SoftwareApplication', name: 'app', softwareVersion: '2' },
          { '@id': '#m', '@type': 'PropertyValue', name: 'accuracy', value: { '@value': 0.5 } },
        ),
        ['a b.csv', 'ro-crate-metadata.json'],
      ),
    );
    expect(meta.author).toEqual({ id: 'mailto:a@example.org', name: 'A', email: 'a@example.org' });
    expect(meta.run?.metrics).toEqual({ accuracy: 0.5 });
    expect(meta.pipeline).toMatchObject({ name: 'app', version: '2' });
    expect(file(meta, 'a b.csv')).toMatchObject({ role: 'data', encodingFormat: 'text/csv' });
    expect(meta.datasets.map((d) => d.id)).toEqual(['a b.csv']);
    expect(meta.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('keeps metadata text exactly as written (nothing is evaluated)', () => {
    const hostile = '<img src=x onerror=alert(1)> ${process.exit()} {{constructor}}';
    const meta = readBundleMetadata(input(crate({ name: hostile, description: hostile })));
    expect(meta.name).toBe(hostile);
    expect(meta.description).toBe(hostile);
  });
});

describe('readBundleMetadata: integrity', () => {
  it('reports a crate sha256 that disagrees with the manifest as an error; the manifest wins', () => {
    const meta = readBundleMetadata(
      input(crate({}, { '@id': 'm.onnx', '@type': 'File', sha256: SHA_B.toUpperCase() }), ['m.onnx']),
    );
    const p = meta.problems.find((x) => x.code === 'crate-sha256-mismatch');
    expect(p).toMatchObject({
      severity: 'error',
      path: 'data/m.onnx',
      entity: 'm.onnx',
      algorithm: 'sha256',
      expected: SHA_A,
      actual: SHA_B.toUpperCase(),
    });
    expect(file(meta, 'm.onnx')?.sha256).toBe(SHA_A);
  });

  it('accepts a matching sha256 in any case and reports a wrong contentSize as a warning', () => {
    const meta = readBundleMetadata(
      input(crate({}, { '@id': 'm.onnx', '@type': 'File', sha256: SHA_A.toUpperCase(), contentSize: '4' }), ['m.onnx']),
    );
    expect(codes(meta)).not.toContain('crate-sha256-mismatch');
    expect(meta.problems.find((x) => x.code === 'crate-size-mismatch')).toMatchObject({
      severity: 'warning',
      expected: '3',
      actual: '4',
    });
  });

  it('in a bundle (our profile) a described file missing from the payload is an error; elsewhere a warning', () => {
    const entities = [{ '@id': 'gone.csv', '@type': 'File' }];
    const ours = readBundleMetadata(input(crate({}, ...entities)));
    expect(ours.problems.find((p) => p.code === 'crate-file-absent')).toMatchObject({
      severity: 'error',
      entity: 'gone.csv',
      path: 'data/gone.csv',
    });
    const foreign = readBundleMetadata(input(crate({ conformsTo: [] }, ...entities)));
    expect(foreign.problems.find((p) => p.code === 'crate-file-absent')?.severity).toBe('warning');
  });
});

describe('readBundleMetadata: licenses', () => {
  it('reads SPDX ids, CreativeWork identifiers and inherits the root license', () => {
    const meta = readBundleMetadata(
      input(
        crate(
          {},
          { '@id': 'a.py', '@type': 'File', license: { '@id': 'http://spdx.org/licenses/Apache-2.0.html' } },
          { '@id': 'b.py', '@type': 'File', license: { '@id': '#dual' } },
          { '@id': '#dual', '@type': 'CreativeWork', identifier: 'Apache-2.0 OR MIT' },
          { '@id': 'c.py', '@type': 'File', license: 'GPL-3.0-only' },
        ),
        ['a.py', 'b.py', 'c.py', 'd.py'],
      ),
    );
    expect(meta.files.map((f) => [f.path, f.license, f.licenseInherited])).toEqual([
      ['a.py', 'Apache-2.0', false],
      ['b.py', 'Apache-2.0 OR MIT', false],
      ['c.py', 'GPL-3.0-only', false],
      ['d.py', 'MIT', true],
    ]);
  });

  it('reports a missing root license and never guesses one', () => {
    const meta = readBundleMetadata(input(crate({ license: undefined }), ['x.csv']));
    expect(meta.license).toBeNull();
    expect(file(meta, 'x.csv')).toMatchObject({ license: null, licenseInherited: false });
    expect(meta.problems).toContainEqual(expect.objectContaining({ code: 'crate-root-no-license', entity: './' }));
    expect(meta.completeness.checks.find((c) => c.id === 'licenses')?.pass).toBe(false);
  });

  it('keeps a non-SPDX license as written, flagged for review with a suggestion', () => {
    const meta = readBundleMetadata(
      input(crate({ license: { '@id': 'https://creativecommons.org/licenses/by/4.0/' } })),
    );
    expect(meta.license).toBe('https://creativecommons.org/licenses/by/4.0/');
    expect(meta.problems).toContainEqual(
      expect.objectContaining({ code: 'license-not-spdx', entity: './', suggestion: 'CC-BY-4.0' }),
    );
  });
});

describe('readBundleMetadata: access classification', () => {
  it('classifies conditionsOfAccess, inheriting the root; anything else is unclassified and reported', () => {
    const meta = readBundleMetadata(
      input(
        crate(
          { conditionsOfAccess: 'restricted' },
          { '@id': 'a.csv', '@type': 'File', conditionsOfAccess: ' Public ' },
          { '@id': 'b.csv', '@type': 'File', conditionsOfAccess: 'secret' },
        ),
        ['a.csv', 'b.csv', 'c.csv'],
      ),
    );
    expect(meta.files.map((f) => [f.path, f.access, f.accessRaw])).toEqual([
      ['a.csv', 'public', ' Public '],
      ['b.csv', 'unclassified', 'secret'],
      ['c.csv', 'restricted', 'restricted'],
    ]);
    expect(meta.problems).toContainEqual(
      expect.objectContaining({ code: 'access-unknown', entity: 'b.csv', actual: 'secret', severity: 'warning' }),
    );
    expect(codes(meta)).not.toContain('access-unclassified');
  });

  it("gives data sets their own access, else the root's, plus version and origin url", () => {
    const meta = readBundleMetadata(
      input(
        crate(
          { conditionsOfAccess: 'internal', mentions: { '@id': '#run' } },
          {
            '@id': '#run',
            '@type': 'CreateAction',
            instrument: '#a',
            agent: '#p',
            object: [{ '@id': 'd.csv' }, { '@id': 'https://example.org/iris.csv' }],
          },
          {
            '@id': 'd.csv',
            '@type': 'File',
            version: '3',
            url: 'https://archive.ics.uci.edu/iris',
            conditionsOfAccess: 'confidential',
          },
          { '@id': 'https://example.org/iris.csv', '@type': 'Dataset', name: 'iris' },
        ),
        ['d.csv'],
      ),
    );
    expect(meta.datasets).toEqual([
      {
        id: 'd.csv',
        name: null,
        version: '3',
        url: 'https://archive.ics.uci.edu/iris',
        identifier: null,
        license: 'MIT',
        access: 'confidential',
        sha256: SHA_A,
      },
      {
        id: 'https://example.org/iris.csv',
        name: 'iris',
        version: null,
        url: 'https://example.org/iris.csv',
        identifier: null,
        license: 'MIT',
        access: 'internal',
        sha256: null,
      },
    ]);
  });

  it("reads a data set's identifier when it is text (a DOI: an origin drift matches on), not when it references a fingerprint (issue 17)", () => {
    const meta = readBundleMetadata(
      input(
        crate(
          { mentions: { '@id': '#run' } },
          {
            '@id': '#run',
            '@type': 'CreateAction',
            instrument: '#a',
            agent: '#p',
            object: [{ '@id': 'd.csv' }, { '@id': 'e.csv' }],
          },
          { '@id': 'd.csv', '@type': 'File', identifier: 'doi:10.5281/zenodo.1' },
          { '@id': 'e.csv', '@type': 'File', identifier: { '@id': '#fp' } },
          { '@id': '#fp', '@type': 'PropertyValue', propertyID: 'md5', value: 'x' },
        ),
        ['d.csv', 'e.csv'],
      ),
    );
    expect(meta.datasets.map((d) => [d.id, d.identifier])).toEqual([
      ['d.csv', 'doi:10.5281/zenodo.1'],
      ['e.csv', null],
    ]);
  });
});

describe('readBundleMetadata: roles', () => {
  it('infers roles from modules, the run, replay.json, encodingFormat and paths, in that order', () => {
    const meta = readBundleMetadata(
      input(
        crate(
          { mentions: { '@id': '#run' } },
          { '@id': '#mod', '@type': 'SoftwareSourceCode', name: 'm', hasPart: [{ '@id': 'lib/util.txt' }] },
          {
            '@id': '#run',
            '@type': 'CreateAction',
            instrument: { '@id': '#mod' },
            agent: { '@id': '#x' },
            object: [{ '@id': 'in.bin' }],
            result: [{ '@id': 'out/weights.onnx' }, { '@id': 'out/report.txt' }],
          },
          { '@id': 'nb.txt', '@type': 'File', encodingFormat: 'application/x-ipynb+json' },
        ),
        [
          'lib/util.txt',
          'in.bin',
          'out/weights.onnx',
          'out/report.txt',
          'nb.txt',
          'models/x.bin',
          'results/r.txt',
          'scripts/a.txt',
          'misc.bin',
          'env/requirements.txt',
          'ro-crate-metadata.json',
          'replay.json',
        ],
      ),
    );
    expect(Object.fromEntries(meta.files.map((f) => [f.path, f.role]))).toEqual({
      'env/requirements.txt': 'environment',
      'in.bin': 'data',
      'lib/util.txt': 'code',
      'misc.bin': 'other',
      'models/x.bin': 'model',
      'nb.txt': 'code',
      'out/report.txt': 'result',
      'out/weights.onnx': 'model',
      'replay.json': 'metadata',
      'results/r.txt': 'result',
      'ro-crate-metadata.json': 'metadata',
      'scripts/a.txt': 'code',
    });
  });
});

describe('readBundleMetadata: run values', () => {
  it('takes numbers written as text for metrics, reports other values, and keeps structured parameters as JSON text', () => {
    const meta = readBundleMetadata(
      input(
        crate(
          { mentions: { '@id': '#run' } },
          {
            '@id': '#run',
            '@type': 'CreateAction',
            instrument: '#a',
            agent: '#p',
            object: [{ '@id': '#p1' }, { '@id': '#p2' }],
            result: [{ '@id': '#m1' }, { '@id': '#m2' }],
          },
          { '@id': '#p1', '@type': 'PropertyValue', name: 'layers', value: [64, 32] },
          { '@id': '#p2', '@type': 'PropertyValue', name: 'seed', value: 7 },
          { '@id': '#m1', '@type': 'PropertyValue', name: 'rmse', value: '0.25' },
          { '@id': '#m2', '@type': 'PropertyValue', name: 'note', value: 'good' },
        ),
      ),
    );
    expect(meta.run?.parameters).toEqual({ layers: '[64,32]', seed: 7 });
    expect(meta.run?.metrics).toEqual({ rmse: 0.25 });
    expect(meta.problems).toContainEqual(expect.objectContaining({ code: 'metric-not-number', entity: '#m2' }));
  });

  it('falls back to the only CreateAction when the root does not mention it', () => {
    const meta = readBundleMetadata(
      input(crate({}, { '@id': '#r', '@type': 'CreateAction', instrument: '#a', agent: '#p' })),
    );
    expect(meta.run?.id).toBe('#r');
    expect(meta.problems).toContainEqual(expect.objectContaining({ code: 'crate-run-not-mentioned', entity: '#r' }));
  });
});

describe('readBundleMetadata: environment and replay', () => {
  const replay = {
    task: 'classification',
    model: 'm.onnx',
    data: { path: 'd.csv', format: 'csv' },
    metrics: [{ name: 'accuracy' }, { name: 'log_loss' }],
  };

  it('validates environment.json and reports where it is wrong', () => {
    const meta = readBundleMetadata(
      input(crate({}), [], { environmentJson: '{"os": 3, "runtime": {"name": "python"}}' }),
    );
    expect(meta.environment).toBeNull();
    expect(
      meta.problems
        .filter((p) => p.code === 'environment-invalid')
        .map((p) => p.pointer)
        .sort(),
    ).toEqual(['/os', '/runtime/version']);
    expect(meta.completeness.checks.find((c) => c.id === 'environment')?.pass).toBe(false);
  });

  it("checks replay.json against the run's metrics and the payload", () => {
    const meta = readBundleMetadata(
      input(
        crate(
          { mentions: { '@id': '#run' } },
          { '@id': '#run', '@type': 'CreateAction', instrument: '#a', agent: '#p', result: { '@id': '#acc' } },
          { '@id': '#acc', '@type': 'PropertyValue', name: 'accuracy', value: 0.9 },
        ),
        ['m.onnx'],
        { replayJson: JSON.stringify(replay) },
      ),
    );
    expect(meta.replay).toMatchObject({ task: 'classification', batchSize: 256 });
    expect(meta.problems).toContainEqual(
      expect.objectContaining({ code: 'replay-metric-not-reported', actual: 'log_loss', severity: 'error' }),
    );
    expect(meta.problems).toContainEqual(expect.objectContaining({ code: 'replay-path-absent', path: 'data/d.csv' }));
    expect(codes(meta).filter((c) => c === 'replay-path-absent')).toHaveLength(1);
  });
});

describe('readBundleMetadata: bad input never throws', () => {
  it.each([
    ['absent', null, 'crate-missing'],
    ['not JSON', 'This is a not valid JSON file.', 'json-syntax'],
    ['an array', '[]', 'crate-no-graph'],
    ['@graph not an array', '{"@graph": 5}', 'crate-no-graph'],
    ['duplicate keys', '{"@graph": [], "@graph": []}', 'json-duplicate-key'],
    ['a __proto__ key', '{"@graph": [{"@id": "./", "__proto__": {"polluted": 1}}]}', 'json-forbidden-key'],
    ['too deep', '{"@graph": ' + '['.repeat(500) + ']'.repeat(500) + '}', 'json-too-deep'],
    ['entities without ids', '{"@graph": [1, null, {"@id": 5}, "x"]}', 'crate-entity-no-id'],
    ['an empty graph', '{"@graph": []}', 'crate-descriptor-missing'],
  ])('%s → %s', (_label, json, code) => {
    const meta = readBundleMetadata(input(json, ['a.csv']));
    expect(codes(meta)).toContain(code);
    expect(meta.problems.find((p) => p.code === code)).toMatchObject({
      severity: expect.stringMatching(/error|warning/),
    });
    expect(bundleMetadataSchema.safeParse(meta).success).toBe(true);
    expect(meta.files.map((f) => f.path)).toEqual(['a.csv']); // the payload is still listed
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports invalid UTF-8 when given bytes, for each of the three files', () => {
    const bad = new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]); // {"\xc3(":1}
    const meta = readBundleMetadata(input(bad, [], { replayJson: bad, environmentJson: bad }));
    expect(meta.problems.filter((p) => p.code === 'json-invalid-utf8').map((p) => p.path)).toEqual([
      'data/env/environment.json',
      'data/replay.json',
      'data/ro-crate-metadata.json',
    ]);
    const good = readBundleMetadata(input(new TextEncoder().encode(crate({ name: 'Ünïcode' }))));
    expect(good.name).toBe('Ünïcode');
  });

  it('survives odd property values (numbers, nested arrays, objects where strings belong)', () => {
    const meta = readBundleMetadata(
      input(
        crate(
          {
            name: ['First', 'Second'],
            author: [[{ '@id': 1 }]],
            mentions: 42,
            license: [{}],
            datePublished: { '@value': '2020-01-01' },
          },
          {
            '@id': '#s',
            '@type': 'SoftwareSourceCode',
            hasPart: 'nope',
            identifier: { '@id': 'https://example.org/commit/abc' },
          },
          { '@id': 'x', '@type': 7 },
        ),
        ['x'],
      ),
    );
    expect(meta.name).toBe('First');
    expect(meta.datePublished).toBe('2020-01-01');
    expect(meta.modules[0]).toMatchObject({ name: '#s', identifier: 'https://example.org/commit/abc' });
    expect(codes(meta)).toContain('license-unreadable');
  });

  it('makes a missing name an error in a bundle but a warning in a foreign crate', () => {
    expect(
      readBundleMetadata(input(crate({ name: undefined }))).problems.find((p) => p.code === 'crate-root-no-name')
        ?.severity,
    ).toBe('error');
    expect(
      readBundleMetadata(input(crate({ name: undefined, conformsTo: undefined }))).problems.find(
        (p) => p.code === 'crate-root-no-name',
      )?.severity,
    ).toBe('warning');
  });
});

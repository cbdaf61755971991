import { describe, expect, it } from 'vitest';
import { changeOf, diffBundles } from '../../../../src-main/core/compare/diff-bundles';
import { irisLike, sha } from './compare-fixtures';

const side = (edit?: Parameters<typeof irisLike>[0]) => ({ metadata: irisLike(edit) });

describe('diffBundles', () => {
  it('finds no differences between a bundle and itself, and lists every entry as same with all', () => {
    const diff = diffBundles(side(), side());
    for (const section of Object.values(diff)) expect(section).toEqual([]);
    const all = diffBundles(side(), side(), { all: true });
    expect(all.parameters.map((e) => [e.name, e.change])).toEqual([
      ['C', 'same'],
      ['max_iter', 'same'],
      ['standardize', 'same'],
    ]);
    expect(all.environment.every((e) => e.change === 'same')).toBe(true);
  });

  it('parameters: changed, added and removed', () => {
    const diff = diffBundles(
      side(),
      side((m) => {
        m.run!.parameters = { C: 0.5, max_iter: 5000, seed: 7 };
      }),
    );
    expect(diff.parameters).toEqual([
      { name: 'C', a: 1, b: 0.5, change: 'changed' },
      { name: 'standardize', a: false, b: null, change: 'removed' },
      { name: 'seed', a: null, b: 7, change: 'added' },
    ]);
  });

  it('metrics: reported always, replayed when a side has a stored replay', () => {
    const a = { ...side(), replayed: { accuracy: 0.97 } };
    const b = { ...side((m) => (m.run!.metrics.accuracy = 0.9)), replayed: { accuracy: 0.91 } };
    expect(diffBundles(a, b).metrics).toEqual([
      { name: 'accuracy', a: 0.97, b: 0.9, change: 'changed', source: 'reported' },
      { name: 'accuracy', a: 0.97, b: 0.91, change: 'changed', source: 'replayed' },
    ]);
    const onlyA = diffBundles(a, side()).metrics.filter((e) => e.source === 'replayed');
    expect(onlyA).toEqual([
      { name: 'accuracy', a: 0.97, b: null, change: 'removed', source: 'replayed', note: 'B has no stored replay' },
    ]);
    expect(diffBundles(side(), side()).metrics).toEqual([]);
  });

  it('data: the same data set (same origin) with a different digest is loud, and listed first', () => {
    const b = side((m) => {
      m.datasets[0]!.sha256 = sha('9');
      m.files[0]!.sha256 = sha('9');
      m.files.push({ ...m.files[0]!, path: 'eval/extra.csv', sha256: sha('e') });
    });
    const data = diffBundles(side(), b).data;
    expect(data[0]).toEqual({
      name: 'test.csv',
      a: sha('a'),
      b: sha('9'),
      change: 'changed',
      loud: true,
      note: 'same origin, different digest',
    });
    expect(data[1]).toEqual({ name: 'eval/extra.csv', a: null, b: sha('e'), change: 'added' });
  });

  it('data: matched by origin URL when renamed; a renamed set with the same bytes is not loud', () => {
    const renamed = side((m) => {
      m.datasets[0] = { ...m.datasets[0]!, id: 'data/iris.csv', name: 'iris.csv', sha256: sha('7') };
      m.files[0] = { ...m.files[0]!, path: 'data/iris.csv', sha256: sha('7') };
    });
    expect(diffBundles(side(), renamed).data).toEqual([
      {
        name: 'test.csv → iris.csv',
        a: sha('a'),
        b: sha('7'),
        change: 'changed',
        loud: true,
        note: 'same origin, different digest',
      },
    ]);
    const moved = side((m) => {
      m.datasets[0] = { ...m.datasets[0]!, id: 'data/test.csv' };
      m.files[0] = { ...m.files[0]!, path: 'data/test.csv' };
    });
    expect(diffBundles(side(), moved).data).toEqual([
      { name: 'test.csv', a: sha('a'), b: sha('a'), change: 'changed', note: 'path eval/test.csv → data/test.csv' },
    ]);
  });

  it('data: two bundles that both hold test.csv from different origins hold different data sets, never a pair', () => {
    // Another pipeline's test.csv (breast cancer after iris), declaring its own origin.
    const other = side((m) => {
      m.pipeline = { ...m.pipeline!, name: 'breast cancer pipeline' };
      m.datasets[0] = { ...m.datasets[0]!, url: 'https://data.example.org/breast-cancer', sha256: sha('c') };
      m.files[0]!.sha256 = sha('c');
    });
    const data = diffBundles(side(), other).data;
    expect(data).toEqual([
      {
        name: 'test.csv',
        a: sha('a'),
        b: null,
        change: 'removed',
        note: "different data set from B's test.csv (origin https://data.example.org/iris vs https://data.example.org/breast-cancer)",
      },
      {
        name: 'test.csv',
        a: null,
        b: sha('c'),
        change: 'added',
        note: "different data set from A's test.csv (origin https://data.example.org/iris vs https://data.example.org/breast-cancer)",
      },
    ]);
    expect(data.some((e) => e.loud)).toBe(false);
    // Other origins keep them apart within one pipeline too.
    const samePipeline = side((m) => {
      m.datasets[0] = { ...m.datasets[0]!, url: 'https://data.example.org/breast-cancer', sha256: sha('c') };
    });
    expect(diffBundles(side(), samePipeline).data.map((e) => e.change)).toEqual(['removed', 'added']);
  });

  it('data: without declared origins, test.csv pairs within one pipeline (path, then name) and never across two', () => {
    const bare = (pipeline: string, digest: string, path = 'eval/test.csv') =>
      side((m) => {
        m.pipeline = { ...m.pipeline!, name: pipeline };
        m.datasets[0] = { ...m.datasets[0]!, id: path, url: null, identifier: null, sha256: sha(digest) };
        m.files[0] = { ...m.files[0]!, path, sha256: sha(digest) };
      });
    // Same pipeline, same path: the same data set with other bytes, loud.
    expect(diffBundles(bare('digits', 'a'), bare('digits', 'd')).data).toEqual([
      {
        name: 'test.csv',
        a: sha('a'),
        b: sha('d'),
        change: 'changed',
        loud: true,
        note: 'same pipeline and path, different digest',
      },
    ]);
    // Same pipeline, moved: paired by name.
    expect(diffBundles(bare('digits', 'a'), bare('digits', 'a', 'data/test.csv')).data).toEqual([
      { name: 'test.csv', a: sha('a'), b: sha('a'), change: 'changed', note: 'path eval/test.csv → data/test.csv' },
    ]);
    // Two pipelines: nothing in common but the file name.
    const apart = diffBundles(bare('digits', 'a'), bare('breast cancer', 'c')).data;
    expect(apart.map((e) => [e.change, e.loud ?? false])).toEqual([
      ['removed', false],
      ['added', false],
    ]);
    expect(apart[0]!.note).toBe(
      'different data set from B\'s test.csv (no origin in common, and pipelines "digits" and "breast cancer")',
    );
  });

  it('data: an identifier is an origin too', () => {
    const byId = (id: string, digest: string, pipeline: string) =>
      side((m) => {
        m.pipeline = { ...m.pipeline!, name: pipeline };
        m.datasets[0] = { ...m.datasets[0]!, url: null, identifier: id, sha256: sha(digest) };
        m.files[0]!.sha256 = sha(digest);
      });
    expect(diffBundles(byId('doi:10.1/iris', 'a', 'p1'), byId('doi:10.1/iris', 'e', 'p2')).data).toEqual([
      {
        name: 'test.csv',
        a: sha('a'),
        b: sha('e'),
        change: 'changed',
        loud: true,
        note: 'same origin, different digest',
      },
    ]);
    expect(
      diffBundles(byId('doi:10.1/iris', 'a', 'p1'), byId('doi:10.1/digits', 'e', 'p1')).data.map((e) => e.change),
    ).toEqual(['removed', 'added']);
  });

  it('environment: packages, runtime and hardware', () => {
    const b = side((m) => {
      m.environment = {
        ...m.environment!,
        runtime: { name: 'python', version: '3.12.1' },
        gpu: 'NVIDIA A100',
        packages: { numpy: '2.0.0', torch: '2.3.0' },
      };
    });
    expect(diffBundles(side(), b).environment).toEqual([
      { name: 'runtime', a: 'python 3.11.2', b: 'python 3.12.1', change: 'changed' },
      { name: 'packages.numpy', a: '1.24.2', b: '2.0.0', change: 'changed' },
      { name: 'packages.scikit-learn', a: '1.2.1', b: null, change: 'removed' },
      { name: 'gpu', a: null, b: 'NVIDIA A100', change: 'added' },
      { name: 'packages.torch', a: null, b: '2.3.0', change: 'added' },
    ]);
  });

  it('modules: versions and commits, matched by name', () => {
    const b = side((m) => {
      m.modules = [{ ...m.modules[0]!, id: '#other-id', version: '2.1.0', identifier: 'beef' }];
    });
    expect(diffBundles(side(), b).modules).toEqual([
      { name: 'training.version', a: '2.0.1', b: '2.1.0', change: 'changed' },
      { name: 'training.commit', a: 'c0ffee', b: 'beef', change: 'changed' },
    ]);
  });

  it('licenses: expressions per artifact, with the status when the store evaluated them', () => {
    const b = side((m) => (m.files[1]!.license = 'GPL-3.0-only'));
    expect(diffBundles(side(), b).licenses).toEqual([
      { name: 'model/model.onnx', a: 'MIT', b: 'GPL-3.0-only', change: 'changed' },
    ]);
    const withStatus = diffBundles(
      { ...side(), licenses: [{ path: 'model/model.onnx', expression: 'MIT', status: 'allowed' }] },
      { ...b, licenses: [{ path: 'model/model.onnx', expression: 'GPL-3.0-only', status: 'denied' }] },
    );
    expect(withStatus.licenses).toEqual([
      { name: 'model/model.onnx', a: 'MIT · allowed', b: 'GPL-3.0-only · denied', change: 'changed' },
    ]);
  });

  it('a bundle without a run or environment compares as everything removed', () => {
    const empty = side((m) => {
      m.run = null;
      m.environment = null;
    });
    const diff = diffBundles(side(), empty);
    expect(diff.parameters.every((e) => e.change === 'removed')).toBe(true);
    expect(diff.environment.map((e) => e.name)).toContain('runtime');
  });

  it('changeOf treats null as absent', () => {
    expect(changeOf(null, null)).toBe('same');
    expect(changeOf(0, null)).toBe('removed');
    expect(changeOf(false, false)).toBe('same');
  });
});

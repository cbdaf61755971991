import { describe, expect, it } from 'vitest';
import type { BundleMetadata } from '../../../../../src-main/common/schemas/bundle';
import {
  COMPLETENESS_THRESHOLDS,
  levelFor,
  scoreCompleteness,
} from '../../../../../src-main/core/bundle/crate/completeness';

type Meta = Omit<BundleMetadata, 'completeness'>;

function complete(): Meta {
  return {
    name: 'n',
    description: null,
    datePublished: null,
    license: 'MIT',
    conformsTo: [],
    crateVersion: '1.1',
    author: null,
    people: [],
    run: {
      id: '#r',
      name: null,
      hypothesis: null,
      startTime: null,
      endTime: null,
      agent: null,
      parameters: { lr: 0.1, seed: 3 },
      metrics: {},
    },
    files: [
      {
        path: 'a.py',
        sha256: null,
        size: 1,
        role: 'code',
        license: 'MIT',
        licenseInherited: true,
        access: 'public',
        accessRaw: 'public',
        encodingFormat: null,
        name: null,
      },
    ],
    modules: [
      { id: '#m', name: 'm', version: null, codeRepository: null, identifier: 'deadbeef', license: null, files: [] },
    ],
    pipeline: null,
    datasets: [],
    environment: { os: 'linux' },
    replay: { task: 'classification' },
    problems: [],
  };
}

const check = (meta: Meta, id: string, weak = false) => scoreCompleteness(meta, weak).checks.find((c) => c.id === id);

describe('scoreCompleteness', () => {
  it('is green with every check passing, and names a seed', () => {
    const c = scoreCompleteness(complete(), false);
    expect(c).toMatchObject({ level: 'green', score: 1 });
    expect(c.checks.every((x) => x.pass)).toBe(true);
    expect(check(complete(), 'parameters')?.reason).toBe('2 parameter(s), seed: seed');
  });

  it.each([
    ['hashes', (m: Meta) => m, true],
    ['environment', (m: Meta) => ({ ...m, environment: null }), false],
    ['code-pinned', (m: Meta) => ({ ...m, modules: [] }), false],
    [
      'code-pinned',
      (m: Meta) => ({ ...m, modules: [{ ...m.modules[0]!, identifier: 'main', version: 'latest' }] }),
      false,
    ],
    ['parameters', (m: Meta) => ({ ...m, run: { ...m.run!, parameters: {} } }), false],
    ['parameters', (m: Meta) => ({ ...m, run: null }), false],
    ['licenses', (m: Meta) => ({ ...m, files: [{ ...m.files[0]!, license: null }] }), false],
    ['licenses', (m: Meta) => ({ ...m, files: [] }), false],
    ['replay', (m: Meta) => ({ ...m, replay: null }), false],
  ] as const)('fails %s when it is missing (case %#), with a reason', (id, change, weak) => {
    const c = check(change(complete()), id, weak);
    expect(c?.pass).toBe(false);
    expect(c?.reason.length).toBeGreaterThan(5);
    expect(scoreCompleteness(change(complete()), weak).level).toBe('amber'); // one of six failing: 5/6
  });

  it('counts a commit or a version identifier as pinned, and a version when the identifier is absent', () => {
    for (const identifier of ['0f1e2d3', 'a'.repeat(40), 'v1.2.3', '2.0.1-rc.1']) {
      expect(check({ ...complete(), modules: [{ ...complete().modules[0]!, identifier }] }, 'code-pinned')?.pass).toBe(
        true,
      );
    }
    expect(
      check(
        { ...complete(), modules: [{ ...complete().modules[0]!, identifier: null, version: '1.4.0' }] },
        'code-pinned',
      )?.pass,
    ).toBe(true);
    expect(
      check(
        { ...complete(), modules: [{ ...complete().modules[0]!, identifier: 'HEAD', version: null }] },
        'code-pinned',
      )?.reason,
    ).toContain('m');
  });

  it('maps scores to levels at the thresholds', () => {
    expect(COMPLETENESS_THRESHOLDS).toEqual({ green: 1, amber: 0.5 });
    expect(levelFor(1)).toBe('green');
    expect(levelFor(5 / 6)).toBe('amber');
    expect(levelFor(0.5)).toBe('amber');
    expect(levelFor(2 / 6)).toBe('red');
    expect(levelFor(0)).toBe('red');
    const bare: Meta = { ...complete(), environment: null, modules: [], run: null, replay: null };
    expect(scoreCompleteness(bare, true)).toMatchObject({ level: 'red', score: 1 / 6 });
  });
});

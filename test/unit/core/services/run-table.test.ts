import { describe, expect, it } from 'vitest';
import { contract } from '../../../../src-main/common/contract';
import { listBundles, runColumns } from '../../../../src-main/core/services/bundle-queries';
import type { BundleMetadata } from '../../../../src-main/common/schemas/bundle';
import { addBundle, governanceStore, runMeta, sha } from '../governance/governance-helpers';

function withRun(name: string, run: Partial<NonNullable<BundleMetadata['run']>> | null): BundleMetadata {
  const m = runMeta(name, 'dana@example.org', [['loader', '1.0']]);
  if (run === null) return m;
  return {
    ...m,
    run: {
      id: `run-${name}`,
      name,
      hypothesis: null,
      startTime: null,
      endTime: null,
      agent: null,
      parameters: {},
      metrics: {},
      ...run,
    },
  };
}

async function store() {
  const s = await governanceStore('2026-03-10T09:00:00.000Z');
  addBundle(
    s.store,
    sha('1'),
    withRun('a', {
      metrics: { accuracy: 0.9, 'val/loss': 0.3 },
      parameters: { C: 0.1, solver: 'lbfgs' },
      startTime: '2026-03-01T10:00:00Z',
    }),
  );
  addBundle(
    s.store,
    sha('2'),
    withRun('b', {
      metrics: { accuracy: 0.95 },
      parameters: { C: 1, solver: 'saga' },
      startTime: '2026-03-02T10:00:00Z',
    }),
  );
  addBundle(
    s.store,
    sha('3'),
    withRun('c', { metrics: { accuracy: 0.8, 'val/loss': 0.5 }, parameters: { C: 10, solver: 'lbfgs' } }),
  );
  addBundle(s.store, sha('4'), withRun('d', null)); // no run at all
  return s.store;
}

const base = { sort: 'name', direction: 'asc', offset: 0, limit: 50 } as const;

describe('the run table (bundles:list with runs)', () => {
  it('lists each bundle with its run cells when asked, and none otherwise', async () => {
    const s = await store();
    const r = listBundles(s, { ...base, withRun: true });
    expect(r.bundles.map((b) => b.run?.metrics ?? null)).toEqual([
      { accuracy: 0.9, 'val/loss': 0.3 },
      { accuracy: 0.95 },
      { accuracy: 0.8, 'val/loss': 0.5 },
      null,
    ]);
    expect(r.bundles[0]!.run).toMatchObject({
      id: 'run-a',
      params: { C: 0.1, solver: 'lbfgs' },
      startTime: '2026-03-01T10:00:00Z',
    });
    expect(listBundles(s, base).bundles[0]).not.toHaveProperty('run');
  });

  it('sorts on a metric either way, runs without it last; names with slashes are just names', async () => {
    const s = await store();
    const names = (r: ReturnType<typeof listBundles>) => r.bundles.map((b) => b.name);
    expect(
      names(listBundles(s, { ...base, sortKey: { kind: 'metric', name: 'accuracy' }, direction: 'desc' })),
    ).toEqual(['b', 'a', 'c', 'd']);
    expect(names(listBundles(s, { ...base, sortKey: { kind: 'metric', name: 'accuracy' }, direction: 'asc' }))).toEqual(
      ['c', 'a', 'b', 'd'],
    );
    expect(names(listBundles(s, { ...base, sortKey: { kind: 'metric', name: 'val/loss' } }))).toEqual([
      'a',
      'c',
      'b',
      'd',
    ]);
    expect(names(listBundles(s, { ...base, sort: 'runStart', direction: 'desc' }))).toEqual(['b', 'a', 'c', 'd']);
  });

  it('filters on metrics (as numbers) and parameters (as written), all filters holding', async () => {
    const s = await store();
    const names = (filters: Parameters<typeof listBundles>[1]['filters']) =>
      listBundles(s, { ...base, filters }).bundles.map((b) => b.name);
    expect(names([{ kind: 'metric', name: 'accuracy', op: '>=', value: 0.9 }])).toEqual(['a', 'b']);
    expect(names([{ kind: 'param', name: 'solver', op: '=', value: 'lbfgs' }])).toEqual(['a', 'c']);
    expect(names([{ kind: 'param', name: 'solver', op: '!=', value: 'lbfgs' }])).toEqual(['b']);
    expect(
      names([
        { kind: 'param', name: 'C', op: '<', value: 5 },
        { kind: 'param', name: 'solver', op: 'contains', value: 'bf' },
      ]),
    ).toEqual(['a']);
    expect(names([{ kind: 'metric', name: 'no such metric', op: '>', value: 0 }])).toEqual([]);
    // A LIKE wildcard in the value is literal text.
    expect(names([{ kind: 'param', name: 'solver', op: 'contains', value: '%' }])).toEqual([]);
    expect(
      listBundles(s, { ...base, filters: [{ kind: 'metric', name: 'accuracy', op: '>', value: 0.85 }] }).total,
    ).toBe(2);
  });

  it('offers the columns the runs hold, most common first', async () => {
    const s = await store();
    expect(runColumns(s)).toEqual({
      metrics: [
        { name: 'accuracy', bundles: 3 },
        { name: 'val/loss', bundles: 2 },
      ],
      params: [
        { name: 'C', bundles: 3, values: 3 },
        { name: 'solver', bundles: 3, values: 2 },
      ],
    });
  });

  it('refuses bad requests with words naming the field', () => {
    const req = contract['bundles:list'].request;
    const bad = req.safeParse({ filters: [{ kind: 'metric', name: 'accuracy', op: '>', value: 'high' }] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({
      path: ['filters', 0, 'value'],
      message: 'a <, <=, > or >= filter compares with a number',
    });
    expect(req.safeParse({ sortKey: { kind: 'metric', name: ' ' } }).error?.issues[0]?.message).toBe(
      'name the metric or parameter',
    );
    expect(req.safeParse({ sortKey: { kind: 'column', name: 'x' } }).success).toBe(false);
    expect(
      req.safeParse({ filters: Array.from({ length: 21 }, () => ({ kind: 'metric', name: 'a', op: '=', value: 1 })) })
        .success,
    ).toBe(false);
  });
});

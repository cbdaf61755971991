import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { calls, flush, last, requests } from './api-stub';
import { DEFAULT_COLUMNS, parseColumns, toggleColumn } from '../../../src-renderer/store/run-table-columns';
import { readFilter } from '../../../src-renderer/features/bundles/run-table-controls';
import { compareRuns } from '../../../src-renderer/features/bundles/runs-compare';

vi.mock('../../../src-renderer/api/client', async () => (await import('./api-stub')).client);

const { useAppStore } = await import('../../../src-renderer/store/app-store');
const state = () => useAppStore.getState();

beforeEach(() => {
  calls.length = 0;
  useAppStore.setState(useAppStore.getInitialState(), true);
});
afterEach(() => vi.unstubAllGlobals());

describe('run table columns', () => {
  it('reads a stored choice, dropping what this version does not know; defaults when there is none or it is garbage', () => {
    expect(parseColumns(null)).toEqual(DEFAULT_COLUMNS);
    expect(parseColumns('not json')).toEqual(DEFAULT_COLUMNS);
    expect(parseColumns('{"a":1}')).toEqual(DEFAULT_COLUMNS);
    expect(parseColumns('["author","metric:accuracy","metric:accuracy","param:C","bogus","metric:",7]')).toEqual([
      'author',
      'metric:accuracy',
      'param:C',
    ]);
    expect(parseColumns('[]')).toEqual([]);
  });

  it('toggles a column on (appended) and off', () => {
    expect(toggleColumn(['author'], 'metric:f1')).toEqual(['author', 'metric:f1']);
    expect(toggleColumn(['author', 'metric:f1'], 'author')).toEqual(['metric:f1']);
  });
});

describe('bundles slice: the run table', () => {
  it('asks for runs; a metric column sorts highest first, again flips it; a bundle column clears it', () => {
    state().setRunSort({ kind: 'metric', name: 'accuracy' });
    state().setRunSort({ kind: 'metric', name: 'accuracy' });
    state().setRunSort({ kind: 'param', name: 'C' });
    state().setBundleSort('runStart');
    const sent = requests('bundles:list') as { sortKey?: unknown; sort: string; direction: string; withRun: boolean }[];
    expect(sent.map((r) => [r.sortKey ?? null, r.sort, r.direction, r.withRun])).toEqual([
      [{ kind: 'metric', name: 'accuracy' }, 'importedAt', 'desc', true],
      [{ kind: 'metric', name: 'accuracy' }, 'importedAt', 'asc', true],
      [{ kind: 'param', name: 'C' }, 'importedAt', 'asc', true],
      [null, 'runStart', 'desc', true],
    ]);
  });

  it('adds and removes filters, each change reloading the list with all of them', async () => {
    state().addBundleFilter({ kind: 'metric', name: 'accuracy', op: '>=', value: 0.9 });
    state().addBundleFilter({ kind: 'param', name: 'solver', op: '=', value: 'lbfgs' });
    state().removeBundleFilter(0);
    expect((requests('bundles:list') as { filters?: unknown[] }[]).map((r) => r.filters?.length ?? 0)).toEqual([
      1, 2, 1,
    ]);
    expect(last('bundles:list').request).toMatchObject({ filters: [{ name: 'solver' }] });
    last('bundles:list').answer.resolve({ bundles: [], total: 0 });
    await flush();
    expect(state().bundleList).toMatchObject({ loaded: true, total: 0, filters: [{ name: 'solver' }] });
  });

  it('keeps the column choice in localStorage', () => {
    const stored = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => stored.get(k) ?? null,
      setItem: (k: string, v: string) => stored.set(k, v),
      removeItem: (k: string) => stored.delete(k),
    });
    state().toggleBundleColumn('metric:accuracy');
    expect(JSON.parse(stored.get('provdesk.runTable.columns')!)).toEqual([...DEFAULT_COLUMNS, 'metric:accuracy']);
    expect(state().bundleColumns.at(-1)).toBe('metric:accuracy');
  });

  it('selects runs to compare in the order ticked, at most eight, and clears them', () => {
    for (const d of ['a', 'b', 'a', 'c']) state().toggleBundleSelected(d);
    expect(state().bundleSelection).toEqual(['b', 'c']);
    for (const d of '0123456789') state().toggleBundleSelected(d);
    expect(state().bundleSelection).toHaveLength(8);
    state().clearBundleSelection();
    expect(state().bundleSelection).toEqual([]);
  });

  it('loads the column names; a failure is its error', async () => {
    const p = state().loadRunColumns();
    last('bundles:runColumns').answer.reject(new Error('store closed'));
    await p;
    expect(state().runColumns).toMatchObject({ data: null, error: 'store closed' });
  });
});

describe('readFilter', () => {
  it('names the field at fault in words', () => {
    expect(readFilter('metric', '', '>=', '1')).toEqual({ error: 'Choose a metric to filter on.' });
    expect(readFilter('param', 'C', '=', '  ')).toEqual({ error: 'Value: type what to compare with.' });
    expect(readFilter('metric', 'accuracy', '=', 'high')).toEqual({
      error: 'Value: “high” is not a number; a metric compares with numbers.',
    });
    expect(readFilter('param', 'solver', '>', 'lbfgs')).toEqual({
      error: 'Value: “lbfgs” is not a number; > compares with numbers.',
    });
  });
  it('keeps numbers as numbers and text as text', () => {
    expect(readFilter('metric', 'accuracy', '>=', ' 0.9 ')).toEqual({
      filter: { kind: 'metric', name: 'accuracy', op: '>=', value: 0.9 },
    });
    expect(readFilter('param', 'solver', '=', 'lbfgs')).toEqual({
      filter: { kind: 'param', name: 'solver', op: '=', value: 'lbfgs' },
    });
    expect(readFilter('param', 'tag', 'contains', '12')).toEqual({
      filter: { kind: 'param', name: 'tag', op: 'contains', value: '12' },
    });
  });
});

describe('compareRuns', () => {
  it('gives every metric with its delta from the first run, and the parameters, differing first', () => {
    const c = compareRuns([
      { digest: 'a', label: 'a', metrics: { accuracy: 0.9, loss: 0.3 }, params: { C: 1, seed: 0 } },
      { digest: 'b', label: 'b', metrics: { accuracy: 0.95 }, params: { C: 10, seed: 0 } },
    ]);
    expect(c.metrics).toEqual([
      { name: 'accuracy', values: [0.9, 0.95], deltas: [null, expect.closeTo(0.05, 10)] },
      { name: 'loss', values: [0.3, null], deltas: [null, null] },
    ]);
    expect(c.params).toEqual([
      { name: 'C', values: ['1', '10'], differs: true },
      { name: 'seed', values: ['0', '0'], differs: false },
    ]);
  });
});

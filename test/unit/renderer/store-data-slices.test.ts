import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { calls, flush, last, pending, requests } from './api-stub';

// The IPC boundary is replaced; the store under test is the real one.
vi.mock('../../../src-renderer/api/client', async () => (await import('./api-stub')).client);

const { useAppStore } = await import('../../../src-renderer/store/app-store');

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const state = () => useAppStore.getState();
const markLoaded = (key: 'audit', patch: object = {}) =>
  useAppStore.setState((s) => ({ [key]: { ...s[key], log: { ...s[key].log, loaded: true, ...patch } } }));

beforeEach(() => {
  calls.length = 0;
  useAppStore.setState(useAppStore.getInitialState(), true);
});

describe('info slice', () => {
  it('loads the app info; a failure is its error, and the newest answer wins', async () => {
    const first = state().loadInfo();
    expect(state().info).toEqual({ data: null, loading: true, error: null });
    const second = state().loadInfo();
    pending('app:info')[1]!.answer.resolve({ version: '2' });
    await second;
    pending('app:info')[0]!.answer.resolve({ version: '1' });
    await first;
    expect(state().info).toEqual({ data: { version: '2' }, loading: false, error: null });
    const third = state().loadInfo();
    last('app:info').answer.reject(new Error('unauthorized'));
    await third;
    expect(state().info).toEqual({ data: { version: '2' }, loading: false, error: 'unauthorized' });
  });
});

describe('prefs slice', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });
  it('keeps a chosen theme, applies it to the page, and forgets it for "system"', () => {
    const stored = new Map<string, string>();
    const root = { dataset: {} as Record<string, string> };
    vi.stubGlobal('document', { documentElement: root });
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => stored.get(k) ?? null,
      setItem: (k: string, v: string) => stored.set(k, v),
      removeItem: (k: string) => stored.delete(k),
    });
    state().setTheme('dark');
    expect([state().theme, root.dataset.theme, stored.get('provdesk.theme')]).toEqual(['dark', 'dark', 'dark']);
    state().setTheme('system');
    expect([state().theme, root.dataset.theme, stored.has('provdesk.theme')]).toEqual(['system', 'system', false]);
    expect(calls).toHaveLength(0);
  });
});

describe('dashboard slice', () => {
  it('keeps the last figures beside the error of a failed refresh, and drops a stale answer', async () => {
    const first = state().loadDashboard();
    last('dashboard:get').answer.resolve({ generatedAt: 't1' });
    await first;
    const older = state().loadDashboard();
    const newer = state().loadDashboard();
    expect(state().dashboard).toMatchObject({ data: { generatedAt: 't1' }, loading: true });
    pending('dashboard:get')[2]!.answer.reject(new Error('core busy'));
    await newer;
    pending('dashboard:get')[1]!.answer.resolve({ generatedAt: 't2' });
    await older;
    expect(state().dashboard).toEqual({ data: { generatedAt: 't1' }, loading: false, error: 'core busy' });
  });
});

describe('bundles slice', () => {
  it('asks with the search, state and sort; a newer search supersedes an older one still on its way', async () => {
    state().setBundleQuery('  iris ');
    state().setBundleState('approved');
    expect(requests('bundles:list')).toEqual([
      { query: 'iris', sort: 'importedAt', direction: 'desc', withRun: true, offset: 0, limit: 20_000 },
      {
        query: 'iris',
        state: 'approved',
        sort: 'importedAt',
        direction: 'desc',
        withRun: true,
        offset: 0,
        limit: 20_000,
      },
    ]);
    pending('bundles:list')[1]!.answer.resolve({ bundles: [{ name: 'approved iris' }], total: 1 });
    await flush();
    pending('bundles:list')[0]!.answer.resolve({ bundles: [{ name: 'any iris' }, { name: 'other' }], total: 2 });
    await flush();
    expect(state().bundleList).toMatchObject({
      rows: [{ name: 'approved iris' }],
      total: 1,
      loaded: true,
      loading: false,
      query: '  iris ',
      state: 'approved',
    });
  });

  it('a new column sorts ascending (dates newest first); the same column again flips it', () => {
    state().setBundleSort('name');
    state().setBundleSort('name');
    state().setBundleSort('importedAt');
    expect(
      requests('bundles:list').map(
        (r) => (r as { sort: string; direction: string }).sort + ' ' + (r as { direction: string }).direction,
      ),
    ).toEqual(['name asc', 'name desc', 'importedAt desc']);
  });

  it('a failed load says so and keeps the rows shown', async () => {
    const first = state().loadBundles();
    last('bundles:list').answer.resolve({ bundles: [{ name: 'x' }], total: 1 });
    await first;
    const second = state().loadBundles();
    expect(state().bundleList.loading).toBe(true);
    last('bundles:list').answer.reject(new Error('database locked'));
    await second;
    expect(state().bundleList).toMatchObject({ rows: [{ name: 'x' }], loading: false, error: 'database locked' });
  });
});

describe('bundle detail slice', () => {
  it('opening another bundle clears the first at once; its late answer is dropped; an error stays with its bundle', async () => {
    const a = state().loadBundle(A);
    const b = state().loadBundle(B);
    expect(state().bundleDetail).toEqual({ key: B, data: null, loading: true, error: null });
    pending('bundles:get')[1]!.answer.reject(new Error('no such bundle'));
    await b;
    pending('bundles:get')[0]!.answer.resolve({ summary: { name: 'A' } });
    await a;
    expect(state().bundleDetail).toEqual({ key: B, data: null, loading: false, error: 'no such bundle' });
    expect(requests('bundles:get')).toEqual([{ digest: A }, { digest: B }]);
  });
});

describe('import slice', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('polls a running import and, once it ends, refreshes the list, the info and a loaded audit log and chain', async () => {
    vi.useFakeTimers();
    markLoaded('audit');
    const done = state().startImport({ kind: 'sample' } as never, 'sample bundle');
    expect(state().importState).toMatchObject({ label: 'sample bundle', phase: 'starting' });
    last('import:start').answer.resolve({ jobId: 'j1' });
    await vi.advanceTimersByTimeAsync(0);
    expect(state().importState).toMatchObject({ phase: 'running', job: { id: 'j1', state: 'running' } });
    last('import:status').answer.resolve({ id: 'j1', state: 'running', progress: { stage: 'digests' } });
    await done;
    expect(state().importState.job).toMatchObject({ progress: { stage: 'digests' } });
    await vi.advanceTimersByTimeAsync(250);
    expect(pending('import:status')).toHaveLength(2);
    last('import:status').answer.resolve({ id: 'j1', state: 'succeeded', result: { ok: true } });
    await vi.advanceTimersByTimeAsync(0);
    expect(state().importState).toMatchObject({ phase: 'finished', job: { state: 'succeeded' } });
    expect(
      [pending('bundles:list'), pending('app:info'), pending('audit:list'), pending('audit:verify')].map(
        (p) => p.length,
      ),
    ).toEqual([1, 1, 1, 1]);
  });

  it('leaves the audit log alone when it was never loaded', async () => {
    const done = state().startImport({ kind: 'sample' } as never, 'sample');
    last('import:start').answer.resolve({ jobId: 'j1' });
    await flush();
    last('import:status').answer.resolve({ id: 'j1', state: 'failed' });
    await done;
    expect([pending('bundles:list').length, pending('app:info').length, pending('audit:list').length]).toEqual([
      1, 1, 0,
    ]);
  });

  it('a failed start is the import error; dismissing stops the polling and drops a late status', async () => {
    const refused = state().startImport({ kind: 'sample' } as never, 'sample');
    last('import:start').answer.reject(new Error('not a bag'));
    await refused;
    expect(state().importState).toMatchObject({ phase: 'finished', error: 'not a bag' });
    state().dismissImport();
    expect(state().importState.phase).toBe('idle');

    vi.useFakeTimers();
    const done = state().startImport({ kind: 'sample' } as never, 'again');
    last('import:start').answer.resolve({ jobId: 'j2' });
    await vi.advanceTimersByTimeAsync(0);
    last('import:status').answer.resolve({ id: 'j2', state: 'running' });
    await done;
    useAppStore.setState((s) => ({ importState: { ...s.importState, phase: 'finished' } })); // as if it ended
    state().dismissImport();
    await vi.advanceTimersByTimeAsync(1000);
    expect(pending('import:status')).toHaveLength(1);
    expect(state().importState.phase).toBe('idle');
  });

  it('a dropped file is uploaded, then imported under its name', async () => {
    const done = state().importFile({ name: 'run.zip' } as File);
    await flush();
    expect(last('import:start').request).toEqual({ source: { kind: 'path', path: '/uploads/run.zip' } });
    expect(state().importState).toMatchObject({ label: 'run.zip', phase: 'starting' });
    last('import:start').answer.reject(new Error('disk full'));
    await done;
    expect(state().importState).toMatchObject({ phase: 'finished', error: 'disk full' });
  });
});

describe('audit slice', () => {
  it('pages the log: the next page from where the rows end, none while one loads, none past the total', async () => {
    const first = state().loadAudit();
    last('audit:list').answer.resolve({ entries: [{ seq: 3 }, { seq: 2 }], total: 3 });
    await first;
    const more = state().loadMoreAudit();
    void state().loadMoreAudit();
    expect(requests('audit:list')).toEqual([
      { offset: 0, limit: 500 },
      { offset: 2, limit: 500 },
    ]);
    last('audit:list').answer.resolve({ entries: [{ seq: 1 }], total: 3 });
    await more;
    expect(state().audit.log).toMatchObject({
      rows: [{ seq: 3 }, { seq: 2 }, { seq: 1 }],
      total: 3,
      loaded: true,
      loading: false,
    });
    await state().loadMoreAudit();
    expect(pending('audit:list')).toHaveLength(2);
  });

  it('new filters reload from the first page and drop the answer to the old ones', async () => {
    const first = state().loadAudit();
    state().setAuditFilters({ actor: ' ann ', from: '2026-01-02T03:04' });
    const q = last('audit:list').request as Record<string, unknown>;
    expect(q).toMatchObject({ offset: 0, limit: 500, actor: 'ann' });
    expect(typeof q.from).toBe('string');
    last('audit:list').answer.resolve({ entries: [{ seq: 9 }], total: 1 });
    await flush();
    pending('audit:list')[0]!.answer.resolve({ entries: [{ seq: 1 }, { seq: 2 }], total: 2 });
    await first;
    expect(state().audit.log).toMatchObject({ rows: [{ seq: 9 }], total: 1, filters: { actor: ' ann ' } });
  });

  it('the chain check, the checkpoints and the store key each keep their own loading and error', async () => {
    const chain = state().verifyChain();
    const kept = state().loadCheckpoints();
    expect(state().audit.chain.loading).toBe(true);
    last('audit:verify').answer.reject(new Error('verify failed'));
    last('audit:checkpoints').answer.resolve({ checkpoints: [{ id: 1 }] });
    await Promise.all([chain, kept]);
    expect(state().audit.chain).toEqual({ data: null, loading: false, error: 'verify failed' });
    expect(state().audit.checkpoints).toMatchObject({ rows: [{ id: 1 }], loaded: true, error: null });
  });

  it('an export (audited) refreshes the log, the chain and the store key; a kept checkpoint refreshes the list, the log and the chain', async () => {
    const exported = state().exportAudit('csv', 'pw');
    expect(last('audit:export').request).toEqual({ format: 'csv', passphrase: 'pw' });
    last('audit:export').answer.resolve({ fileName: 'audit.csv', content: '', entries: 1, checkpoint: {} });
    await exported;
    expect([pending('audit:list').length, pending('audit:verify').length, pending('audit:storeKey').length]).toEqual([
      1, 1, 1,
    ]);
    const notKept = state().importCheckpoint('{}');
    last('audit:importCheckpoint').answer.resolve({ imported: false, problems: [{ code: 'checkpoint-duplicate' }] });
    await notKept;
    expect(pending('audit:checkpoints')).toHaveLength(0);
    const kept = state().importCheckpoint('{"signed": 1}');
    last('audit:importCheckpoint').answer.resolve({ imported: true, problems: [] });
    await kept;
    expect([pending('audit:checkpoints').length, pending('audit:list').length, pending('audit:verify').length]).toEqual(
      [1, 2, 2],
    );
    expect(JSON.stringify(state())).not.toContain('"pw"');
  });
});

describe('licenses slice', () => {
  it('pages the artifacts with their counts, under the filters', async () => {
    state().setLicenseFilters({ status: 'denied', text: ' mit ' });
    expect(last('licenses:list').request).toEqual({ offset: 0, limit: 1000, status: 'denied', text: 'mit' });
    last('licenses:list').answer.resolve({ rows: [{ path: 'a' }], total: 2, counts: { denied: 2 } });
    await flush();
    const more = state().loadMoreLicenses();
    expect(last('licenses:list').request).toEqual({ offset: 1, limit: 1000, status: 'denied', text: 'mit' });
    last('licenses:list').answer.resolve({ rows: [{ path: 'b' }], total: 2, counts: { denied: 2 } });
    await more;
    expect(state().licenseTable).toMatchObject({
      rows: [{ path: 'a' }, { path: 'b' }],
      total: 2,
      counts: { denied: 2 },
      loaded: true,
    });
  });

  it('drops the answer to older filters; a failed load keeps the rows beside its error', async () => {
    const old = state().loadLicenses();
    state().setLicenseFilters({ role: 'model' });
    last('licenses:list').answer.reject(new Error('timeout'));
    await flush();
    pending('licenses:list')[0]!.answer.resolve({ rows: [{ path: 'stale' }], total: 1, counts: {} });
    await old;
    expect(state().licenseTable).toMatchObject({ rows: [], loaded: false, loading: false, error: 'timeout' });
  });

  it("one bundle's verdict: another bundle's never shows under it", async () => {
    const a = state().loadBundleLicenses(A);
    const b = state().loadBundleLicenses(B);
    pending('licenses:bundle')[1]!.answer.resolve({ verdict: 'allowed' });
    await b;
    pending('licenses:bundle')[0]!.answer.resolve({ verdict: 'denied' });
    await a;
    expect(state().bundleLicenses).toEqual({ key: B, data: { verdict: 'allowed' }, loading: false, error: null });
  });
});

describe('access slice', () => {
  it('a saved policy that changed replaces the shown one and re-reads the verdicts (the table and the open bundle)', async () => {
    useAppStore.setState({ bundleLicenses: { key: A, data: null, loading: false, error: null } });
    const saved = state().savePolicy('{}', '  tighter  ');
    expect(last('policy:set').request).toEqual({ text: '{}', note: 'tighter' });
    expect(state().policySave.loading).toBe(true);
    last('policy:set').answer.resolve({ saved: true, changed: true, problems: [], policy: { version: 2 } });
    expect(await saved).toBe(true);
    expect(state().policy.data).toEqual({ version: 2 });
    expect(state().policySave).toMatchObject({ loading: false, data: { saved: true, changed: true } });
    expect(pending('licenses:list')).toHaveLength(1);
    expect(requests('licenses:bundle')).toEqual([{ digest: A }]);
  });

  it('a policy with problems is not saved: they are kept to show, until cleared; a failed save is an error', async () => {
    const rejected = state().savePolicy('{"deny": 1}', '');
    last('policy:set').answer.resolve({
      saved: false,
      changed: false,
      problems: [{ message: 'deny: not a list' }],
      policy: null,
    });
    expect(await rejected).toBe(false);
    expect(state().policySave.data?.problems).toEqual([{ message: 'deny: not a list' }]);
    expect(pending('licenses:list')).toHaveLength(0);
    state().clearPolicyProblems();
    expect(state().policySave.data).toBeNull();
    const failed = state().savePolicy('{}', '');
    last('policy:set').answer.reject(new Error('not JSON'));
    expect(await failed).toBe(false);
    expect(state().policySave).toMatchObject({ loading: false, error: 'not JSON' });
  });

  it('a grant added or revoked reloads the grants and the artifacts; a refused one throws', async () => {
    const added = state().addGrant({ grantee: 'ann', dataset: 'd', agreement: 'DUA' });
    last('access:grant').answer.resolve({ id: 'g1' });
    await flush();
    last('access:grants').answer.resolve({ grants: [{ id: 'g1' }] });
    last('licenses:list').answer.resolve({ rows: [], total: 0, counts: {} });
    expect(await added).toEqual({ id: 'g1' });
    expect(state().grants).toMatchObject({ rows: [{ id: 'g1' }], loaded: true });
    const refused = state().revokeGrant('g1', '');
    last('access:revoke').answer.reject(new Error('why the grant is revoked'));
    await expect(refused).rejects.toThrow('why the grant is revoked');
    expect(pending('access:grants')).toHaveLength(1);
  });

  it('the access log under its filters: the newest answer wins', async () => {
    const first = state().loadAccessLog();
    state().setAccessLogFilters({ actor: ' ann ', outcome: 'refused' });
    expect(last('access:events').request).toEqual({ offset: 0, limit: 1000, actor: 'ann', outcome: 'refused' });
    last('access:events').answer.resolve({ events: [{ id: 'e2' }], total: 1 });
    await flush();
    pending('access:events')[0]!.answer.resolve({ events: [{ id: 'e1' }, { id: 'e2' }], total: 2 });
    await first;
    expect(state().accessLog).toMatchObject({
      rows: [{ id: 'e2' }],
      total: 1,
      loaded: true,
      filters: { actor: ' ann ', purpose: '', outcome: 'refused' },
    });
  });
});

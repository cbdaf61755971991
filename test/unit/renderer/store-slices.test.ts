import { beforeEach, describe, expect, it, vi } from 'vitest';
import { calls, flush, last, pending, requests } from './api-stub';

// The IPC boundary is replaced; the store under test is the real one.
vi.mock('../../../src-renderer/api/client', async () => (await import('./api-stub')).client);

const { useAppStore } = await import('../../../src-renderer/store/app-store');

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const state = () => useAppStore.getState();

beforeEach(() => {
  calls.length = 0;
  useAppStore.setState(useAppStore.getInitialState(), true);
});

describe('replays slice in the app store', () => {
  it('drops a stale history answer: the bundle opened last keeps its rows', async () => {
    const first = state().loadReplayHistory(A);
    const second = state().loadReplayHistory(B);
    const [ca, cb] = pending('replay:list');
    cb!.answer.resolve({ replays: [{ id: 'rb' }], total: 1 });
    await second;
    ca!.answer.resolve({ replays: [{ id: 'ra' }], total: 1 });
    await first;
    expect(state().replays.history).toMatchObject({
      key: B,
      rows: [{ id: 'rb' }],
      total: 1,
      loaded: true,
      loading: false,
    });
  });

  it("never shows another bundle's history while a bundle's own loads; a failure stays with its bundle", async () => {
    const a = state().loadReplayHistory(A);
    last('replay:list').answer.resolve({ replays: [{ id: 'ra' }], total: 1 });
    await a;
    const b = state().loadReplayHistory(B);
    expect(state().replays.history).toMatchObject({ key: B, rows: [], loaded: false, loading: true });
    expect(last('replay:list').request).toEqual({ digest: B, offset: 0, limit: 1000 });
    last('replay:list').answer.reject(new Error('store closed'));
    await b;
    expect(state().replays.history).toMatchObject({ key: B, rows: [], loading: false, error: 'store closed' });
  });

  it('a finished replay refreshes the history, the Replays list, the info and a loaded audit log of the same store', async () => {
    useAppStore.setState((s) => ({
      audit: { ...s.audit, log: { ...s.audit.log, loaded: true } },
      replays: { ...s.replays, history: { ...s.replays.history, key: A }, all: { ...s.replays.all, loaded: true } },
    }));
    const done = state().startReplay(A);
    expect(state().replays.run.phase).toBe('starting');
    last('replay:start').answer.resolve({ jobId: 'j1' });
    await flush();
    expect(state().replays.run.phase).toBe('running');
    last('replay:status').answer.resolve({ id: 'j1', state: 'succeeded' });
    await done;
    expect(state().replays.run.phase).toBe('finished');
    expect(requests('replay:list')).toEqual([
      { digest: A, offset: 0, limit: 1000 },
      { offset: 0, limit: 1000 },
    ]);
    expect(pending('app:info')).toHaveLength(1);
    expect(pending('audit:list')).toHaveLength(1);
  });

  it('a failed start request is shown as the run error and the run can be dismissed', async () => {
    const done = state().startReplay(A);
    last('replay:start').answer.reject(new Error('no grant'));
    await done;
    expect(state().replays.run).toMatchObject({ phase: 'finished', error: 'no grant' });
    state().dismissReplay();
    expect(state().replays.run.phase).toBe('idle');
  });

  it('a failed status request ends the run with its error; a replay that ran is a verdict, not an error', async () => {
    const done = state().startReplay(A, 64, 'audited reason');
    expect(last('replay:start').request).toEqual({ digest: A, batchSize: 64, override: 'audited reason' });
    last('replay:start').answer.resolve({ jobId: 'j1' });
    await flush();
    last('replay:status').answer.reject(new Error('the worker is gone'));
    await done;
    expect(state().replays.run).toMatchObject({ phase: 'finished', error: 'the worker is gone' });
  });

  it('one stored result: opening another replay clears the first at once and drops its late answer', async () => {
    const first = state().loadReplayRecord('r1');
    const second = state().loadReplayRecord('r2');
    expect(state().replays.record).toMatchObject({ key: 'r2', data: null, loading: true });
    pending('replay:get')[1]!.answer.resolve({ id: 'r2' });
    await second;
    pending('replay:get')[0]!.answer.resolve({ id: 'r1' });
    await first;
    expect(state().replays.record).toEqual({ key: 'r2', data: { id: 'r2' }, loading: false, error: null });
  });

  it('every replay: the newest answer wins and the rows stay while it reloads', async () => {
    const first = state().loadAllReplays();
    last('replay:list').answer.resolve({ replays: [{ id: 'x' }], total: 1 });
    await first;
    const second = state().loadAllReplays();
    expect(state().replays.all).toMatchObject({ rows: [{ id: 'x' }], loading: true, key: null });
    last('replay:list').answer.reject(new Error('busy'));
    await second;
    expect(state().replays.all).toMatchObject({ rows: [{ id: 'x' }], loading: false, error: 'busy' });
  });
});

describe('approvals slice in the app store', () => {
  it('keeps its history apart from the replay history', async () => {
    const p = state().loadApprovalHistory(A);
    last('approvals:list').answer.resolve({ approvals: [{ id: 'x' }] });
    await p;
    expect(state().approvals.history).toMatchObject({ key: A, rows: [{ id: 'x' }], loaded: true });
    expect(state().replays.history.key).toBeNull();
  });

  it('drops a stale approval history answer', async () => {
    const first = state().loadApprovalHistory(A);
    const second = state().loadApprovalHistory(B);
    const [ca, cb] = pending('approvals:list');
    expect([ca!.request, cb!.request]).toEqual([{ digest: A }, { digest: B }]);
    cb!.answer.resolve({ approvals: [] });
    await second;
    ca!.answer.resolve({ approvals: [{ id: 'old' }] });
    await first;
    expect(state().approvals.history).toMatchObject({ key: B, rows: [] });
  });

  it('the inbox: loading, then its answer; a failed reload keeps what was shown beside the error', async () => {
    const first = state().loadInbox();
    expect(state().approvals.inbox).toMatchObject({ data: null, loading: true });
    last('approvals:inbox').answer.resolve({ identity: null, items: [{ bundleDigest: A }], total: 1 });
    await first;
    const second = state().loadInbox();
    last('approvals:inbox').answer.reject(new Error('locked'));
    await second;
    expect(state().approvals.inbox).toMatchObject({ data: { total: 1 }, loading: false, error: 'locked' });
  });

  it('after a decision reloads the inbox, and the history only when it shows that bundle', () => {
    useAppStore.setState((s) => ({ approvals: { ...s.approvals, history: { ...s.approvals.history, key: A } } }));
    state().approvalDecided(B);
    expect(pending('approvals:inbox')).toHaveLength(1);
    expect(pending('approvals:list')).toHaveLength(0);
    state().approvalDecided(A);
    expect(pending('approvals:inbox')).toHaveLength(2);
    expect(requests('approvals:list')).toEqual([{ digest: A }]);
  });

  it('a signed decision that was accepted (or a teammate’s imported) refreshes; a refused one does not', async () => {
    useAppStore.setState((s) => ({ approvals: { ...s.approvals, history: { ...s.approvals.history, key: A } } }));
    const refused = state().decide({ digest: A, decision: 'approve', reason: 'ok', justifications: {} });
    last('approvals:decide').answer.resolve({ accepted: false, problems: [], check: {} });
    expect(await refused).toMatchObject({ accepted: false });
    expect(pending('approvals:inbox')).toHaveLength(0);
    const accepted = state().decide({
      digest: A,
      decision: 'approve',
      reason: 'ok',
      justifications: {},
      passphrase: 'pw',
    });
    expect(last('approvals:decide').request).toMatchObject({ passphrase: 'pw' });
    last('approvals:decide').answer.resolve({ accepted: true, problems: [], check: {} });
    await accepted;
    expect(pending('approvals:inbox')).toHaveLength(1);
    expect(requests('approvals:list')).toEqual([{ digest: A }]);
    const imported = state().importDecision('{"payload": "x"}');
    last('approvals:import').answer.resolve({ imported: true, record: { bundleDigest: A }, problems: [], check: null });
    await imported;
    expect(pending('approvals:inbox')).toHaveLength(2);
    expect(JSON.stringify(state())).not.toContain('"pw"');
  });

  it('passes the passphrase to the call and never keeps it in state; a refusal throws', async () => {
    const done = state().createIdentity('Ann', 'ann@example.org', 'correct horse battery');
    expect(last('identity:create').request).toEqual({
      name: 'Ann',
      email: 'ann@example.org',
      passphrase: 'correct horse battery',
    });
    last('identity:create').answer.resolve({ name: 'Ann' });
    await flush();
    last('approvals:inbox').answer.resolve({ identity: { name: 'Ann' }, items: [], total: 0 });
    expect(await done).toEqual({ name: 'Ann' });
    expect(JSON.stringify(state())).not.toContain('correct horse');
    const refused = state().createIdentity('Ann', 'ann@example.org', 'short');
    last('identity:create').answer.reject(new Error('the passphrase is too short'));
    await expect(refused).rejects.toThrow('the passphrase is too short');
  });

  it('reports a team file that was not saved as one line per problem, with its code', async () => {
    const done = state().importTeam('{}');
    last('team:import').answer.resolve({
      saved: false,
      problems: [
        { path: 'members', message: 'is required' },
        { message: 'bad' },
        { code: 'team-rollback', message: 'older' },
      ],
    });
    expect(await done).toEqual(['members: is required', 'bad', 'older (team-rollback)']);
    expect(pending('team:get')).toHaveLength(0);
  });

  it('keeps the admins a team import pinned, and a team edit reloads the team; a refusal comes back in words with its reason', async () => {
    const pin = { version: 1, admins: [{ name: 'Ann', email: 'ann@example.org', keyId: A, fingerprint: 'aaaa' }] };
    const imported = state().importTeam('{"signed": {}}');
    last('team:import').answer.resolve({ saved: true, changed: true, problems: [], team: null, pinned: pin });
    await flush();
    expect(state().approvals.team.pinned).toEqual(pin);
    last('team:get').answer.resolve({
      team: null,
      policyHash: 'p',
      licensePolicy: { version: 1, hash: 'h' },
      localAdmin: true,
    });
    last('approvals:inbox').answer.resolve({ identity: null, items: [], total: 0 });
    expect(await imported).toEqual([]);
    expect(state().approvals.team).toMatchObject({ pinned: pin, data: { localAdmin: true } });

    const added = state().editTeam({
      kind: 'addMember',
      name: 'Bo',
      email: 'bo@example.org',
      publicKey: 'k',
      role: 'reviewer',
      passphrase: 'pw',
    });
    expect(last('team:addMember').request).toEqual({
      name: 'Bo',
      email: 'bo@example.org',
      publicKey: 'k',
      role: 'reviewer',
      passphrase: 'pw',
    });
    last('team:addMember').answer.resolve({ imported: true, version: 2, pinned: null });
    await flush();
    expect(pending('team:get')).toHaveLength(2);
    last('team:get').answer.resolve({
      team: null,
      policyHash: 'p',
      licensePolicy: { version: 1, hash: 'h' },
      localAdmin: true,
    });
    last('approvals:inbox').answer.resolve({ identity: null, items: [], total: 0 });
    expect(await added).toMatchObject({ version: 2 });
    expect(state().approvals.team.pinned).toEqual(pin); // a reload keeps what the import pinned

    const refused = state().editTeam({ kind: 'set', quorum: 2 });
    last('team:set').answer.reject(
      Object.assign(new Error('only an admin of version 2 may sign version 3'), {
        details: { reason: 'team-not-admin' },
      }),
    );
    await expect(refused).rejects.toThrow('only an admin of version 2 may sign version 3 (team-not-admin)');
    expect(JSON.stringify(state())).not.toContain('"pw"');
  });

  it('modules: the list loads; new owners replace that module in it; a refusal throws and changes nothing', async () => {
    const load = state().loadModules();
    last('modules:list').answer.resolve({
      modules: [
        { name: 'loader', owners: [] },
        { name: 'train', owners: [] },
      ],
    });
    await load;
    expect(state().approvals.modules).toMatchObject({ loaded: true, rows: [{ name: 'loader' }, { name: 'train' }] });
    const set = state().setModuleOwners('train', ['lee@example.org']);
    last('modules:setOwners').answer.resolve({ name: 'train', owners: ['lee@example.org'] });
    await set;
    expect(state().approvals.modules.rows).toEqual([
      { name: 'loader', owners: [] },
      { name: 'train', owners: ['lee@example.org'] },
    ]);
    const refused = state().setModuleOwners('loader', ['x@example.org']);
    last('modules:setOwners').answer.reject(new Error('not an admin'));
    await expect(refused).rejects.toThrow('not an admin');
    expect(state().approvals.modules.rows[0]).toEqual({ name: 'loader', owners: [] });
  });
});

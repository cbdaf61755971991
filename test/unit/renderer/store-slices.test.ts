import { beforeEach, describe, expect, it, vi } from 'vitest';

// The IPC boundary is replaced; the store under test is the real one.
const calls: { channel: string; request: unknown; answer: Deferred }[] = [];
vi.mock('../../../src-renderer/api/client', () => ({
  call: (channel: string, request: unknown) => {
    const answer = deferred();
    calls.push({ channel, request, answer });
    return answer.promise;
  },
}));

const { useAppStore } = await import('../../../src-renderer/store/app-store');

interface Deferred {
  promise: Promise<unknown>;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}
function deferred(): Deferred {
  let resolve!: (v: unknown) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<unknown>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise<void>((r) => setTimeout(r, 0));
const pending = (channel: string) => calls.filter((c) => c.channel === channel);
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

beforeEach(() => {
  calls.length = 0;
  useAppStore.setState(useAppStore.getInitialState(), true);
});

describe('replays slice in the app store', () => {
  it('drops a stale history answer: the bundle opened last keeps its rows', async () => {
    const s = useAppStore.getState();
    const first = s.loadReplayHistory(A);
    const second = s.loadReplayHistory(B);
    const [ca, cb] = pending('replay:list');
    cb!.answer.resolve({ replays: [{ id: 'rb' }], total: 1 });
    await second;
    ca!.answer.resolve({ replays: [{ id: 'ra' }], total: 1 });
    await first;
    const h = useAppStore.getState().replays.history;
    expect(h.digest).toBe(B);
    expect(h.rows).toEqual([{ id: 'rb' }]);
  });

  it('a finished replay refreshes the history, the Replays list, the info and a loaded audit log of the same store', async () => {
    useAppStore.setState((s) => ({ audit: { ...s.audit, loaded: true }, replays: { ...s.replays, history: { ...s.replays.history, digest: A }, all: { ...s.replays.all, loaded: true } } }));
    const done = useAppStore.getState().startReplay(A);
    expect(useAppStore.getState().replays.run.phase).toBe('starting');
    pending('replay:start')[0]!.answer.resolve({ jobId: 'j1' });
    await flush();
    expect(useAppStore.getState().replays.run.phase).toBe('running');
    pending('replay:status')[0]!.answer.resolve({ id: 'j1', state: 'succeeded' });
    await done;
    expect(useAppStore.getState().replays.run.phase).toBe('finished');
    const lists = pending('replay:list').map((c) => c.request);
    expect(lists).toEqual([{ digest: A, offset: 0, limit: 1000 }, { offset: 0, limit: 1000 }]);
    expect(pending('app:info')).toHaveLength(1);
    expect(pending('audit:list')).toHaveLength(1);
  });

  it('a failed start request is shown as the run error and the run can be dismissed', async () => {
    const done = useAppStore.getState().startReplay(A);
    pending('replay:start')[0]!.answer.reject(new Error('no grant'));
    await done;
    expect(useAppStore.getState().replays.run).toMatchObject({ phase: 'finished', error: 'no grant' });
    useAppStore.getState().dismissReplay();
    expect(useAppStore.getState().replays.run.phase).toBe('idle');
  });
});

describe('approvals slice in the app store', () => {
  it('keeps its history apart from the replay history', async () => {
    const p = useAppStore.getState().loadApprovalHistory(A);
    pending('approvals:list')[0]!.answer.resolve({ approvals: [{ id: 'x' }] });
    await p;
    const s = useAppStore.getState();
    expect(s.approvals.history).toMatchObject({ digest: A, rows: [{ id: 'x' }], loaded: true });
    expect(s.replays.history.digest).toBeNull();
  });

  it('drops a stale approval history answer', async () => {
    const s = useAppStore.getState();
    const first = s.loadApprovalHistory(A);
    const second = s.loadApprovalHistory(B);
    const [ca, cb] = pending('approvals:list');
    cb!.answer.resolve({ approvals: [] });
    await second;
    ca!.answer.resolve({ approvals: [{ id: 'old' }] });
    await first;
    expect(useAppStore.getState().approvals.history).toMatchObject({ digest: B, rows: [] });
  });

  it('after a decision reloads the inbox, and the history only when it shows that bundle', () => {
    useAppStore.setState((s) => ({ approvals: { ...s.approvals, history: { ...s.approvals.history, digest: A } } }));
    useAppStore.getState().approvalDecided(B);
    expect(pending('approvals:inbox')).toHaveLength(1);
    expect(pending('approvals:list')).toHaveLength(0);
    useAppStore.getState().approvalDecided(A);
    expect(pending('approvals:inbox')).toHaveLength(2);
    expect(pending('approvals:list').map((c) => c.request)).toEqual([{ digest: A }]);
  });

  it('passes the passphrase to the call and never keeps it in state', async () => {
    const done = useAppStore.getState().createIdentity('Ann', 'ann@example.org', 'correct horse battery');
    expect(pending('identity:create')[0]!.request).toEqual({ name: 'Ann', email: 'ann@example.org', passphrase: 'correct horse battery' });
    pending('identity:create')[0]!.answer.resolve({});
    await flush();
    pending('approvals:inbox')[0]!.answer.resolve({ identity: { name: 'Ann' }, items: [], total: 0 });
    expect(await done).toBeNull();
    expect(JSON.stringify(useAppStore.getState())).not.toContain('correct horse');
  });

  it('reports a team file that was not saved as one line per problem, with its code', async () => {
    const done = useAppStore.getState().importTeam('{}');
    pending('team:import')[0]!.answer.resolve({ saved: false, problems: [{ path: 'members', message: 'is required' }, { message: 'bad' }, { code: 'team-rollback', message: 'older' }] });
    expect(await done).toEqual(['members: is required', 'bad', 'older (team-rollback)']);
    expect(pending('team:get')).toHaveLength(0);
  });

  it('keeps the admins a team import pinned, and a team edit reloads the team; a refusal comes back in words with its reason', async () => {
    const pin = { version: 1, admins: [{ name: 'Ann', email: 'ann@example.org', keyId: A, fingerprint: 'aaaa' }] };
    const imported = useAppStore.getState().importTeam('{"signed": {}}');
    pending('team:import')[0]!.answer.resolve({ saved: true, changed: true, problems: [], team: null, pinned: pin });
    await flush();
    expect(useAppStore.getState().approvals.team.pinned).toEqual(pin);
    pending('team:get')[0]!.answer.resolve({ team: null, policyHash: 'p', licensePolicy: { version: 1, hash: 'h' }, localAdmin: true });
    pending('approvals:inbox')[0]!.answer.resolve({ identity: null, items: [], total: 0 });
    expect(await imported).toEqual([]);
    expect(useAppStore.getState().approvals.team).toMatchObject({ pinned: pin, localAdmin: true });

    const added = useAppStore.getState().editTeam({ kind: 'addMember', name: 'Bo', email: 'bo@example.org', publicKey: 'k', role: 'reviewer', passphrase: 'pw' });
    expect(pending('team:addMember')[0]!.request).toEqual({ name: 'Bo', email: 'bo@example.org', publicKey: 'k', role: 'reviewer', passphrase: 'pw' });
    pending('team:addMember')[0]!.answer.resolve({ imported: true, version: 2, pinned: null });
    await flush();
    expect(pending('team:get')).toHaveLength(2);
    pending('team:get')[1]!.answer.resolve({ team: null, policyHash: 'p', licensePolicy: { version: 1, hash: 'h' }, localAdmin: true });
    pending('approvals:inbox')[1]!.answer.resolve({ identity: null, items: [], total: 0 });
    expect(await added).toMatchObject({ result: { version: 2 }, error: null });

    const refused = useAppStore.getState().editTeam({ kind: 'set', quorum: 2 });
    pending('team:set')[0]!.answer.reject(Object.assign(new Error('only an admin of version 2 may sign version 3'), { details: { reason: 'team-not-admin' } }));
    expect(await refused).toEqual({ result: null, error: 'only an admin of version 2 may sign version 3 (team-not-admin)' });
    expect(JSON.stringify(useAppStore.getState())).not.toContain('"pw"');
  });
});

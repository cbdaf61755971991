import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  latestOnly,
  loader,
  pager,
  paged,
  remote,
  remoteLoader,
  scoped,
  scopedLoader,
  type Paged,
  type Piece,
  type Remote,
} from '../../../src-renderer/store/loadable';
import { jobPoll, phasedJobPoll, type JobPatch } from '../../../src-renderer/store/job-poll';
import { deferred, flush, type Deferred } from './api-stub';

/** A piece held in a plain variable, as a slice holds one in the store. */
function holder<S>(initial: S): Piece<S> & { value: S } {
  const h = {
    value: initial,
    get: () => h.value,
    set: (next: (cur: S) => S) => {
      h.value = next(h.value);
    },
  };
  return h;
}

/** A fetch whose answers the test gives, one deferred per request. */
function answers() {
  const out: Deferred[] = [];
  const fetch = () => {
    const d = deferred();
    out.push(d);
    return d.promise as Promise<never>;
  };
  return { out, fetch };
}

describe('latestOnly', () => {
  it('makes every earlier request stale', () => {
    const begin = latestOnly();
    const a = begin();
    expect(a()).toBe(true);
    const b = begin();
    expect([a(), b()]).toEqual([false, true]);
  });
});

describe('loader', () => {
  it('shows loading, lands the answer and clears loading and error', async () => {
    const p = holder<Remote<string>>({ ...remote<string>(), error: 'earlier' });
    const l = loader(p);
    const { out, fetch } = answers();
    const done = l.run(fetch, { land: (cur, data: string) => ({ ...cur, data }) });
    expect(p.value).toMatchObject({ loading: true, error: null });
    out[0]!.resolve('x');
    expect(await done).toBe('x');
    expect(p.value).toEqual({ data: 'x', loading: false, error: null });
  });

  it('keeps the data beside the error of a failed request', async () => {
    const p = holder<Remote<string>>({ ...remote<string>(), data: 'old' });
    const { out, fetch } = answers();
    const done = loader(p).run(fetch, { land: (cur, data: string) => ({ ...cur, data }) });
    out[0]!.reject(new Error('the core is gone'));
    expect(await done).toBeUndefined();
    expect(p.value).toEqual({ data: 'old', loading: false, error: 'the core is gone' });
  });

  it('drops an older answer (or failure) that arrives after a newer request', async () => {
    const p = holder(remote<string>());
    const l = loader(p);
    const { out, fetch } = answers();
    const how = { land: (cur: Remote<string>, data: string) => ({ ...cur, data }) };
    const first = l.run(fetch, how);
    const second = l.run(fetch, how);
    out[1]!.resolve('new');
    await second;
    out[0]!.resolve('old');
    expect(await first).toBeUndefined();
    expect(p.value.data).toBe('new');
    const third = l.run(fetch, how);
    const fourth = l.run(fetch, how);
    out[3]!.resolve('newest');
    await fourth;
    out[2]!.reject(new Error('late failure'));
    await third;
    expect(p.value).toEqual({ data: 'newest', loading: false, error: null });
  });

  it('drop() makes the request on its way stale', async () => {
    const p = holder(remote<string>());
    const l = loader(p);
    const { out, fetch } = answers();
    const done = l.run(fetch, { land: (cur, data: string) => ({ ...cur, data }) });
    l.drop();
    out[0]!.resolve('late');
    await done;
    expect(p.value.data).toBeNull();
  });

  it('lets the caller word a failure, or take it over (null: nothing shown)', async () => {
    const p = holder(remote<string>());
    const l = loader(p);
    const { out, fetch } = answers();
    const worded = l.run(fetch, { land: (cur) => cur, error: (e) => `Could not: ${(e as Error).message}` });
    out[0]!.reject(new Error('no'));
    await worded;
    expect(p.value.error).toBe('Could not: no');
    const handled = l.run(fetch, { land: (cur) => cur, error: () => null });
    out[1]!.reject(new Error('refused'));
    await handled;
    expect(p.value).toMatchObject({ loading: false, error: null });
  });
});

describe('remoteLoader and scopedLoader', () => {
  it('a remote value stays on screen while it reloads', async () => {
    const p = holder({ ...remote<number>(), data: 1 });
    const { out, fetch } = answers();
    const load = remoteLoader(p, fetch);
    const done = load();
    expect(p.value).toEqual({ data: 1, loading: true, error: null });
    out[0]!.resolve(2);
    await done;
    expect(p.value.data).toBe(2);
  });

  it('a scoped value: another key clears the data at once; an answer for an earlier key is dropped', async () => {
    const p = holder({ ...scoped<string>(), key: 'a', data: 'A' });
    const asked: string[] = [];
    const out: Deferred[] = [];
    const load = scopedLoader(p, (key) => {
      asked.push(key);
      const d = deferred();
      out.push(d);
      return d.promise as Promise<string>;
    });
    void load('a');
    expect(p.value).toMatchObject({ key: 'a', data: 'A', loading: true }); // the same key keeps its data
    const b = load('b');
    expect(p.value).toMatchObject({ key: 'b', data: null, loading: true });
    out[1]!.resolve('B');
    await b;
    out[0]!.resolve('A2');
    await flush();
    expect(p.value).toEqual({ key: 'b', data: 'B', loading: false, error: null });
    expect(asked).toEqual(['a', 'b']);
  });
});

describe('pager', () => {
  type Page = { rows: string[]; total: number; counts: number };
  const setup = () => {
    const p = holder<Paged<string> & { counts: number | null }>({ ...paged<string>(), counts: null });
    const asked: { offset: number; limit: number }[] = [];
    const out: Deferred[] = [];
    const pg = pager<string, Page, Paged<string> & { counts: number | null }>(p, {
      limit: 2,
      fetch: (page) => {
        asked.push(page);
        const d = deferred();
        out.push(d);
        return d.promise as Promise<Page>;
      },
      page: (r) => ({ rows: r.rows, total: r.total }),
      also: (r) => ({ counts: r.counts }),
    });
    return { p, asked, out, pg };
  };

  it('loads the first page, then appends the next from where the rows end, until every row is here', async () => {
    const { p, asked, out, pg } = setup();
    const first = pg.load();
    out[0]!.resolve({ rows: ['a', 'b'], total: 3, counts: 7 });
    await first;
    expect(p.value).toMatchObject({ rows: ['a', 'b'], total: 3, loaded: true, counts: 7 });
    const more = pg.more();
    void pg.more(); // a second call while the page loads asks nothing
    out[1]!.resolve({ rows: ['c'], total: 3, counts: 8 });
    await more;
    expect(p.value).toMatchObject({ rows: ['a', 'b', 'c'], total: 3, counts: 8, loading: false });
    await pg.more(); // every row is here
    expect(asked).toEqual([
      { offset: 0, limit: 2 },
      { offset: 2, limit: 2 },
    ]);
  });

  it('a reload (new filters) drops a next page still on its way', async () => {
    const { p, out, pg } = setup();
    const first = pg.load();
    out[0]!.resolve({ rows: ['a', 'b'], total: 4, counts: 0 });
    await first;
    const more = pg.more();
    const reload = pg.load();
    out[2]!.resolve({ rows: ['x'], total: 1, counts: 0 });
    await reload;
    out[1]!.resolve({ rows: ['c', 'd'], total: 4, counts: 0 });
    await more;
    expect(p.value).toMatchObject({ rows: ['x'], total: 1, loading: false });
  });

  it('a failed page keeps the rows beside the error', async () => {
    const { p, out, pg } = setup();
    const first = pg.load();
    out[0]!.resolve({ rows: ['a', 'b'], total: 4, counts: 0 });
    await first;
    const more = pg.more();
    out[1]!.reject(new Error('timeout'));
    await more;
    expect(p.value).toMatchObject({ rows: ['a', 'b'], total: 4, loading: false, error: 'timeout' });
  });
});

describe('jobPoll', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  type Job = { id: string; state: string };
  const setup = () => {
    const seen: string[] = [];
    const out: Deferred[] = [];
    const poll = jobPoll<Job>({
      every: 250,
      status: (id) => {
        seen.push(`ask ${id}`);
        const d = deferred();
        out.push(d);
        return d.promise as Promise<Job>;
      },
      running: (j) => seen.push(`running ${j.id}`),
      finished: (j) => seen.push(`${j.state} ${j.id}`),
      failed: (e) => seen.push(`failed: ${(e as Error).message}`),
    });
    return { seen, out, poll };
  };

  it('asks at once, then every interval while the job runs, and stops when it ends', async () => {
    vi.useFakeTimers();
    const { seen, out, poll } = setup();
    const first = poll.follow('j1');
    out[0]!.resolve({ id: 'j1', state: 'running' });
    await first;
    expect(seen).toEqual(['ask j1', 'running j1']);
    await vi.advanceTimersByTimeAsync(249);
    expect(out).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(out).toHaveLength(2);
    out[1]!.resolve({ id: 'j1', state: 'succeeded' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual(['ask j1', 'running j1', 'ask j1', 'succeeded j1']);
  });

  it('stop() drops the answer on its way and asks no more; following another job drops the first', async () => {
    vi.useFakeTimers();
    const { seen, out, poll } = setup();
    const first = poll.follow('j1');
    poll.stop();
    out[0]!.resolve({ id: 'j1', state: 'running' });
    await first;
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual(['ask j1']);
    const a = poll.follow('j2');
    const b = poll.follow('j3');
    out[2]!.resolve({ id: 'j3', state: 'succeeded' });
    await b;
    out[1]!.resolve({ id: 'j2', state: 'failed' });
    await a;
    expect(seen).toEqual(['ask j1', 'ask j2', 'ask j3', 'succeeded j3']);
  });

  it('a status request that fails ends the following with the error', async () => {
    const { seen, out, poll } = setup();
    const first = poll.follow('j1');
    out[0]!.reject(new Error('the host went away'));
    await first;
    expect(seen).toEqual(['ask j1', 'failed: the host went away']);
  });
});

describe('phasedJobPoll', () => {
  it('patches each status in, ends with phase finished then done, and a failed ask with the error text', async () => {
    type Job = { id: string; state: string };
    const patches: JobPatch<Job>[] = [];
    const done: string[] = [];
    const out: Deferred[] = [];
    const poll = phasedJobPoll<Job>({
      every: 0,
      status: () => {
        const d = deferred();
        out.push(d);
        return d.promise as Promise<Job>;
      },
      patch: (p) => patches.push(p),
      done: (j) => done.push(j.state),
    });
    const first = poll.follow('j1');
    out[0]!.resolve({ id: 'j1', state: 'running' });
    await first;
    await flush();
    out[1]!.resolve({ id: 'j1', state: 'succeeded' });
    await flush();
    expect(patches).toEqual([
      { job: { id: 'j1', state: 'running' } },
      { job: { id: 'j1', state: 'succeeded' }, phase: 'finished' },
    ]);
    expect(done).toEqual(['succeeded']);
    const second = poll.follow('j2');
    out[2]!.reject(new Error('the host went away'));
    await second;
    expect(patches.at(-1)).toEqual({ phase: 'finished', error: 'the host went away' });
    expect(done).toEqual(['succeeded']);
  });
});

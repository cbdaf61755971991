import { beforeEach, describe, expect, it, vi } from 'vitest';
import { calls, flush, last, pending } from './api-stub';

/**
 * The one-off hooks on a minimal hook runtime (no DOM here): state slots, effects that rerun when their deps change
 * (the previous cleanup first), stable setters. What is under test is the hooks' own logic: which request is asked,
 * which answer shows, busy and error.
 */
const runtime = vi.hoisted(() => {
  const r = {
    slots: [] as unknown[],
    setters: [] as ((v: unknown) => void)[],
    effects: [] as { deps: unknown[] | undefined; cleanup?: (() => void) | void }[],
    queued: [] as (() => void)[],
    i: 0,
    e: 0,
    reset() {
      r.slots = [];
      r.setters = [];
      r.effects.forEach((x) => x.cleanup?.());
      r.effects = [];
    },
  };
  return r;
});

vi.mock('react', () => {
  const useState = (init: unknown) => {
    const k = runtime.i++;
    if (!(k in runtime.slots)) {
      runtime.slots[k] = typeof init === 'function' ? (init as () => unknown)() : init;
      runtime.setters[k] = (v: unknown) => {
        runtime.slots[k] = typeof v === 'function' ? (v as (c: unknown) => unknown)(runtime.slots[k]) : v;
      };
    }
    return [runtime.slots[k], runtime.setters[k]];
  };
  const useEffect = (fn: () => (() => void) | void, deps?: unknown[]) => {
    const k = runtime.e++;
    const prev = runtime.effects[k];
    if (
      prev &&
      deps &&
      prev.deps &&
      deps.length === prev.deps.length &&
      deps.every((d, j) => Object.is(d, prev.deps![j]))
    )
      return;
    runtime.queued.push(() => {
      prev?.cleanup?.();
      runtime.effects[k] = { deps, cleanup: fn() };
    });
  };
  const useCallback = (fn: unknown) => fn;
  return { useState, useEffect, useCallback };
});
vi.mock('../../../src-renderer/api/client', async () => (await import('./api-stub')).client);

const { useCall } = await import('../../../src-renderer/store/use-call');
const { useAction } = await import('../../../src-renderer/store/use-action');

/** Renders the hook once and runs the effects it scheduled, like a commit. */
function render<T>(hook: () => T): T {
  runtime.i = 0;
  runtime.e = 0;
  const out = hook();
  const q = runtime.queued.splice(0);
  q.forEach((f) => f());
  return out;
}

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

beforeEach(() => {
  runtime.reset();
  calls.length = 0;
});

describe('useCall', () => {
  it('asks on mount, shows loading, then the answer; rendering again with the same request asks nothing', async () => {
    const hook = () => useCall('drift:list', { digest: A });
    expect(render(hook)).toMatchObject({ data: null, loading: true, error: null });
    expect(last('drift:list').request).toEqual({ digest: A });
    last('drift:list').answer.resolve({ alerts: [{ id: 1 }] });
    await flush();
    expect(render(hook)).toMatchObject({ data: { alerts: [{ id: 1 }] }, loading: false });
    render(hook);
    expect(pending('drift:list')).toHaveLength(1);
  });

  it('a new request hides the old answer at once and drops the old request’s late answer', async () => {
    let digest = A;
    const hook = () => useCall('drift:list', { digest });
    render(hook);
    digest = B;
    expect(render(hook)).toMatchObject({ data: null, loading: true });
    pending('drift:list')[1]!.answer.resolve({ alerts: ['b'] });
    await flush();
    pending('drift:list')[0]!.answer.resolve({ alerts: ['a'] });
    await flush();
    expect(render(hook)).toMatchObject({ data: { alerts: ['b'] }, loading: false });
  });

  it('keep: the last answer stays while the next request loads (a check re-run as the user types)', async () => {
    let text = '';
    const hook = () =>
      useCall(
        'approvals:check',
        { digest: A, decision: 'approve', justifications: text ? { accuracy: text } : {} },
        { keep: true },
      );
    render(hook);
    last('approvals:check').answer.resolve({ blocking: ['replay'] });
    await flush();
    text = 'known noise';
    expect(render(hook)).toMatchObject({ data: { blocking: ['replay'] }, loading: true });
    expect(last('approvals:check').request).toMatchObject({ justifications: { accuracy: 'known noise' } });
    last('approvals:check').answer.resolve({ blocking: [] });
    await flush();
    expect(render(hook)).toMatchObject({ data: { blocking: [] }, loading: false });
  });

  it('null asks nothing; an error belongs to its request; reload asks again and keeps the answer meanwhile', async () => {
    let id: string | null = null;
    const hook = () => useCall('replay:get', id ? { id } : null);
    expect(render(hook)).toMatchObject({ data: null, loading: false });
    expect(calls).toHaveLength(0);
    id = 'r1';
    render(hook);
    last('replay:get').answer.reject(new Error('no such replay'));
    await flush();
    const failed = render(hook);
    expect(failed).toMatchObject({ data: null, loading: false, error: 'no such replay' });
    failed.reload();
    render(hook); // the effect asks again after this commit
    expect(render(hook)).toMatchObject({ loading: true, error: null });
    last('replay:get').answer.resolve({ id: 'r1' });
    await flush();
    const shown = render(hook);
    expect(shown).toMatchObject({ data: { id: 'r1' }, error: null });
    shown.reload();
    render(hook);
    expect(render(hook)).toMatchObject({ data: { id: 'r1' }, loading: true });
    expect(pending('replay:get')).toHaveLength(3);
  });

  it('an answer arriving after the component is gone is dropped', async () => {
    render(() => useCall('drift:list', { digest: A }));
    runtime.reset(); // unmount: cleanups run
    last('drift:list').answer.resolve({ alerts: [] });
    await flush();
    expect(runtime.slots).toEqual([]);
  });
});

describe('useAction', () => {
  it('a channel: busy while it runs, then its answer; a failure is the error and resolves undefined', async () => {
    const hook = () => useAction('attestation:verify');
    const idle = render(hook);
    expect(idle).toMatchObject({ busy: false, error: null, data: null });
    const done = idle.run({ envelope: '{}' });
    expect(render(hook).busy).toBe(true);
    last('attestation:verify').answer.resolve({ valid: true });
    expect(await done).toEqual({ valid: true });
    expect(render(hook)).toMatchObject({ busy: false, data: { valid: true } });
    const failed = render(hook).run({ envelope: 'x' });
    last('attestation:verify').answer.reject(new Error('not JSON'));
    expect(await failed).toBeUndefined();
    expect(render(hook)).toMatchObject({ busy: false, error: 'not JSON', data: { valid: true } });
    render(hook).reset();
    expect(render(hook)).toMatchObject({ error: null, data: null });
  });

  it('a slice action with its arguments; the caller may take a failure over (null: nothing shown)', async () => {
    const seen: unknown[] = [];
    const act = async (name: string, n: number) => {
      if (n < 0) throw new Error('refused');
      return `${name}:${n}`;
    };
    const hook = () => useAction(act, { error: (e) => (seen.push((e as Error).message), null) });
    expect(await render(hook).run('a', 1)).toBe('a:1');
    expect(await render(hook).run('a', -1)).toBeUndefined();
    expect(render(hook)).toMatchObject({ busy: false, error: null, data: 'a:1' });
    expect(seen).toEqual(['refused']);
  });

  it('reset drops a run still on its way', async () => {
    const hook = () => useAction('report:bundle');
    const done = render(hook).run({ digest: A });
    render(hook).reset();
    last('report:bundle').answer.resolve({ fileName: 'r.html', html: '<p>' });
    expect(await done).toBeUndefined();
    expect(render(hook)).toMatchObject({ busy: false, data: null });
  });
});

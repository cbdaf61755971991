import { describe, expect, it } from 'vitest';
import { distinguishRuns, runLabel } from '../../../src-renderer/components/run-labels';

describe('distinguishRuns', () => {
  it('leaves unique names alone', () => {
    const m = distinguishRuns([
      { key: 'a', name: 'iris' },
      { key: 'b', name: 'digits' },
    ]);
    expect([...m]).toEqual([
      ['a', ''],
      ['b', ''],
    ]);
  });

  it('names the parameter that differs among runs of the same name', () => {
    const m = distinguishRuns([
      { key: 'a', name: 'digits', params: { C: 0.1, solver: 'lbfgs', seed: 1 }, time: '2026-03-01T10:00:00Z' },
      { key: 'b', name: 'digits', params: { C: 1, solver: 'lbfgs', seed: 1 }, time: '2026-03-01T10:00:00Z' },
      { key: 'c', name: 'digits', params: { C: 10, solver: 'lbfgs', seed: 1 } },
      { key: 'd', name: 'iris', params: { C: 10 } },
    ]);
    expect(runLabel('digits', m.get('a'))).toBe('digits (C=0.1)');
    expect(m.get('c')).toBe('C=10');
    expect(m.get('d')).toBe('');
  });

  it('falls back to the time, then the id, when the parameters are the same', () => {
    const byTime = distinguishRuns([
      { key: 'a', name: 'x', params: { C: 1 }, time: '2026-03-01T10:00:00Z', id: 'aaaa1111' },
      { key: 'b', name: 'x', params: { C: 1 }, time: '2026-03-02T10:00:00Z', id: 'bbbb2222' },
    ]);
    expect(byTime.get('a')).toMatch(/^2026-03-0[12] \d\d:\d\d$/);
    expect(byTime.get('a')).not.toBe(byTime.get('b'));
    const byId = distinguishRuns([
      { key: 'a', name: 'x', time: '2026-03-01T10:00:00Z', id: 'aaaa1111ffff' },
      { key: 'b', name: 'x', time: '2026-03-01T10:00:00Z', id: 'bbbb2222ffff' },
    ]);
    expect([byId.get('a'), byId.get('b')]).toEqual(['aaaa1111', 'bbbb2222']);
  });

  it('a parameter missing from one run counts as differing; without anything to tell them apart the label is empty', () => {
    const m = distinguishRuns([
      { key: 'a', name: 'x', params: { C: 1, extra: true } },
      { key: 'b', name: 'x', params: { C: 1 } },
    ]);
    expect([m.get('a'), m.get('b')]).toEqual(['extra=true', 'extra=—']);
    const none = distinguishRuns([
      { key: 'a', name: 'x' },
      { key: 'b', name: 'x' },
    ]);
    expect([none.get('a'), none.get('b')]).toEqual(['', '']);
  });
});

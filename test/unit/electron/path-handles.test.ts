import { describe, expect, it } from 'vitest';
import { createPathHandles } from '../../../src-main/electron/path-handles';
import { pathHandleSchema } from '../../../src-main/common/schemas/path-ref';

describe('path handles (issue 13)', () => {
  it('issues unguessable handles the contract accepts, each standing for one pick and its kind', () => {
    const handles = createPathHandles();
    const a = handles.issue('read-folder', '/home/me/runs/iris');
    const b = handles.issue('write-file', '/home/me/out.zip');
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 random bits
    expect(a).not.toBe(b);
    expect(pathHandleSchema.safeParse({ handle: a }).success).toBe(true);
    expect(handles.lookup(a)).toEqual({ kind: 'read-folder', path: '/home/me/runs/iris' });
    expect(handles.lookup(b)).toEqual({ kind: 'write-file', path: '/home/me/out.zip' });
  });

  it('knows nothing of handles it did not issue', () => {
    const handles = createPathHandles();
    handles.issue('read-file', '/home/me/a.zip');
    expect(handles.lookup('A'.repeat(43))).toBeNull();
    expect(handles.lookup('__proto__')).toBeNull();
    expect(handles.lookup('')).toBeNull();
  });

  it('stays bounded, forgetting the oldest pick first', () => {
    let n = 0;
    const handles = createPathHandles(() => `handle-${String(n++).padStart(16, '0')}`);
    const first = handles.issue('read-file', '/first.zip');
    let last = first;
    for (let i = 0; i < 1000; i++) last = handles.issue('read-file', `/f${i}.zip`);
    expect(handles.lookup(first)).toBeNull();
    expect(handles.lookup(last)).toEqual({ kind: 'read-file', path: '/f999.zip' });
  });
});

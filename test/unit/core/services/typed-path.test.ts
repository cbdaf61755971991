import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch, type Handlers } from '../../../../src-main/core/services/dispatch';
import { makingHandlers } from '../../../../src-main/core/services/making';
import { typedPath } from '../../../../src-main/core/services/typed-path';
import { openStore, type Store } from '../../../../src-main/core/store/store';

let dir: string;
let store: Store;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'typed-path-'));
  store = await openStore(path.join(dir, 'store'));
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('path handles outside the desktop app (issue 13)', () => {
  it('takes a typed path as it is', () => {
    expect(typedPath('/home/me/run', 'dir')).toBe('/home/me/run');
  });

  it('refuses a handle it never issued, naming the field, and writes nothing', async () => {
    const handlers = makingHandlers(store, 'dana') as unknown as Handlers;
    const handle = { handle: 'A'.repeat(43) };
    const written = await dispatch(handlers, 'pack:write', { dir: handle, output: path.join(dir, 'out.zip') });
    expect(written).toMatchObject({
      ok: false,
      error: {
        code: 'invalid-request',
        message: expect.stringMatching(/^dir: a path handle is only valid in the desktop app/),
      },
    });
    const exported = await dispatch(handlers, 'bundles:export', { digest: 'a'.repeat(64), output: handle });
    expect(exported).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringMatching(/^output: /) },
    });
    expect(readdirSync(dir)).toEqual(['store']);
  });
});

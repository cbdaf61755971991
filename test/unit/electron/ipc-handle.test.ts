import { describe, expect, it } from 'vitest';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { ipcPrefix, registerContract } from '../../../src-main/electron/ipc/handle';
import { createPathHandles } from '../../../src-main/electron/path-handles';
import { dispatch, type Handlers } from '../../../src-main/core/services/dispatch';

type Listener = (event: IpcMainInvokeEvent, request: unknown) => Promise<unknown>;

/** registerContract against a recording ipcMain: what a call from the app's main frame gets back. */
function wire() {
  const listeners = new Map<string, Listener>();
  const ipcMain = { handle: (name: string, listener: Listener) => listeners.set(name, listener) } as unknown as IpcMain;
  const seen: unknown[] = [];
  const handlers = {
    'pack:plan': async (request: unknown) => {
      seen.push(request);
      return {
        ready: false,
        name: null,
        description: null,
        author: null,
        license: null,
        runId: null,
        runName: null,
        files: [],
        totalBytes: 0,
        parameters: {},
        metrics: {},
        modules: [],
        models: [],
        replay: false,
        environment: false,
        warnings: [],
        problems: [],
      };
    },
  } as unknown as Handlers;
  const handles = createPathHandles();
  registerContract(ipcMain, (channel, request) => dispatch(handlers, channel, request), handles);
  const event = { senderFrame: { url: 'app://provdesk/index.html', parent: null } } as unknown as IpcMainInvokeEvent;
  const invoke = (channel: string, request: unknown) => listeners.get(`${ipcPrefix}${channel}`)!(event, request);
  return { invoke, handles, seen };
}

describe('IPC path fields (issue 13)', () => {
  it('hands the core the picked path for a handle, and refuses a typed path before the handler runs', async () => {
    const { invoke, handles, seen } = wire();
    const folder = handles.issue('read-folder', '/home/me/runs/iris');
    expect(await invoke('pack:plan', { dir: { handle: folder } })).toMatchObject({ ok: true });
    expect(seen).toEqual([{ dir: '/home/me/runs/iris' }]);
    expect(await invoke('pack:plan', { dir: '/home/me/.ssh' })).toMatchObject({
      ok: false,
      error: { code: 'refused' },
    });
    expect(seen).toHaveLength(1);
  });
});

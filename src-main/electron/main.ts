import { app, BrowserWindow, dialog, ipcMain, safeStorage, session } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CoreClient } from '../core/services/core-client';
import { routeDispatch } from '../core/services/dispatch';
import { registerContract } from './ipc/handle';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { createMainWindow } from './windows';
import { utilityProcessWorker } from './utility-worker';
import { safeStorageFacts, safeStorageProtector } from './safe-storage-protector';
import { chooseKeyProtection } from './key-protection-choice';
import { saveReportPdf } from './report-pdf';
import { dialogHandlers } from './dialogs';
import { createPathHandles } from './path-handles';
import { reportCoreCrash, utilityCoreProcess } from './core-process';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/node
let core: CoreClient | null = null;

registerAppScheme();

// One instance per store (THREATS 24): a second launch focuses the first window and quits.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const window = BrowserWindow.getAllWindows()[0];
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      dialog.showErrorBox('Provenance Desk could not start', (error as Error).message);
      app.exit(1);
    });
}

async function start(): Promise<void> {
  // No permission (camera, notifications, …) is ever granted to the renderer.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  // Keys go to the OS keychain only when safeStorage has a real one (asked after ready: Linux's backend is known then).
  const keyProtection = chooseKeyProtection(safeStorageFacts(safeStorage));
  // The core (store, use cases) runs in a utility process (issue 14); this process keeps windows, dialogs, IPC and
  // its checks, safeStorage (the core asks for it), and starts the core's replay workers, since a utility process
  // cannot start another one (issue 4).
  const started = CoreClient.start({
    spawn: () => utilityCoreProcess(path.join(here, 'core.worker.mjs')),
    init: {
      storeDir: path.join(app.getPath('userData'), 'store'),
      host: 'electron',
      keyProtection,
      keychainInShell: true,
      replaysInShell: true,
    },
    keychain: safeStorageProtector(safeStorage),
    replayWorkers: { spawn: utilityProcessWorker, script: path.join(here, 'replay.worker.mjs') },
    onCrash: reportCoreCrash,
  });
  const client = await started;
  core = client;
  // Paths reach the core only as handles of what the user picked in these dialogs (issue 13).
  const handles = createPathHandles();
  const local = {
    ...dialogHandlers(handles),
    'report:pdf': async (request: { digest: string; replayId?: string | undefined }) => saveReportPdf(client, request),
  };
  registerContract(
    ipcMain,
    routeDispatch(local, (channel, request) => client.call(channel, request)),
    handles,
  );
  serveRenderer(path.join(here, '..', 'renderer'));
  createMainWindow(path.join(here, 'preload.cjs'));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(path.join(here, 'preload.cjs'));
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quitting = false;
app.on('will-quit', (event) => {
  if (!core || quitting) return;
  // The core settles its jobs and closes the store (final snapshot, lock released) before the app ends.
  event.preventDefault();
  quitting = true;
  void core.close().finally(() => app.quit());
});

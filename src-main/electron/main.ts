import { app, BrowserWindow, dialog, ipcMain, safeStorage, session } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppContext, type AppContext } from '../core/services/app-context';
import { registerContract } from './ipc/handle';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { createMainWindow } from './windows';
import { utilityProcessWorker } from './utility-worker';
import { electronKeyProtector, safeStorageFacts } from './safe-storage-protector';
import { chooseKeyProtection } from './key-protection-choice';
import { saveReportPdf } from './report-pdf';
import { dialogHandlers } from './dialogs';
import { createPathHandles } from './path-handles';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/node
let context: AppContext | null = null;

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
  app.whenReady().then(start).catch((error: unknown) => {
    dialog.showErrorBox('Provenance Desk could not start', (error as Error).message);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  // No permission (camera, notifications, …) is ever granted to the renderer.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  // Keys go to the OS keychain only when safeStorage has a real one (asked after ready: Linux's backend is known then).
  const keyProtection = chooseKeyProtection(safeStorageFacts(safeStorage));
  // Replays run in Electron's utilityProcess, with the limits enforced from here (issue 4).
  context = await createAppContext({
    storeDir: path.join(app.getPath('userData'), 'store'),
    host: 'electron',
    spawnReplayWorker: utilityProcessWorker,
    // Signing keys live in the OS keychain; a passphrase, when one is given (or no keychain is trusted), selects passphrase protection.
    keyProtector: electronKeyProtector(keyProtection, safeStorage),
    keyProtection,
  });
  // Paths reach the core only as handles of what the user picked in these dialogs (issue 13).
  const handles = createPathHandles();
  const handlers = {
    ...context.handlers,
    ...dialogHandlers(handles),
    'report:pdf': async (request: { digest: string; replayId?: string | undefined }) => saveReportPdf(context!, request),
  };
  registerContract(ipcMain, handlers, handles);
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
  if (!context || quitting) return;
  // Close the store (final snapshot, lock released) before the process ends.
  event.preventDefault();
  quitting = true;
  void context.close().finally(() => app.quit());
});

import { BrowserWindow, shell, nativeTheme } from 'electron';
import path from 'node:path';
import { appEntryUrl, isAppUrl, isSafeExternalUrl, secureWebPreferences } from './security';

/** The main window: sandboxed renderer, one preload, navigation and new windows blocked (THREATS 18). */
export function createMainWindow(preloadPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Provenance Desk',
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#15171c' : '#f7f8fa',
    webPreferences: { ...secureWebPreferences, preload: path.resolve(preloadPath) },
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  window.webContents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.once('ready-to-show', () => window.show());
  void window.loadURL(appEntryUrl);
  return window;
}

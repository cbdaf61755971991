import { BrowserWindow, dialog } from 'electron';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CoreClient } from '../core/services/core-client';
import { writeFileDurable } from '../core/services/host-runtime';
import {
  isReportRequestAllowed,
  pdfNameFor,
  reportPdfOptions,
  reportWindowOptions,
  withPdfExtension,
} from './report-pdf-options';

// The temp files being printed right now: the only URLs the hidden windows' session lets through.
const printing = new Set<string>();
const guardedSessions = new WeakSet<Electron.Session>();

/**
 * 'report:pdf': asks where to save, prints the report's HTML in a hidden sandboxed window without script,
 * writes the PDF durably and audits it. Cancelled dialog: { path: null }, nothing audited. The core process builds
 * the report and records it; the window, the dialog and the file are this process's.
 */
export async function saveReportPdf(
  core: CoreClient,
  request: { digest: string; replayId?: string | undefined },
): Promise<{ path: string | null }> {
  const built = await core.task('report-build', {
    digest: request.digest,
    ...(request.replayId ? { replayId: request.replayId } : {}),
  });
  const parent = BrowserWindow.getFocusedWindow();
  const options = {
    title: 'Save the replication report as PDF',
    defaultPath: pdfNameFor(built.fileName),
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  };
  const picked = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  if (picked.canceled || !picked.filePath) return { path: null };
  const target = withPdfExtension(picked.filePath);
  writeFileDurable(target, await printHtmlToPdf(built.html));
  await core.task('report-recorded', { report: built.report, format: 'pdf', file: target });
  return { path: target };
}

async function printHtmlToPdf(html: string): Promise<Uint8Array> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'provdesk-report-'));
  const file = path.join(dir, 'report.html');
  const url = pathToFileURL(file).href;
  const window = new BrowserWindow(reportWindowOptions);
  const contents = window.webContents;
  try {
    await writeFile(file, html, { mode: 0o600 });
    if (!guardedSessions.has(contents.session)) {
      contents.session.webRequest.onBeforeRequest((details, callback) =>
        callback({ cancel: !isReportRequestAllowed(details.url, printing) }),
      );
      contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
      guardedSessions.add(contents.session);
    }
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event) => event.preventDefault());
    printing.add(url);
    await window.loadURL(url);
    return await contents.printToPDF(reportPdfOptions);
  } finally {
    printing.delete(url);
    window.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

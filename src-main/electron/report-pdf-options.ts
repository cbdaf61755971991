import type { BrowserWindowConstructorOptions, PrintToPDFOptions } from 'electron';

// Pure settings of the report's PDF printing, unit-tested without Electron (only types come from it).

/** A4 as the report's @page rule asks; its margins come from that rule, backgrounds keep the badges legible. */
export const reportPdfOptions: PrintToPDFOptions = {
  pageSize: 'A4',
  printBackground: true,
  preferCSSPageSize: true,
  displayHeaderFooter: false,
  generateDocumentOutline: true,
};

/**
 * The hidden window the report is printed in: no script, no preload, no Node, sandboxed, its own
 * in-memory session, so hostile bundle text in the report can neither run nor reach the app or the network.
 */
export const reportWindowOptions: BrowserWindowConstructorOptions = {
  show: false,
  width: 900,
  height: 1200,
  webPreferences: {
    javascript: false,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    images: true,
    partition: 'report-pdf', // not persisted: no 'persist:' prefix
  },
};

/** The PDF's default name beside the HTML one: same stem, .pdf. */
export function pdfNameFor(htmlName: string): string {
  return htmlName.replace(/\.html?$/i, '') + '.pdf';
}

/** A path the save dialog returned, with .pdf added when the user typed a name without it. */
export function withPdfExtension(file: string): string {
  return /\.pdf$/i.test(file) ? file : `${file}.pdf`;
}

/** Only the temp file being printed may load in the hidden window; everything else is cancelled. */
export function isReportRequestAllowed(url: string, reportUrls: ReadonlySet<string>): boolean {
  let href: string;
  try {
    href = new URL(url).href;
  } catch {
    return false;
  }
  return href.startsWith('data:') || reportUrls.has(href);
}

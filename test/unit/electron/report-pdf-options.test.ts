import { describe, expect, it } from 'vitest';
import {
  isReportRequestAllowed,
  pdfNameFor,
  reportPdfOptions,
  reportWindowOptions,
  withPdfExtension,
} from '../../../src-main/electron/report-pdf-options';

describe('printing the replication report to PDF', () => {
  it('prints A4 with the page rules and backgrounds of the report, in a window that runs no script', () => {
    expect(reportPdfOptions).toMatchObject({
      pageSize: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: false,
    });
    expect(reportWindowOptions.show).toBe(false);
    expect(reportWindowOptions.webPreferences).toMatchObject({
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(reportWindowOptions.webPreferences).not.toHaveProperty('preload');
    expect(reportWindowOptions.webPreferences?.partition).not.toMatch(/^persist:/); // an in-memory session
  });

  it('names the PDF after the HTML report and adds .pdf when the user typed none', () => {
    expect(pdfNameFor('replication-report-iris-0f80ddfe6c9b.html')).toBe('replication-report-iris-0f80ddfe6c9b.pdf');
    expect(withPdfExtension('/tmp/report')).toBe('/tmp/report.pdf');
    expect(withPdfExtension('/tmp/Report.PDF')).toBe('/tmp/Report.PDF');
  });

  it('lets only the report file being printed load: no network, no other file', () => {
    const printing = new Set(['file:///tmp/provdesk-report-x/report.html']);
    expect(isReportRequestAllowed('file:///tmp/provdesk-report-x/report.html', printing)).toBe(true);
    expect(isReportRequestAllowed('file:///tmp/provdesk-report-x/../../etc/passwd', printing)).toBe(false);
    expect(isReportRequestAllowed('https://evil.example/pixel.png', printing)).toBe(false);
    expect(isReportRequestAllowed('file:///etc/passwd', printing)).toBe(false);
    expect(isReportRequestAllowed('not a url', printing)).toBe(false);
  });
});

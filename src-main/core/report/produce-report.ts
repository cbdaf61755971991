import path from 'node:path';
import type { ReplicationReport } from '../../common/schemas/report';
import type { ReadApi, Store } from '../store/store';
import { appendAudit } from '../audit/audit-log';
import { gatherReplicationReport, type ReportOptions } from './replication-report';
import { renderReportHtml } from './report-html';
import { reportFileName } from './html-text';

export interface BuiltReport {
  report: ReplicationReport;
  html: string;
  fileName: string; // the .html name; the PDF takes the same stem
}

/** The report's model, its HTML and a file name; reads only. */
export function buildReport(db: ReadApi, digest: string, options: ReportOptions): BuiltReport {
  const report = gatherReplicationReport(db, digest, options);
  return { report, html: renderReportHtml(report), fileName: reportFileName(report.bundle.name, digest, 'html') };
}

/** Records who produced which bundle's report, from which replay, in which format ('report.produce'). */
export function recordReportProduced(
  store: Store,
  actor: string,
  report: ReplicationReport,
  format: 'html' | 'pdf',
  file?: string,
): void {
  store.transaction((tx) =>
    appendAudit(tx, {
      actor,
      action: 'report.produce',
      subject: report.bundle.digest,
      details: {
        format,
        replayId: report.replay?.id ?? null,
        verdict: report.verdict,
        approvals: report.approvals.records.length,
        ...(file ? { file: path.basename(file) } : {}),
      },
    }),
  );
}

/** Builds the report and audits it: the 'report:bundle' channel and `provdesk report`. */
export function produceReport(store: Store, digest: string, options: ReportOptions & { file?: string }): BuiltReport {
  const built = buildReport(store, digest, options);
  recordReportProduced(store, options.actor, built.report, 'html', options.file);
  return built;
}

import { useMemo } from 'react';
import { Notice } from '../../components/notice';
import { downloadText } from '../../components/download';
import { useAction } from '../../store/use-action';
import { useCall } from '../../store/use-call';
import { complianceReportDataSchema, type ComplianceReportData } from '../../../src-main/common/schemas/licenses';
import { ComplianceReportView } from './compliance-report-view';

/** The report's JSON text as the data the printable view shows, or why it cannot be read. */
function readReport(text: string): { data: ComplianceReportData } | { error: string } {
  try {
    const parsed = complianceReportDataSchema.safeParse(JSON.parse(text));
    return parsed.success ? { data: parsed.data } : { error: 'the report did not match its schema' };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** The compliance report an auditor files: CSV and JSON downloads, and a printable view of the same data. */
export function CompliancePanel() {
  const report = useCall('compliance:report', { format: 'json' });
  const saving = useAction('compliance:report');
  const read = useMemo(() => (report.data ? readReport(report.data.text) : null), [report.data]);
  const data = read && 'data' in read ? read.data : null;
  const error = report.error ?? (read && 'error' in read ? read.error : null) ?? saving.error;
  const save = async (format: 'csv' | 'json') => {
    const r = await saving.run({ format });
    if (!r) return;
    downloadText(r.fileName, r.mediaType, r.text);
    saving.reset(); // the text is downloaded: no need to keep it
  };
  return (
    <div className="stack">
      <div className="actions no-print report-actions">
        <button type="button" className="btn" onClick={() => void save('csv')} disabled={saving.busy}>
          Download CSV
        </button>
        <button type="button" className="btn" onClick={() => void save('json')} disabled={saving.busy}>
          Download JSON
        </button>
        <button type="button" className="btn btn-primary" onClick={() => window.print()} disabled={!data}>
          Print report…
        </button>
        <button type="button" className="btn btn-ghost" onClick={report.reload}>
          Refresh
        </button>
      </div>
      {error && (
        <Notice tone="error" title="Could not build the report">
          <p>{error}</p>
        </Notice>
      )}
      {data ? <ComplianceReportView report={data} /> : !error && <p className="muted">Building the report…</p>}
    </div>
  );
}

import { useCallback, useEffect, useState } from 'react';
import { call } from '../../api/client';
import { Notice } from '../../components/notice';
import { downloadText } from '../../components/download';
import { errorText } from '../../store/types';
import { complianceReportDataSchema, type ComplianceReportData } from '../../../src-main/common/schemas/licenses';
import { ComplianceReportView } from './compliance-report-view';

/** The compliance report an auditor files: CSV and JSON downloads, and a printable view of the same data. */
export function CompliancePanel() {
  const [data, setData] = useState<ComplianceReportData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'csv' | 'json' | null>(null);
  const load = useCallback(async () => {
    setError(null);
    try {
      const report = await call('compliance:report', { format: 'json' });
      const parsed = complianceReportDataSchema.safeParse(JSON.parse(report.text));
      if (!parsed.success) throw new Error('the report did not match its schema');
      setData(parsed.data);
    } catch (e) {
      setError(errorText(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  const save = async (format: 'csv' | 'json') => {
    setBusy(format);
    try {
      const report = await call('compliance:report', { format });
      downloadText(report.fileName, report.mediaType, report.text);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="stack">
      <div className="actions no-print report-actions">
        <button type="button" className="btn" onClick={() => void save('csv')} disabled={busy !== null}>
          Download CSV
        </button>
        <button type="button" className="btn" onClick={() => void save('json')} disabled={busy !== null}>
          Download JSON
        </button>
        <button type="button" className="btn btn-primary" onClick={() => window.print()} disabled={!data}>
          Print report…
        </button>
        <button type="button" className="btn btn-ghost" onClick={() => void load()}>
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

import { useCallback, useEffect, useState } from 'react';
import { useAppStore } from '../../store/app-store';
import { EmptyState } from '../../components/empty-state';
import { Notice } from '../../components/notice';
import { plural } from '../../components/format';
import { hrefFor } from '../../app/routes';
import { AuditFiltersBar } from './audit-filters';
import { AuditTable } from './audit-table';
import { ChainStatus } from './chain-status';
import { AuditEntryPanel } from './audit-entry-panel';
import { AuditExportControl } from './audit-export-control';
import { CheckpointsPanel } from './checkpoints-panel';

export function AuditPage() {
  const a = useAppStore((s) => s.audit.log);
  const chain = useAppStore((s) => s.audit.chain);
  const open = useAppStore((s) => s.info.data?.chainOnOpen ?? null);
  const { loadAudit, loadMoreAudit, verifyChain, setAuditFilters } = useAppStore.getState();
  useEffect(() => {
    // Rows first: verifying 100,000 entries keeps the core busy for a while, and the table should not wait for it.
    void loadAudit().finally(() => void verifyChain());
  }, [loadAudit, verifyChain]);

  const [selectedSeq, setSelectedSeq] = useState<number | null>(null);
  const toggle = useCallback((seq: number) => setSelectedSeq((cur) => (cur === seq ? null : seq)), []);
  const needMore = useCallback(() => void loadMoreAudit(), [loadMoreAudit]);
  const selected = a.rows.find((e) => e.seq === selectedSeq) ?? null;
  const filtered = Object.values(a.filters).some((v) => v.trim() !== '');
  return (
    <div className="page page-fill">
      <div className="page-head">
        <h1>Audit</h1>
        {a.loaded && (
          <span className="page-count" aria-live="polite">
            {filtered
              ? `${plural(a.total, 'matching entry', 'matching entries')}`
              : plural(a.total, 'entry', 'entries')}
          </span>
        )}
        <AuditExportControl />
      </div>
      <ChainStatus
        chain={chain.data}
        open={open}
        loading={chain.loading}
        error={chain.error}
        onVerify={() => void verifyChain()}
      />
      <CheckpointsPanel chain={chain.data} />
      <AuditFiltersBar filters={a.filters} onChange={setAuditFilters} />
      {a.error && (
        <Notice tone="error" title="Could not load the audit log">
          <p>{a.error}</p>
        </Notice>
      )}
      {a.loaded && a.total === 0 ? (
        filtered ? (
          <p className="muted no-match">No entry matches these filters.</p>
        ) : (
          <EmptyState title="The audit log is empty" icon="≡">
            <p>
              Every change to the store (imports, replays, approvals) is written here in a hash chain, in the same
              transaction as the change.
            </p>
            <a className="btn" href={hrefFor('bundles')}>
              Import a bundle
            </a>
          </EmptyState>
        )
      ) : (
        <AuditTable
          entries={a.rows}
          total={a.total}
          selectedSeq={selectedSeq}
          onSelect={toggle}
          onNeedMore={needMore}
        />
      )}
      {selected && <AuditEntryPanel entry={selected} onClose={() => setSelectedSeq(null)} />}
    </div>
  );
}

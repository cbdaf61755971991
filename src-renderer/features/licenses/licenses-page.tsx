import { useCallback, useEffect, useState } from 'react';
import { useAppStore } from '../../store/app-store';
import { EmptyState } from '../../components/empty-state';
import { Notice } from '../../components/notice';
import { plural } from '../../components/format';
import { hrefFor } from '../../app/routes';
import type { LicenseRow } from '../../../src-main/common/schemas/licenses';
import type { LicenseFilters } from '../../store/licenses-slice';
import { LicenseFiltersBar } from './license-filters';
import { LicenseTable, rowKey } from './license-table';
import { ArtifactPanel } from './artifact-panel';
import { PolicyPanel } from './policy-panel';
import { GrantsPanel, type GrantPrefill } from './grants-panel';
import { AccessLog } from './access-log';
import { CompliancePanel } from './compliance-panel';

const TABS = [
  ['artifacts', 'Artifacts'],
  ['policy', 'Policy'],
  ['grants', 'Grants'],
  ['log', 'Access log'],
  ['report', 'Report'],
] as const;
type Tab = (typeof TABS)[number][0];

function ArtifactsTab({ onGrant }: { onGrant(row: LicenseRow): void }) {
  const t = useAppStore((s) => s.licenseTable);
  const { loadLicenses, loadMoreLicenses, setLicenseFilters } = useAppStore.getState();
  const [selected, setSelected] = useState<string | null>(null);
  useEffect(() => {
    void loadLicenses();
  }, [loadLicenses]);
  const toggle = useCallback((key: string) => setSelected((cur) => (cur === key ? null : key)), []);
  const needMore = useCallback(() => void loadMoreLicenses(), [loadMoreLicenses]);
  const row = t.rows.find((r) => rowKey(r) === selected) ?? null;
  const filtered =
    t.filters.text !== '' || t.filters.status !== '' || t.filters.classification !== '' || t.filters.role !== '';
  const everything = t.counts ? Object.values(t.counts).reduce((a, b) => a + b, 0) : 0;

  if (t.loaded && everything === 0) {
    return (
      <EmptyState title="No bundles to check yet" icon="§">
        <p>
          Every artifact of every imported bundle will be listed here with its SPDX license, its status under your
          policy, its access class, grants and last access.
        </p>
        <a className="btn" href={hrefFor('bundles')}>
          Import a bundle
        </a>
      </EmptyState>
    );
  }
  return (
    <>
      <LicenseFiltersBar filters={t.filters} counts={t.counts} onChange={setLicenseFilters} />
      {t.error && (
        <Notice tone="error" title="Could not load the artifacts">
          <p>{t.error}</p>
        </Notice>
      )}
      {t.loaded && (
        <p className="muted small table-count" aria-live="polite">
          {filtered ? `${plural(t.total, 'matching artifact')} of ${everything}` : plural(t.total, 'artifact')}
        </p>
      )}
      {t.loaded && t.total === 0 ? (
        <p className="muted no-match">No artifact matches these filters.</p>
      ) : (
        <LicenseTable rows={t.rows} total={t.total} selected={selected} onSelect={toggle} onNeedMore={needMore} />
      )}
      {row && <ArtifactPanel row={row} onClose={() => setSelected(null)} onGrant={onGrant} />}
    </>
  );
}

/**
 * Licenses & Access: every artifact's license verdict, the policy, grants, the access log and the compliance report.
 */
const isTab = (v: string | undefined): v is Tab => TABS.some(([id]) => id === v);
const isStatus = (v: string | undefined): v is Exclude<LicenseFilters['status'], ''> =>
  v === 'allowed' || v === 'needs-review' || v === 'invalid' || v === 'denied';

/** `params` from the address (the dashboard's links): `tab` opens a tab, `status` narrows the artifacts. */
export function LicensesPage({ params = {} }: { params?: Record<string, string> }) {
  const [tab, setTab] = useState<Tab>(isTab(params.tab) ? params.tab : 'artifacts');
  const wantedStatus = isStatus(params.status) ? params.status : null;
  useEffect(() => {
    if (wantedStatus) useAppStore.getState().setLicenseFilters({ status: wantedStatus });
  }, [wantedStatus]);
  const [prefill, setPrefill] = useState<GrantPrefill | null>(null);
  const grantFor = useCallback((row: LicenseRow) => {
    setPrefill({
      dataset: row.sha256 ?? row.path,
      bundle: row.sha256 ? null : row.bundleDigest,
      label: `${row.path} (${row.classification}) in ${row.bundleName}`,
    });
    setTab('grants');
  }, []);
  return (
    <div className={`page ${tab === 'artifacts' ? 'page-fill' : ''}`}>
      <div className="page-head no-print">
        <h1>Licenses &amp; Access</h1>
      </div>
      <div role="tablist" aria-label="Licenses and access" className="tabs no-print">
        {TABS.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            className="tab"
            onClick={() => setTab(id)}
            onKeyDown={(e) => {
              const i = TABS.findIndex(([t]) => t === id);
              const next =
                e.key === 'ArrowRight'
                  ? TABS[(i + 1) % TABS.length]
                  : e.key === 'ArrowLeft'
                    ? TABS[(i + TABS.length - 1) % TABS.length]
                    : null;
              if (next) {
                setTab(next[0]);
                document.getElementById(`tab-${next[0]}`)?.focus();
              }
            }}
          >
            {label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`panel-${tab}`}
        aria-labelledby={`tab-${tab}`}
        className={`tab-panel ${tab === 'artifacts' ? 'tab-panel-fill' : ''}`}
      >
        {tab === 'artifacts' && <ArtifactsTab onGrant={grantFor} />}
        {tab === 'policy' && <PolicyPanel />}
        {tab === 'grants' && <GrantsPanel prefill={prefill} />}
        {tab === 'log' && <AccessLog />}
        {tab === 'report' && <CompliancePanel />}
      </div>
    </div>
  );
}

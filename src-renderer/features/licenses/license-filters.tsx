import { useEffect, useState } from 'react';
import type { LicenseList } from '../../../src-main/common/schemas/licenses';
import { emptyLicenseFilters, type LicenseFilters } from '../../store/licenses-slice';

const STATUSES = [
  ['allowed', 'Allowed'],
  ['needs-review', 'Needs review'],
  ['invalid', 'Invalid'],
  ['denied', 'Denied'],
] as const;
const CLASSES = ['public', 'internal', 'restricted', 'confidential', 'unclassified'] as const;
const ROLES = ['code', 'data', 'model', 'environment', 'result', 'metadata', 'other'] as const;

/** Selects apply at once; the search text after a short pause, so each keystroke does not refetch. */
export function LicenseFiltersBar({
  filters,
  counts,
  onChange,
}: {
  filters: LicenseFilters;
  counts: LicenseList['counts'] | null;
  onChange(f: Partial<LicenseFilters>): void;
}) {
  const [text, setText] = useState(filters.text);
  useEffect(() => {
    if (text === filters.text) return;
    const t = setTimeout(() => onChange({ text }), 200);
    return () => clearTimeout(t);
  }, [text, filters.text, onChange]);
  const any = text !== '' || filters.status !== '' || filters.classification !== '' || filters.role !== '';

  return (
    <form
      className="filters license-filters"
      role="search"
      aria-label="Filter the artifacts"
      onSubmit={(e) => e.preventDefault()}
    >
      <div className="field field-wide">
        <label htmlFor="lic-text">Search</label>
        <input
          id="lic-text"
          className="input"
          type="search"
          placeholder="Path, license, bundle name or digest…  ( / )"
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-search=""
          aria-keyshortcuts="/"
        />
      </div>
      <div className="field">
        <label htmlFor="lic-status">Status</label>
        <select
          id="lic-status"
          className="input"
          value={filters.status}
          onChange={(e) => onChange({ status: e.target.value as LicenseFilters['status'] })}
        >
          <option value="">Any status</option>
          {STATUSES.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
              {counts ? ` (${counts[v] ?? 0})` : ''}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="lic-class">Access</label>
        <select
          id="lic-class"
          className="input"
          value={filters.classification}
          onChange={(e) => onChange({ classification: e.target.value as LicenseFilters['classification'] })}
        >
          <option value="">Any access class</option>
          {CLASSES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="lic-role">Role</label>
        <select
          id="lic-role"
          className="input"
          value={filters.role}
          onChange={(e) => onChange({ role: e.target.value as LicenseFilters['role'] })}
        >
          <option value="">Any role</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-action">
        <button
          type="button"
          className="btn"
          disabled={!any}
          onClick={() => {
            setText('');
            onChange(emptyLicenseFilters);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}

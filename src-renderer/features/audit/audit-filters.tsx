import { useEffect, useState } from 'react';
import { emptyAuditFilters, type AuditFilters } from '../../store/audit-slice';
import { useCall } from '../../store/use-call';

const TEXT_FIELDS: { key: keyof AuditFilters; label: string; placeholder: string }[] = [
  { key: 'text', label: 'Search', placeholder: 'Search details…  ( / )' },
  { key: 'subject', label: 'Subject', placeholder: 'exact digest' },
];

// Actor and Action offer what the log holds (audit:facets), so a filter never misses on spelling (issue 17).
const CHOICE_FIELDS: { key: 'actor' | 'action'; label: string; all: string }[] = [
  { key: 'actor', label: 'Actor', all: 'Any actor' },
  { key: 'action', label: 'Action', all: 'Any action' },
];

/** Edits locally and applies after a short pause, so each keystroke does not refetch. */
export function AuditFiltersBar({
  filters,
  onChange,
}: {
  filters: AuditFilters;
  onChange(f: Partial<AuditFilters>): void;
}) {
  const [draft, setDraft] = useState(filters);
  useEffect(() => {
    const changed = (Object.keys(draft) as (keyof AuditFilters)[]).filter((k) => draft[k] !== filters[k]);
    if (changed.length === 0) return;
    const t = setTimeout(() => onChange(draft), 200);
    return () => clearTimeout(t);
  }, [draft, filters, onChange]);
  const any = (Object.keys(draft) as (keyof AuditFilters)[]).some((k) => draft[k] !== '');
  const facets = useCall('audit:facets', {});
  const options = (key: 'actor' | 'action') => {
    const held = key === 'actor' ? facets.data?.actors : facets.data?.actions;
    // A value set before the log was read (or from a link) stays choosable.
    return [...new Set([...(held ?? []), ...(draft[key] ? [draft[key]] : [])])];
  };

  return (
    <form className="filters" role="search" aria-label="Filter the audit log" onSubmit={(e) => e.preventDefault()}>
      {TEXT_FIELDS.map((f) => (
        <div className="field" key={f.key}>
          <label htmlFor={`audit-${f.key}`}>{f.label}</label>
          <input
            id={`audit-${f.key}`}
            className="input"
            type={f.key === 'text' ? 'search' : 'text'}
            placeholder={f.placeholder}
            value={draft[f.key]}
            title={
              f.key === 'text' ? 'Words anywhere in the entry details' : `Only entries whose ${f.key} is exactly this`
            }
            onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
            {...(f.key === 'text' ? { 'data-search': '', 'aria-keyshortcuts': '/' } : {})}
          />
        </div>
      ))}
      {CHOICE_FIELDS.map((f) => (
        <div className="field" key={f.key}>
          <label htmlFor={`audit-${f.key}`}>{f.label}</label>
          <select
            id={`audit-${f.key}`}
            className="input"
            value={draft[f.key]}
            title={`Only entries whose ${f.key} is this one`}
            onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
          >
            <option value="">{f.all}</option>
            {options(f.key).map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </div>
      ))}
      <div className="field">
        <label htmlFor="audit-from">From</label>
        <input
          id="audit-from"
          className="input"
          type="datetime-local"
          value={draft.from}
          onChange={(e) => setDraft({ ...draft, from: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor="audit-to">Until</label>
        <input
          id="audit-to"
          className="input"
          type="datetime-local"
          value={draft.to}
          onChange={(e) => setDraft({ ...draft, to: e.target.value })}
        />
      </div>
      <div className="field field-action">
        <button type="button" className="btn" disabled={!any} onClick={() => setDraft(emptyAuditFilters)}>
          Clear
        </button>
      </div>
    </form>
  );
}

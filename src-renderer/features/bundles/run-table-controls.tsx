import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { RunColumnKind, RunFilter, RunFilterOp } from '../../../src-main/common/schemas/run-table';
import { useAppStore } from '../../store/app-store';
import { FIXED_COLUMNS, keyColumn, type ColumnId } from '../../store/run-table-columns';
import { fixedLabel } from './run-table-columns';
import { hrefFor } from '../../app/routes';
import { replicationLabel, replicationStates } from '../dashboard/replication-labels';

/** A menu button over a panel (a native <details>): Escape or a click elsewhere closes it. */
function Popover({
  label,
  children,
  testId,
  align = 'start',
}: {
  label: string;
  children: React.ReactNode;
  testId: string;
  align?: 'start' | 'end'; // which edge of the button the panel lines up with (end: it opens leftwards)
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const onDown = (e: MouseEvent) => {
      if (ref.current?.open && !ref.current.contains(e.target as Node)) ref.current.open = false;
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, []);
  return (
    <details
      ref={ref}
      className={align === 'end' ? 'popover popover-end' : 'popover'}
      data-testid={testId}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && ref.current?.open) {
          e.stopPropagation();
          ref.current.open = false;
          ref.current.querySelector('summary')?.focus();
        }
      }}
    >
      <summary className="btn">{label}</summary>
      <div className="popover-panel">{children}</div>
    </details>
  );
}

/** Which columns the run table shows: the bundle's own, and any metric or parameter the runs hold. */
export function ColumnChooser() {
  const columns = useAppStore((s) => s.bundleColumns);
  const available = useAppStore((s) => s.runColumns);
  const { toggleBundleColumn, loadRunColumns } = useAppStore.getState();
  useEffect(() => void loadRunColumns(), [loadRunColumns]);
  const box = (id: ColumnId, label: string, hint?: string) => (
    <label key={id} className="check-row" title={hint}>
      <input type="checkbox" checked={columns.includes(id)} onChange={() => toggleBundleColumn(id)} />
      <span>{label}</span>
      {hint && <span className="muted small"> {hint}</span>}
    </label>
  );
  const data = available.data;
  return (
    <Popover label="Columns" testId="column-chooser">
      <fieldset>
        <legend>Bundle</legend>
        {FIXED_COLUMNS.map((id) => box(id, fixedLabel(id)))}
      </fieldset>
      <fieldset>
        <legend>Metrics</legend>
        {available.error && <p className="field-error">Could not load the run columns: {available.error}</p>}
        {data && data.metrics.length === 0 && <p className="muted small">No run declares a metric.</p>}
        {data?.metrics.map((m) => box(keyColumn({ kind: 'metric', name: m.name }), m.name, `${m.bundles}`))}
      </fieldset>
      <fieldset>
        <legend>Parameters</legend>
        {data && data.params.length === 0 && <p className="muted small">No run declares a parameter.</p>}
        {data?.params.map((p) => box(keyColumn({ kind: 'param', name: p.name }), p.name, `${p.bundles}`))}
      </fieldset>
    </Popover>
  );
}

const OPS: { op: RunFilterOp; label: string }[] = [
  { op: '=', label: '=' },
  { op: '!=', label: '≠' },
  { op: '>', label: '>' },
  { op: '>=', label: '≥' },
  { op: '<', label: '<' },
  { op: '<=', label: '≤' },
  { op: 'contains', label: 'contains' },
];
const opLabel = (op: RunFilterOp) => OPS.find((o) => o.op === op)?.label ?? op;

/** Checks a filter as typed; the words name the field at fault. */
export function readFilter(
  kind: RunColumnKind,
  name: string,
  op: RunFilterOp,
  raw: string,
): { filter: RunFilter } | { error: string } {
  if (!name) return { error: `Choose a ${kind === 'metric' ? 'metric' : 'parameter'} to filter on.` };
  const text = raw.trim();
  if (!text) return { error: 'Value: type what to compare with.' };
  const n = Number(text);
  const numeric = text !== '' && Number.isFinite(n);
  if ((op === '<' || op === '<=' || op === '>' || op === '>=' || kind === 'metric') && op !== 'contains' && !numeric)
    return {
      error: `Value: “${text}” is not a number; ${kind === 'metric' ? 'a metric' : `${opLabel(op)}`} compares with numbers.`,
    };
  return { filter: { kind, name, op, value: op === 'contains' ? text : numeric ? n : text } };
}

/** The active filters as removable chips, and a form adding one. */
export function RunFilters() {
  const filters = useAppStore((s) => s.bundleList.filters);
  const state = useAppStore((s) => s.bundleList.state);
  const available = useAppStore((s) => s.runColumns.data);
  const { addBundleFilter, removeBundleFilter } = useAppStore.getState();
  const [column, setColumn] = useState('');
  const [op, setOp] = useState<RunFilterOp>('>=');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const [kind, ...rest] = column.split(':');
    const r = readFilter(kind === 'param' ? 'param' : 'metric', rest.join(':'), op, value);
    if ('error' in r) return setError(r.error);
    setError(null);
    setValue('');
    addBundleFilter(r.filter);
  };
  return (
    <>
      <Popover label={filters.length ? `Filter (${filters.length})` : 'Filter'} testId="run-filter" align="end">
        <div className="run-filter-form run-filter-state">
          <label htmlFor={`${id}-state`}>Replication</label>
          {/* The address holds the state (#/bundles?state=failed), as the dashboard's links set it. */}
          <select
            id={`${id}-state`}
            className="input"
            value={state ?? ''}
            onChange={(e) => {
              window.location.hash = hrefFor('bundles', null, e.target.value ? { state: e.target.value } : undefined);
            }}
          >
            <option value="">Any state</option>
            {replicationStates.map((s) => (
              <option key={s} value={s}>
                {replicationLabel[s]}
              </option>
            ))}
          </select>
        </div>
        <form className="run-filter-form" onSubmit={submit} noValidate>
          <label htmlFor={`${id}-col`}>Column</label>
          <select id={`${id}-col`} className="input" value={column} onChange={(e) => setColumn(e.target.value)}>
            <option value="">Choose…</option>
            {available && available.metrics.length > 0 && (
              <optgroup label="Metrics">
                {available.metrics.map((m) => (
                  <option key={m.name} value={`metric:${m.name}`}>
                    {m.name}
                  </option>
                ))}
              </optgroup>
            )}
            {available && available.params.length > 0 && (
              <optgroup label="Parameters">
                {available.params.map((p) => (
                  <option key={p.name} value={`param:${p.name}`}>
                    {p.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
          <label htmlFor={`${id}-op`}>Comparison</label>
          <select id={`${id}-op`} className="input" value={op} onChange={(e) => setOp(e.target.value as RunFilterOp)}>
            {OPS.map((o) => (
              <option key={o.op} value={o.op}>
                {o.label}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-value`}>Value</label>
          <input
            id={`${id}-value`}
            className="input"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={error !== null}
            aria-describedby={error ? `${id}-error` : undefined}
          />
          {error && (
            <p id={`${id}-error`} className="field-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="btn btn-small btn-primary">
            Add filter
          </button>
        </form>
      </Popover>
      {filters.map((f, i) => (
        <span key={`${f.kind}:${f.name}:${i}`} className="filter-chip">
          {f.kind === 'metric' ? '' : 'param '}
          {f.name} {opLabel(f.op)} {String(f.value)}
          <button
            type="button"
            className="filter-chip-clear"
            onClick={() => removeBundleFilter(i)}
            aria-label={`Remove the filter ${f.name} ${opLabel(f.op)} ${String(f.value)}`}
          >
            ✕
          </button>
        </span>
      ))}
    </>
  );
}

import type { DiffEntry, DiffSection } from '../../../src-main/common/schemas/compare';

export const sectionTitles: Record<DiffSection, string> = {
  parameters: 'Parameters',
  metrics: 'Metrics',
  data: 'Data sets',
  environment: 'Environment',
  modules: 'Modules',
  licenses: 'Licenses',
};

/** A text marker beside the colour, so a difference reads without colour too. */
export function changeLabel(e: DiffEntry): string {
  if (e.loud) return '!! different bytes';
  return { added: '+ only in B', removed: '− only in A', changed: '~ changed', same: '= same' }[e.change];
}

/** Digests shortened to 12 characters (the full value is in the tooltip-free JSON of `provdesk diff`). */
export function formatDiffValue(v: DiffEntry['a']): string {
  if (v === null) return '—';
  if (typeof v === 'string' && /^[0-9a-f]{64}$/.test(v)) return `${v.slice(0, 12)}…`;
  return String(v);
}

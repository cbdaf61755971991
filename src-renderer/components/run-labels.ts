import { formatDate } from './format';

/** A run as a list shows it: `key` is unique (a bundle digest, a replay id); the rest tells runs apart. */
export interface NamedRun {
  key: string;
  name: string;
  time?: string | null; // when the run started (or, lacking that, the bundle was imported)
  id?: string | null; // the run's own id, else the bundle digest
  params?: Record<string, unknown> | null;
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * What sets each run apart from others of the same name (issue 17: six "Handwritten digits logistic regression"
 * rows): the parameters that differ within the group (up to two), else the time when the times differ, else a
 * short id. A run whose name is unique gets ''. Only same-named runs are compared with each other.
 */
export function distinguishRuns(runs: readonly NamedRun[]): Map<string, string> {
  const out = new Map<string, string>();
  const groups = new Map<string, NamedRun[]>();
  for (const r of runs) {
    const g = groups.get(r.name);
    if (g) g.push(r);
    else groups.set(r.name, [r]);
  }
  for (const group of groups.values()) {
    if (group.length === 1) {
      out.set(group[0]!.key, '');
      continue;
    }
    const names = [...new Set(group.flatMap((r) => Object.keys(r.params ?? {})))].sort();
    const differing = names
      .filter((n) => new Set(group.map((r) => (r.params && n in r.params ? show(r.params[n]) : '\u0000'))).size > 1)
      .slice(0, 2);
    const byParams = (r: NamedRun) =>
      differing.map((n) => `${n}=${r.params && n in r.params ? show(r.params[n]) : '—'}`).join(', ');
    const byTime = (r: NamedRun) => (r.time ? formatDate(r.time) : '');
    const byId = (r: NamedRun) => (r.id ? r.id.slice(0, 8) : '');
    const labels = [byParams, byTime, byId];
    // The first way that tells every run of the group apart; else the parameters, then the id, together.
    const unique = labels.find((f) => new Set(group.map(f)).size === group.length && group.every((r) => f(r) !== ''));
    for (const r of group) {
      const label = unique ? unique(r) : [byParams(r), byId(r)].filter(Boolean).join(' · ');
      out.set(r.key, label);
    }
  }
  return out;
}

/** "name (what sets it apart)", or the name alone. */
export function runLabel(name: string, suffix: string | undefined): string {
  return suffix ? `${name} (${suffix})` : name;
}

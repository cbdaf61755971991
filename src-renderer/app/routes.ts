import { useSyncExternalStore } from 'react';

export const sections = [
  { id: 'dashboard', label: 'Dashboard', icon: '◫' },
  { id: 'bundles', label: 'Bundles', icon: '▤' },
  { id: 'replays', label: 'Replays', icon: '↻' },
  { id: 'approvals', label: 'Approvals', icon: '✓' },
  { id: 'modules', label: 'Modules', icon: '◇' },
  { id: 'licenses', label: 'Licenses & Access', icon: '§' },
  { id: 'audit', label: 'Audit', icon: '≡' },
  { id: 'settings', label: 'Settings', icon: '⚙' },
  { id: 'registry', label: 'Team registry', icon: '⇅' },
] as const;

export type SectionId = (typeof sections)[number]['id'];
// `digest` is the item the address names: a bundle's digest under bundles, a replay's id under replays.
// `compareWith`: `#/compare/<a>/<b>` is the compare view, shown under Bundles (digest = a).
// `params`: what a list is narrowed to, from `#/bundles?state=approved` (the dashboard links to lists so).
// `home`: the address named no screen; the app shows the dashboard once it has content, else Bundles.
export type Route = {
  section: SectionId;
  digest: string | null;
  compareWith?: string;
  params?: Record<string, string>;
  home?: true;
};

const ids = new Set<string>(sections.map((s) => s.id));

/**
 * `#/bundles/<digest>` → {section: 'bundles', digest}, `#/replays/<id>` likewise; unknown hashes → null (shown as "not
 * found").
 */
export function parseHash(hash: string): Route | null {
  const [path = '', query] = hash.replace(/^#\/?/, '').split('?', 2);
  const params = query ? paramsOf(query) : null;
  const route = parsePath(path);
  return route && params ? { ...route, params } : route;
}

function paramsOf(query: string): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(query)) if (value !== '' && /^[a-z]+$/i.test(key)) params[key] = value;
  return Object.keys(params).length ? params : null;
}

function parsePath(path: string): Route | null {
  const parts = path.split('/').filter(Boolean);
  const [first, second, ...rest] = parts;
  if (!first) return { section: 'dashboard', digest: null, home: true };
  if (first === 'compare') {
    const [other, ...more] = rest;
    return second && other && more.length === 0
      ? { section: 'bundles', digest: decodeURIComponent(second), compareWith: decodeURIComponent(other) }
      : null;
  }
  if (!ids.has(first) || rest.length > 0) return null;
  if (second !== undefined && first !== 'bundles' && first !== 'replays') return null;
  return { section: first as SectionId, digest: second ? decodeURIComponent(second) : null };
}

/** The compare view of bundle a (left) against bundle b (right). */
export function compareHref(a: string, b: string): string {
  return `#/compare/${encodeURIComponent(a)}/${encodeURIComponent(b)}`;
}

export function hrefFor(section: SectionId, digest?: string | null, params?: Record<string, string>): string {
  const base = digest ? `#/${section}/${encodeURIComponent(digest)}` : `#/${section}`;
  const query = params && Object.keys(params).length ? `?${new URLSearchParams(params).toString()}` : '';
  return base + query;
}

/** The screen a route shows: the home address is the dashboard once the store holds a bundle, else Bundles (import). */
export function shownSection(route: Route, bundles: number | null): SectionId {
  return route.home && bundles === 0 ? 'bundles' : route.section;
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}

export function navigate(section: SectionId, digest?: string): void {
  window.location.hash = hrefFor(section, digest);
}

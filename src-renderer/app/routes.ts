import { useSyncExternalStore } from 'react';

export const sections = [
  { id: 'bundles', label: 'Bundles', icon: '▤' },
  { id: 'replays', label: 'Replays', icon: '↻' },
  { id: 'approvals', label: 'Approvals', icon: '✓' },
  { id: 'modules', label: 'Modules', icon: '◇' },
  { id: 'licenses', label: 'Licenses & Access', icon: '§' },
  { id: 'audit', label: 'Audit', icon: '≡' },
  { id: 'settings', label: 'Settings', icon: '⚙' },
] as const;

export type SectionId = (typeof sections)[number]['id'];
// `digest` is the item the address names: a bundle's digest under bundles, a replay's id under replays.
// `compareWith`: `#/compare/<a>/<b>` is the compare view, shown under Bundles (digest = a).
export type Route = { section: SectionId; digest: string | null; compareWith?: string };

const ids = new Set<string>(sections.map((s) => s.id));

/** `#/bundles/<digest>` → {section: 'bundles', digest}, `#/replays/<id>` likewise; unknown hashes → null (shown as "not found"). */
export function parseHash(hash: string): Route | null {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [first, second, ...rest] = parts;
  if (!first) return { section: 'bundles', digest: null };
  if (first === 'compare') {
    const [other, ...more] = rest;
    return second && other && more.length === 0 ? { section: 'bundles', digest: decodeURIComponent(second), compareWith: decodeURIComponent(other) } : null;
  }
  if (!ids.has(first) || rest.length > 0) return null;
  if (second !== undefined && first !== 'bundles' && first !== 'replays') return null;
  return { section: first as SectionId, digest: second ? decodeURIComponent(second) : null };
}

/** The compare view of bundle a (left) against bundle b (right). */
export function compareHref(a: string, b: string): string {
  return `#/compare/${encodeURIComponent(a)}/${encodeURIComponent(b)}`;
}

export function hrefFor(section: SectionId, digest?: string): string {
  return digest ? `#/${section}/${encodeURIComponent(digest)}` : `#/${section}`;
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

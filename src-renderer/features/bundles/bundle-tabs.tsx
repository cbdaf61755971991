import { useRef, type KeyboardEvent } from 'react';
import { hrefFor, parseHash, useHash } from '../../app/routes';

/**
 * The bundle page's sections, one tab each; the tab is in the address (`#/bundles/<digest>?tab=files`) so links and
 * Back work.
 */
export const BUNDLE_TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'files', label: 'Files' },
  { id: 'replays', label: 'Replays' },
  { id: 'licenses', label: 'Licenses' },
  { id: 'approvals', label: 'Approvals' },
  { id: 'audit', label: 'Audit' },
] as const;
export type BundleTab = (typeof BUNDLE_TABS)[number]['id'];

export function bundleTabOf(tab: string | undefined): BundleTab {
  return BUNDLE_TABS.find((t) => t.id === tab)?.id ?? 'overview';
}

export const bundleTabHref = (digest: string, tab: BundleTab) =>
  hrefFor('bundles', digest, tab === 'overview' ? undefined : { tab });

/** The tab the address names (Overview when it names none, or one this page does not have). */
export function useBundleTab(): BundleTab {
  return bundleTabOf(parseHash(useHash())?.params?.tab);
}

export const tabId = (tab: BundleTab) => `bundle-tab-${tab}`;
export const panelId = (tab: BundleTab) => `bundle-panel-${tab}`;

/**
 * WAI-ARIA tabs as links: each tab is an address (a new history entry, so Back returns to the previous tab); arrow
 * keys, Home and End move between tabs, the selected one is the only tab stop.
 */
export function BundleTabList({
  digest,
  current,
  counts,
}: {
  digest: string;
  current: BundleTab;
  counts?: Partial<Record<BundleTab, number>>;
}) {
  const refs = useRef<(HTMLAnchorElement | null)[]>([]);
  const onKey = (e: KeyboardEvent, i: number) => {
    const n = BUNDLE_TABS.length;
    const to =
      e.key === 'ArrowRight'
        ? (i + 1) % n
        : e.key === 'ArrowLeft'
          ? (i - 1 + n) % n
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? n - 1
              : null;
    if (to === null) return;
    e.preventDefault();
    window.location.hash = bundleTabHref(digest, BUNDLE_TABS[to]!.id);
    refs.current[to]?.focus();
  };
  return (
    <div className="bundle-tabs" role="tablist" aria-label="Bundle sections">
      {BUNDLE_TABS.map((t, i) => {
        const selected = t.id === current;
        const count = counts?.[t.id];
        return (
          <a
            key={t.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            id={tabId(t.id)}
            role="tab"
            href={bundleTabHref(digest, t.id)}
            aria-selected={selected}
            aria-controls={panelId(t.id)}
            tabIndex={selected ? 0 : -1}
            className={`bundle-tab ${selected ? 'selected' : ''}`}
            onKeyDown={(e) => onKey(e, i)}
          >
            {t.label}
            {count !== undefined && count > 0 && <span className="tab-count">{count}</span>}
          </a>
        );
      })}
    </div>
  );
}

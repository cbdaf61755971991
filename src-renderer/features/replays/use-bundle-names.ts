import { useEffect, useMemo } from 'react';
import { useAppStore } from '../../store/app-store';

/** Bundle names by digest from the bundle list (loaded once if nothing has loaded it yet). */
export function useBundleNames(): Map<string, string> {
  const list = useAppStore((s) => s.bundleList);
  const loadBundles = useAppStore((s) => s.loadBundles);
  useEffect(() => {
    if (!list.loaded && !list.loading && !list.error) void loadBundles();
  }, [list.loaded, list.loading, list.error, loadBundles]);
  // A search on the Bundles screen narrows the list; names it leaves out fall back to the digest.
  return useMemo(() => new Map(list.rows.map((b) => [b.bundleDigest, b.name])), [list.rows]);
}

import { useEffect, useMemo } from 'react';
import { useAppStore } from '../../store/app-store';
import { distinguishRuns, runLabel } from '../../components/run-labels';

/**
 * Bundle names by digest from the bundle list (loaded once if nothing has loaded it yet); runs of the same name carry
 * what tells them apart (the differing parameter, the time or the id), as in the Bundles table.
 */
export function useBundleNames(): Map<string, string> {
  const list = useAppStore((s) => s.bundleList);
  const loadBundles = useAppStore((s) => s.loadBundles);
  useEffect(() => {
    if (!list.loaded && !list.loading && !list.error) void loadBundles();
  }, [list.loaded, list.loading, list.error, loadBundles]);
  // A search on the Bundles screen narrows the list; names it leaves out fall back to the digest.
  return useMemo(() => {
    const suffixes = distinguishRuns(
      list.rows.map((b) => ({
        key: b.bundleDigest,
        name: b.name,
        time: b.run?.startTime ?? b.importedAt,
        id: b.run?.id ?? b.bundleDigest,
        params: b.run?.params ?? null,
      })),
    );
    return new Map(list.rows.map((b) => [b.bundleDigest, runLabel(b.name, suffixes.get(b.bundleDigest))]));
  }, [list.rows]);
}

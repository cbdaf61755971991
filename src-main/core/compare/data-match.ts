import type { BundleMetadata } from '../../common/schemas/bundle';

/**
 * When two data sets are the same one (issue 17), for drift and Compare alike: by the origin both declare (a URL, an
 * absolute @id, or an identifier), else by their place in the same pipeline (the same path, else the same name),
 * unless the two declare other origins. A file name alone never matches: two pipelines' test.csv are not the same
 * data.
 */

export interface DataItem {
  name: string;
  path: string | null;
  url: string | null;
  identifier: string | null;
  sha256: string | null;
}

/** Data sets, plus data files that no data set names, each with what identifies it across bundles. */
export function dataItems(meta: Pick<BundleMetadata, 'datasets' | 'files'>): DataItem[] {
  const items: DataItem[] = meta.datasets.map((d) => ({
    name: d.name ?? d.id,
    path: d.id,
    url: d.url,
    identifier: d.identifier ?? null,
    sha256: d.sha256,
  }));
  const known = new Set(meta.datasets.map((d) => d.id));
  for (const f of meta.files) {
    if (f.role === 'data' && !known.has(f.path))
      items.push({ name: f.name ?? f.path, path: f.path, url: null, identifier: null, sha256: f.sha256 });
  }
  return items;
}

/** The origin a data set declares: its URL (or absolute @id), else its identifier; null when it declares none. */
export const originOf = (item: Pick<DataItem, 'url' | 'identifier'>): string | null =>
  item.url?.trim() || item.identifier?.trim() || null;

/** Both declare an origin, and not the same one. */
export const otherOrigins = (x: DataItem, y: DataItem): boolean => {
  const ox = originOf(x);
  const oy = originOf(y);
  return ox !== null && oy !== null && ox !== oy;
};

/**
 * The data set of the same pipeline's other bundle that holds the same data: the same path, else the same name; none
 * when that one declares another origin than `item`.
 */
export function pipelineCounterpart(
  item: DataItem,
  candidates: readonly DataItem[],
): { item: DataItem; by: 'path' | 'name' } | null {
  const byPath = item.path !== null ? candidates.find((y) => y.path === item.path) : undefined;
  const found = byPath ? { item: byPath, by: 'path' as const } : null;
  const byName = found ? undefined : candidates.find((y) => y.name === item.name);
  const match = found ?? (byName ? { item: byName, by: 'name' as const } : null);
  return match && !otherOrigins(item, match.item) ? match : null;
}

export type DataPairing = { item: DataItem; by: 'origin' } | { item: DataItem; by: 'path' | 'name'; pipeline: string };

/**
 * The counterpart of `item` among another bundle's data sets: the one declaring the same origin, else, when both
 * bundles belong to the same pipeline (`pipeline`, null when not), its pipeline counterpart.
 */
export function dataCounterpart(
  item: DataItem,
  candidates: readonly DataItem[],
  pipeline: string | null,
): DataPairing | null {
  const origin = originOf(item);
  const sameOrigin = origin !== null ? candidates.find((y) => originOf(y) === origin) : undefined;
  if (sameOrigin) return { item: sameOrigin, by: 'origin' };
  if (pipeline === null) return null;
  const m = pipelineCounterpart(item, candidates);
  return m ? { ...m, pipeline } : null;
}

/** The pipeline two bundles share, by name; null when either has none or they differ. */
export function sharedPipeline(
  a: Pick<BundleMetadata, 'pipeline'>,
  b: Pick<BundleMetadata, 'pipeline'>,
): string | null {
  const pa = a.pipeline?.name?.trim() || null;
  const pb = b.pipeline?.name?.trim() || null;
  return pa !== null && pa === pb ? pa : null;
}

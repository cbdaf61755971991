import type { BundleMetadata } from '../../common/schemas/bundle';
import type { BundleDiff, ChangeKind, DiffEntry } from '../../common/schemas/compare';
import { bundleArtifacts } from '../licenses/evaluate-bundle';
import { dataCounterpart, dataItems, originOf, otherOrigins, sharedPipeline, type DataItem } from './data-match';

type Scalar = string | number | boolean | null;

/** A bundle as compared: its metadata plus what the store knows about it (latest replay, license verdicts). */
export interface CompareSide {
  metadata: BundleMetadata;
  /** Metric name → replayed value, from the latest stored replay (absent: never replayed or not stored). */
  replayed?: Record<string, number | null> | null;
  /** Per-artifact license status under one policy; without it only the expressions are compared. */
  licenses?: { path: string; expression: string | null; status: string }[] | null;
}

export interface DiffOptions {
  /** Include unchanged entries too (default: differences only). */
  all?: boolean;
}

/** Compares two bundles section by section; pure, so the CLI, the app and tests share it. */
export function diffBundles(a: CompareSide, b: CompareSide, options: DiffOptions = {}): BundleDiff {
  const keep = (entries: DiffEntry[]) => (options.all ? entries : entries.filter((e) => e.change !== 'same'));
  return {
    parameters: keep(diffParameters(a.metadata, b.metadata)),
    metrics: keep(diffMetrics(a, b)),
    data: keep(diffData(a.metadata, b.metadata)).sort((x, y) => Number(y.loud ?? false) - Number(x.loud ?? false)),
    environment: keep(diffEnvironment(a.metadata, b.metadata)),
    modules: keep(diffModules(a.metadata, b.metadata)),
    licenses: keep(diffLicenses(a, b)),
  };
}

export function changeOf(a: Scalar | undefined, b: Scalar | undefined): ChangeKind {
  const hasA = a !== undefined && a !== null;
  const hasB = b !== undefined && b !== null;
  if (!hasA && !hasB) return 'same';
  if (!hasA) return 'added';
  if (!hasB) return 'removed';
  return Object.is(a, b) || a === b ? 'same' : 'changed';
}

function entry(name: string, a: Scalar | undefined, b: Scalar | undefined, extra: Partial<DiffEntry> = {}): DiffEntry {
  return { name, a: a ?? null, b: b ?? null, change: changeOf(a, b), ...extra };
}

/** Entries for the union of two keyed maps, in A's order then B's new keys. */
function byKey<T>(
  a: Map<string, T>,
  b: Map<string, T>,
  make: (name: string, x: T | undefined, y: T | undefined) => DiffEntry[],
): DiffEntry[] {
  const names = [...new Set([...a.keys(), ...b.keys()])];
  return names.flatMap((n) => make(n, a.get(n), b.get(n)));
}

export function diffParameters(a: BundleMetadata, b: BundleMetadata): DiffEntry[] {
  const pa = new Map(Object.entries(a.run?.parameters ?? {}));
  const pb = new Map(Object.entries(b.run?.parameters ?? {}));
  return byKey(pa, pb, (name, x, y) => [entry(name, x, y)]);
}

export function diffMetrics(a: CompareSide, b: CompareSide): DiffEntry[] {
  const reported = byKey(
    new Map(Object.entries(a.metadata.run?.metrics ?? {})),
    new Map(Object.entries(b.metadata.run?.metrics ?? {})),
    (name, x, y) => [entry(name, x, y, { source: 'reported' })],
  );
  if (!a.replayed && !b.replayed) return reported;
  const ra = new Map(Object.entries(a.replayed ?? {}));
  const rb = new Map(Object.entries(b.replayed ?? {}));
  const replayed = byKey(ra, rb, (name, x, y) => [
    entry(name, x, y, {
      source: 'replayed',
      ...(!a.replayed || !b.replayed ? { note: `${!a.replayed ? 'A' : 'B'} has no stored replay` } : {}),
    }),
  ]);
  return [...reported, ...replayed];
}

export { dataItems, type DataItem } from './data-match';

const originText = (x: DataItem) => originOf(x) ?? 'no declared origin';

/** Why a data set of one side is not its namesake on the other: the two are different data sets. */
function differentNote(x: DataItem, y: DataItem, other: 'A' | 'B', a: BundleMetadata, b: BundleMetadata): string {
  const why = otherOrigins(x, y)
    ? `origin ${originText(other === 'B' ? x : y)} vs ${originText(other === 'B' ? y : x)}`
    : sharedPipeline(a, b) === null
      ? `no origin in common, and ${pipelineText(a, b)}`
      : `${other}'s is paired with another data set`;
  return `different data set from ${other}'s ${y.name} (${why})`;
}

function pipelineText(a: BundleMetadata, b: BundleMetadata): string {
  const pa = a.pipeline?.name?.trim();
  const pb = b.pipeline?.name?.trim();
  return pa && pb ? `pipelines "${pa}" and "${pb}"` : 'not the same pipeline';
}

/**
 * Data sets are paired as drift pairs them (core/compare/data-match.ts): by the origin both declare, else, within
 * the same pipeline, by path then name (unless they declare other origins). Two unrelated test.csv are never paired:
 * each is listed on its side as a different data set. A pair with another digest is the loud case: the same data is
 * not the same bytes, so every result computed from it needs revalidating.
 */
export function diffData(a: BundleMetadata, b: BundleMetadata): DiffEntry[] {
  const left = dataItems(a);
  const right = dataItems(b);
  const pipeline = sharedPipeline(a, b);
  const used = new Set<DataItem>();
  const out: DiffEntry[] = [];
  for (const x of left) {
    const m = dataCounterpart(
      x,
      right.filter((y) => !used.has(y)),
      pipeline,
    );
    if (!m) {
      const namesake = right.find((y) => y.name === x.name);
      out.push(
        entry(x.name, x.sha256 ?? '(no digest)', null, namesake ? { note: differentNote(x, namesake, 'B', a, b) } : {}),
      );
      continue;
    }
    used.add(m.item);
    const y = m.item;
    const name = x.name === y.name ? x.name : `${x.name} → ${y.name}`;
    const by = m.by === 'origin' ? 'same origin' : `same pipeline and ${m.by}`;
    if (x.sha256 !== null && y.sha256 !== null && x.sha256 !== y.sha256) {
      out.push({ name, a: x.sha256, b: y.sha256, change: 'changed', loud: true, note: `${by}, different digest` });
    } else {
      const moved =
        x.path !== y.path
          ? `path ${x.path ?? '?'} → ${y.path ?? '?'}`
          : originOf(x) !== originOf(y)
            ? `origin ${originOf(x) ?? '(none)'} → ${originOf(y) ?? '(none)'}`
            : undefined;
      out.push({
        name,
        a: x.sha256,
        b: y.sha256,
        change: moved || x.sha256 !== y.sha256 ? 'changed' : 'same',
        ...(moved ? { note: moved } : {}),
      });
    }
  }
  for (const y of right) {
    if (used.has(y)) continue;
    const namesake = left.find((x) => x.name === y.name);
    out.push(
      entry(y.name, null, y.sha256 ?? '(no digest)', namesake ? { note: differentNote(y, namesake, 'A', a, b) } : {}),
    );
  }
  return out;
}

export function environmentValues(meta: Pick<BundleMetadata, 'environment'>): Map<string, string> {
  const env = meta.environment;
  const out = new Map<string, string>();
  if (!env) return out;
  if (env.runtime) out.set('runtime', `${env.runtime.name} ${env.runtime.version}`);
  for (const key of ['os', 'arch', 'cpu', 'gpu'] as const) {
    const v = env[key];
    if (typeof v === 'string' && v) out.set(key, v);
  }
  for (const [name, version] of Object.entries(env.packages ?? {}).sort(([x], [y]) => x.localeCompare(y)))
    out.set(`packages.${name}`, version);
  return out;
}

export function diffEnvironment(a: BundleMetadata, b: BundleMetadata): DiffEntry[] {
  return byKey(environmentValues(a), environmentValues(b), (name, x, y) => [entry(name, x, y)]);
}

/** Module name → its version and commit (modules are matched by name: ids are local to a crate). */
export function moduleValues(meta: Pick<BundleMetadata, 'modules'>): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of meta.modules) {
    out.set(`${m.name}.version`, m.version ?? '(none)');
    if (m.identifier) out.set(`${m.name}.commit`, m.identifier);
    if (m.codeRepository) out.set(`${m.name}.repository`, m.codeRepository);
  }
  return out;
}

export function diffModules(a: BundleMetadata, b: BundleMetadata): DiffEntry[] {
  return byKey(moduleValues(a), moduleValues(b), (name, x, y) => [entry(name, x, y)]);
}

function licenseValues(side: CompareSide): Map<string, string> {
  const out = new Map<string, string>();
  if (side.licenses) {
    for (const l of side.licenses) out.set(l.path, `${l.expression ?? '(none)'} · ${l.status}`);
    return out;
  }
  for (const l of bundleArtifacts(side.metadata)) out.set(l.path, l.expression ?? '(none)');
  return out;
}

export function diffLicenses(a: CompareSide, b: CompareSide): DiffEntry[] {
  return byKey(licenseValues(a), licenseValues(b), (name, x, y) => [entry(name, x, y)]);
}

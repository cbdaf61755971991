import type { BundleMetadata } from '../../common/schemas/bundle';
import { environmentValues, moduleValues } from '../compare/diff-bundles';

/** What pipeline drift compares: module versions and commits, packages and the runtime. */
export type PipelineFacts = Pick<BundleMetadata, 'modules' | 'environment'>;

export type DriftKind = 'data' | 'module' | 'package' | 'runtime';

export interface DriftFinding {
  kind: DriftKind;
  subject: string;
  before: string | null;
  after: string | null;
  message: string;
}

export const revalidateSuggestion = 'replay to revalidate';

const short = (v: string | null) => (v === null ? 'none' : /^[0-9a-f]{40,64}$/.test(v) ? v.slice(0, 12) : v);

/**
 * How a data set was recognised as one held before: by the origin it declares (a URL or an identifier, in any
 * bundle), or by its place in the same pipeline (the data at the same path, or of the same name, in the previous
 * bundle of that pipeline). A file name alone never matches: two pipelines' test.csv are not the same data.
 */
export type DataMatch = { by: 'origin'; origin: string } | { by: 'pipeline'; pipeline: string };

/** A data set held before under the same origin or pipeline role, now with other bytes. */
export function dataDrift(
  name: string,
  before: string,
  after: string,
  earlierName: string,
  match: DataMatch,
): DriftFinding {
  const why = match.by === 'origin' ? `same origin ${match.origin}` : `same data of pipeline "${match.pipeline}"`;
  return {
    kind: 'data',
    subject: name,
    before,
    after,
    message: `data set "${name}" has digest ${short(after)}, but "${earlierName}" holds it as ${short(before)} (${why})`,
  };
}

/**
 * Module versions and commits, package versions and the runtime that changed against the previous bundle of
 * the same pipeline (pure: the caller finds that bundle).
 */
export function pipelineDrift(earlier: PipelineFacts, current: PipelineFacts): DriftFinding[] {
  const out: DriftFinding[] = [];
  const compare = (
    kind: DriftKind,
    before: Map<string, string>,
    after: Map<string, string>,
    keep: (key: string) => boolean,
    label: (key: string) => string,
  ) => {
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      if (!keep(key)) continue;
      const b = before.get(key) ?? null;
      const a = after.get(key) ?? null;
      if (a === b) continue;
      const subject = label(key);
      out.push({
        kind,
        subject,
        before: b,
        after: a,
        message: `${kind} ${subject}: ${short(b)} → ${short(a)} since the previous bundle of this pipeline`,
      });
    }
  };
  compare(
    'module',
    moduleValues(earlier),
    moduleValues(current),
    (k) => k.endsWith('.version') || k.endsWith('.commit'),
    (k) => k.replace(/\.version$/, ' version').replace(/\.commit$/, ' commit'),
  );
  const envBefore = environmentValues(earlier);
  const envAfter = environmentValues(current);
  compare(
    'package',
    envBefore,
    envAfter,
    (k) => k.startsWith('packages.'),
    (k) => k.slice('packages.'.length),
  );
  compare(
    'runtime',
    envBefore,
    envAfter,
    (k) => k === 'runtime',
    () => 'runtime',
  );
  return out;
}

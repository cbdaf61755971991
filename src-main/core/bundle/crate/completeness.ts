import type { BundleMetadata, Completeness } from '../../../common/schemas/bundle';

/**
 * How complete a bundle's provenance is: one check per concern, the score is the share that pass.
 * The level thresholds live here and only here.
 */
// score >= green → green; >= amber → amber; else red
export const COMPLETENESS_THRESHOLDS = { green: 1, amber: 0.5 } as const;

const COMMIT = /^[0-9a-f]{7,64}$/i;
const VERSION = /^v?\d+(\.\d+)+([-+.][0-9A-Za-z.-]+)?$/;
const SEED = /seed|random_state/i;

export function levelFor(score: number): Completeness['level'] {
  if (score >= COMPLETENESS_THRESHOLDS.green) return 'green';
  if (score >= COMPLETENESS_THRESHOLDS.amber) return 'amber';
  return 'red';
}

export function scoreCompleteness(meta: Omit<BundleMetadata, 'completeness'>, weakHashes: boolean): Completeness {
  const checks: Completeness['checks'] = [];
  const check = (id: string, label: string, pass: boolean, reason: string) => checks.push({ id, label, pass, reason });

  check(
    'hashes',
    'Strong hashes',
    !weakHashes,
    weakHashes ? 'only md5/sha1 manifests: verifiable, not approvable' : 'payload protected by SHA-256 (or stronger)',
  );

  check(
    'environment',
    'Environment captured',
    meta.environment !== null,
    meta.environment !== null ? 'env/environment.json present and valid' : 'env/environment.json missing or invalid',
  );

  const unpinned = meta.modules.filter(
    (m) => !pinned(m.identifier) && !(m.version !== null && VERSION.test(m.version)),
  );
  check(
    'code-pinned',
    'Code pinned',
    meta.modules.length > 0 && unpinned.length === 0,
    meta.modules.length === 0
      ? 'no code modules described'
      : unpinned.length > 0
        ? `not pinned to a commit or version: ${unpinned.map((m) => m.name).join(', ')}`
        : `${meta.modules.length} module(s) pinned to a commit or version`,
  );

  const params = meta.run ? Object.keys(meta.run.parameters) : [];
  const seeds = params.filter((p) => SEED.test(p));
  check(
    'parameters',
    'Seed or parameters recorded',
    params.length > 0,
    params.length === 0
      ? 'no run parameters recorded'
      : `${params.length} parameter(s)${seeds.length > 0 ? `, seed: ${seeds.join(', ')}` : ', no seed among them'}`,
  );

  const unlicensed = meta.files.filter((f) => f.license === null);
  check(
    'licenses',
    'Licenses present',
    meta.files.length > 0 && unlicensed.length === 0,
    meta.files.length === 0
      ? 'no payload files'
      : unlicensed.length > 0
        ? `${unlicensed.length} file(s) without a license, own or inherited`
        : 'every file has a license, own or inherited',
  );

  check(
    'replay',
    'Replay spec',
    meta.replay !== null,
    meta.replay !== null ? 'replay.json present and valid' : 'replay.json missing or invalid',
  );

  const score = checks.filter((c) => c.pass).length / checks.length;
  return { level: levelFor(score), score, checks };
}

function pinned(identifier: string | null): boolean {
  return identifier !== null && (COMMIT.test(identifier.trim()) || VERSION.test(identifier.trim()));
}

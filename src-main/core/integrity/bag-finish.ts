import { createHash } from 'node:crypto';
import type { Problem } from '../../common/problem';
import type { VerifyReport } from '../../common/schemas/bundle';
import { RULES } from './bag-rules';
import type { BagAnalysis, BagListing } from './bag-analyze';
import { encodeManifestPath } from './bag-path';
import { bundleDigest } from './bundle-digest';

export interface ComputedFile {
  size: number;
  digests: Record<string, string>;
}

/**
 * Stage 3: compares computed digests with every payload and tag manifest and assembles the report (`computed` holds
 * the payload and the streamed tag files).
 * `computed` may lack files (e.g. after a refusal nothing was hashed); those are simply not compared.
 */
export function finishBag(
  analysis: BagAnalysis,
  listing: BagListing,
  computed: Map<string, ComputedFile>,
  extra: { problems: Problem[]; warnings: Problem[] },
): VerifyReport {
  const problems = [...extra.problems, ...analysis.problems];
  const warnings = [...extra.warnings, ...analysis.warnings];
  for (const m of analysis.payloadManifests) {
    for (const [path, expected] of m.entries) {
      const actual = computed.get(path)?.digests[m.algorithm];
      if (actual !== undefined && actual !== expected) problems.push(mismatch(path, m.algorithm, expected, actual));
    }
  }
  for (const m of analysis.tagManifests) {
    for (const [path, expected] of m.entries) {
      // Held tag files are hashed here; streamed ones were hashed with the payload.
      const buf = listing.tags.get(path);
      const actual = buf ? createHash(m.algorithm).update(buf).digest('hex') : computed.get(path)?.digests[m.algorithm];
      if (actual !== undefined && actual !== expected) problems.push(mismatch(path, m.algorithm, expected, actual));
    }
  }
  let bytes = 0;
  for (const path of analysis.payloadFiles) bytes += computed.get(path)?.size ?? listing.files.get(path) ?? 0;
  const sha256 = analysis.payloadManifests.find((m) => m.algorithm === 'sha256');
  const digest = sha256
    ? bundleDigest([...sha256.entries].map(([path, hex]) => ({ path: encodeManifestPath(path), sha256: hex })))
    : null;
  const complete = problems.every((p) => p.code === 'checksum-mismatch');
  return {
    valid: problems.length === 0,
    complete,
    weak: analysis.weak,
    bagitVersion: analysis.version,
    bundleDigest: digest,
    files: analysis.payloadFiles.length,
    bytes,
    algorithms: analysis.payloadManifests.map((m) => m.algorithm).sort(),
    problems,
    warnings,
  };
}

function mismatch(path: string, algorithm: string, expected: string, actual: string): Problem {
  return {
    code: 'checksum-mismatch',
    message: `${path}: ${algorithm} is ${actual}, the manifest says ${expected}`,
    path,
    algorithm,
    expected,
    actual,
    rule: RULES.valid,
  };
}

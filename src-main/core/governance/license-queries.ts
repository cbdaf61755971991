import type { z } from 'zod';
import { CodedError } from '../../common/result';
import type { BundleLicenses, LicenseList, licenseListRequestSchema } from '../../common/schemas/licenses';
import { evaluateBundleLicenses } from '../licenses/evaluate-bundle';
import { bundleMetadata } from '../store/repos/bundles-repo';
import { artifactPage, artifactStatusCounts, bundleEvaluation, policyVersion } from '../store/repos/licenses-repo';
import type { ReadApi } from '../store/store';

export type LicenseListQuery = z.output<typeof licenseListRequestSchema>;

/**
 * One row per artifact across every stored bundle, filtered and paged in SQL, with the active grants and last
 * access of each data item `now` (licenses-repo.ts says how the page is read).
 */
export function listLicenses(db: ReadApi, q: LicenseListQuery, now: Date): LicenseList {
  const { total, rows } = artifactPage(
    db,
    { status: q.status, classification: q.classification, role: q.role, digest: q.digest, text: q.text },
    { offset: q.offset, limit: q.limit },
    now,
  );
  const counts: LicenseList['counts'] = { allowed: 0, 'needs-review': 0, denied: 0, invalid: 0 };
  for (const c of artifactStatusCounts(db)) counts[c.status] = c.n;
  return { total, counts, rows };
}

/** A bundle's full report under the policy version it was last evaluated with (the current one). */
export function getBundleLicenses(db: ReadApi, digest: string): BundleLicenses {
  const evaluation = bundleEvaluation(db, digest);
  const metadata = bundleMetadata(db, digest);
  if (!evaluation || !metadata)
    throw new CodedError(
      'not-found',
      metadata ? `bundle ${digest} has no license evaluation yet` : `no bundle with digest ${digest} in this store`,
    );
  const policy = policyVersion(db, evaluation.policyVersion);
  if (!policy)
    throw new CodedError(
      'internal',
      `policy version ${evaluation.policyVersion} of bundle ${digest}'s evaluation is missing`,
    );
  const report = evaluateBundleLicenses(metadata, policy.policy);
  return {
    ...report,
    bundleDigest: digest,
    policyVersion: evaluation.policyVersion,
    evaluatedAt: evaluation.evaluatedAt,
  };
}

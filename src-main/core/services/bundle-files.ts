import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Problem } from '../../common/problem';
import { CodedError } from '../../common/result';
import type { BundleMetadata, ImportResult } from '../../common/schemas/bundle';
import type { CompareReport, DriftAlert } from '../../common/schemas/compare';
import { verifyBundle } from '../bundle/verify-bundle';
import { diffBundles } from '../compare/diff-bundles';
import { listDriftAlerts } from '../drift/detect-drift';
import { readPolicy } from '../governance/policy-store';
import { evaluateBundleLicenses, type LicenseReport } from '../licenses/evaluate-bundle';
import { defaultLicensePolicy, type LicensePolicy } from '../licenses/policy';
import { readPolicyFile } from '../licenses/policy-file';
import type { Store } from '../store/store';
import { getBundle, resolveDigest } from './bundle-queries';
import { compareSide, currentPolicy } from './compare-bundles';
import { importBundle, type ImportOptions } from './import-bundle';
import { withStore } from './store-session';
import { readVerifiedMetadata } from './verified-metadata';

/** Bundles named by a file (or a stored digest) on a command line: import, licenses, diff, attestation checks. */

/** Imports a bundle file and lists the drift alerts this import raised (none when it was refused or already there). */
export async function importBundleFile(
  store: Store,
  source: string,
  options: ImportOptions,
): Promise<ImportResult & { drift: DriftAlert[] }> {
  const imported = await importBundle(store, path.resolve(source), options);
  return {
    ...imported,
    drift: imported.imported && imported.bundleDigest ? listDriftAlerts(store, { digest: imported.bundleDigest }) : [],
  };
}

export type { LicensePolicy } from '../licenses/policy';
export type { LicenseReport } from '../licenses/evaluate-bundle';

export type PolicySource =
  { kind: 'file'; file: string } | { kind: 'store'; store: string; version: number } | { kind: 'default' };

/**
 * The license policy a check runs under: a policy file when given (its problems refuse it, as the user's input);
 * else the policy stored in the store at `storeDir` (read-only: works beside a running app); else the shipped default.
 */
export async function licensePolicyFor(
  storeDir: string,
  policyFile?: string,
): Promise<{ policy: LicensePolicy; source: PolicySource }> {
  if (policyFile !== undefined) {
    const { policy, problems } = await readPolicyFile(policyFile);
    if (!policy)
      throw new CodedError(
        'invalid-request',
        `invalid policy file ${policyFile}:\n${problems.map((p) => `  - ${p.message}`).join('\n')}`,
        { input: true, path: policyFile },
      );
    return { policy, source: { kind: 'file', file: policyFile } };
  }
  if (!existsSync(storeDir)) return { policy: defaultLicensePolicy, source: { kind: 'default' } };
  const stored = await withStore(storeDir, (store) => readPolicy(store), { readOnly: true });
  if (stored.version === 0) return { policy: defaultLicensePolicy, source: { kind: 'default' } };
  return { policy: stored.policy, source: { kind: 'store', store: storeDir, version: stored.version } };
}

/**
 * A bundle file's licenses under `policy`, from its verified bytes; a bundle that fails verification is never allowed.
 */
export async function licensesOfBundleFile(
  source: string,
  policy: LicensePolicy,
): Promise<{ bundleDigest: string | null; report: LicenseReport }> {
  const verified = await verifyBundle(source, {});
  try {
    const meta = await readVerifiedMetadata(verified);
    return {
      bundleDigest: verified.report.bundleDigest,
      report: untrustedIfUnverified(evaluateBundleLicenses(meta, policy), verified.report.valid),
    };
  } finally {
    await verified.cleanup();
  }
}

/** Metadata from a bundle that failed verification may have been altered: it can never pass as allowed. */
export function untrustedIfUnverified(report: LicenseReport, valid: boolean): LicenseReport {
  if (valid) return report;
  const finding: Problem = {
    code: 'bundle-not-verified',
    message: 'the bundle failed verification (run `provdesk verify`); its license metadata cannot be trusted',
  };
  return {
    ...report,
    verdict: report.verdict === 'allowed' ? 'needs-review' : report.verdict,
    findings: [finding, ...report.findings],
  };
}

interface Side {
  digest: string | null;
  metadata: BundleMetadata;
  problems: Problem[];
}

/**
 * `provdesk diff`: two bundles, each a file or folder (verified, its metadata read) or the digest (or a prefix of 8+
 * characters) of a bundle in the store at `storeDir`, compared under the store's policy (the default without a store).
 * Problems of each side come back marked "A:" and "B:"; a side that names nothing is the user's input to fix.
 */
export async function compareBundleSources(
  storeDir: string,
  a: string,
  b: string,
  options: { all?: boolean } = {},
): Promise<CompareReport & { problems: Problem[] }> {
  const missing = [a, b].find((x) => !existsSync(x));
  if (missing !== undefined && !existsSync(storeDir)) {
    throw new CodedError(
      'not-found',
      `${missing}: no such bundle file, and no store at ${storeDir} to look a digest up in`,
      { input: true },
    );
  }
  const compare = async (store: Store | null) => {
    const left = await readSide(a, store);
    const right = await readSide(b, store);
    const policy = store ? currentPolicy(store) : defaultLicensePolicy;
    const diff = diffBundles(
      compareSide(store, left.metadata, left.digest, policy),
      compareSide(store, right.metadata, right.digest, policy),
      { all: options.all },
    );
    const problems = [
      ...left.problems.map((p) => ({ ...p, message: `A: ${p.message}` })),
      ...right.problems.map((p) => ({ ...p, message: `B: ${p.message}` })),
    ];
    return {
      bundles: { a: left.digest, b: right.digest },
      names: { a: left.metadata.name, b: right.metadata.name },
      ...diff,
      problems,
    };
  };
  return existsSync(storeDir) ? withStore(storeDir, compare, { readOnly: true }) : compare(null);
}

async function readSide(arg: string, store: Store | null): Promise<Side> {
  if (existsSync(arg)) {
    const verified = await verifyBundle(arg, {});
    try {
      const metadata = await readVerifiedMetadata(verified);
      return {
        digest: verified.report.bundleDigest,
        metadata,
        problems: [...verified.report.problems, ...metadata.problems.filter((p) => p.severity !== 'warning')],
      };
    } catch (error) {
      throw new CodedError('invalid-request', `${arg}: cannot read its metadata: ${(error as Error).message}`, {
        input: true,
        path: arg,
      });
    } finally {
      await verified.cleanup();
    }
  }
  const digest = store ? resolveDigest(store, arg.toLowerCase()) : null;
  if (!digest)
    throw new CodedError('not-found', `${arg}: no such bundle file, nor a stored bundle with that digest`, {
      input: true,
    });
  return { digest, metadata: getBundle(store!, digest).metadata, problems: [] };
}

/**
 * The digest and payload files of a bundle file that verifies, to check a decision against; an invalid one is refused.
 */
export async function verifiedBundleFiles(
  source: string,
): Promise<{ digest: string; files: { path: string; sha256: string }[] }> {
  const verified = await verifyBundle(path.resolve(source));
  try {
    const { report } = verified;
    if (verified.refused || !report.valid || !report.bundleDigest) {
      throw new CodedError(
        'refused',
        `the bundle ${source} does not verify, so the decision cannot be checked against it`,
        { problems: report.problems.slice(0, 10) },
      );
    }
    return { digest: report.bundleDigest, files: verified.payload.map((f) => ({ path: f.path, sha256: f.sha256 })) };
  } finally {
    await verified.cleanup();
  }
}

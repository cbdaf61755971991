import type { Command } from 'commander';
import type { Problem } from '../../common/problem';
import { verifyBundle } from '../../core/integrity/verify-bundle';
import { readVerifiedMetadata } from '../../core/services/verified-metadata';
import { evaluateBundleLicenses, type LicenseReport } from '../../core/licenses/evaluate-bundle';
import type { LicensePolicy } from '../../core/licenses/policy';
import { readPolicyFile } from '../../core/licenses/policy-file';
import { CliExit, emit, exitCode, problemLines, type GlobalOptions } from '../output';
import { storedPolicyFor, type PolicySource } from '../policy-source';


/**
 * `provdesk licenses BUNDLE [--policy FILE]`. Exit 0 only for `allowed`: `needs-review` is not a
 * positive verdict a CI gate may pass on, so it exits 1 like `denied` (the JSON tells them apart).
 */
export function registerLicenses(program: Command, globals: () => GlobalOptions): void {
  program
    .command('licenses')
    .description("check every artifact's SPDX license against a policy (default: the shipped policy)")
    .argument('<bundle>', 'a .zip bundle or a bag folder')
    .option('--policy <file>', 'a policy JSON file: {"intendedUse", "allow", "deny", "review"}; without it, the policy stored in the store (--store, PROVDESK_STORE or the app store), else the shipped default')
    .action(async (bundle: string, options: { policy?: string }) => {
      const opts = globals();
      const { policy, source } = options.policy ? { policy: await loadPolicy(options.policy), source: { kind: 'file', file: options.policy } as PolicySource } : await storedPolicyFor(opts);
      const verified = await verifyBundle(bundle, {});
      try {
        const meta = await readVerifiedMetadata(verified);
        const report = untrustedIfUnverified(evaluateBundleLicenses(meta, policy), verified.report.valid);
        emit(opts, { bundleDigest: verified.report.bundleDigest, ...report, policySource: source }, () => humanReport(bundle, report, policy, source));
        if (report.verdict !== 'allowed') process.exitCode = exitCode.negative;
      } finally {
        await verified.cleanup();
      }
    });
}

/** Metadata from a bundle that failed verification may have been altered: it can never pass as allowed. */
export function untrustedIfUnverified(report: LicenseReport, valid: boolean): LicenseReport {
  if (valid) return report;
  const finding: Problem = { code: 'bundle-not-verified', message: 'the bundle failed verification (run `provdesk verify`); its license metadata cannot be trusted' };
  return { ...report, verdict: report.verdict === 'allowed' ? 'needs-review' : report.verdict, findings: [finding, ...report.findings] };
}

async function loadPolicy(file: string): Promise<LicensePolicy> {
  const { policy, problems } = await readPolicyFile(file);
  if (policy) return policy;
  throw new CliExit(exitCode.usage, `invalid policy file ${file}:\n${problems.map((p) => `  - ${p.message}`).join('\n')}`);
}

function humanReport(bundle: string, report: LicenseReport, policy: LicensePolicy, source: PolicySource): string {
  const head = { allowed: 'ALLOWED', 'needs-review': 'NEEDS REVIEW', denied: 'DENIED' }[report.verdict];
  const from = source.kind === 'file' ? `file ${source.file}` : source.kind === 'store' ? `store policy version ${source.version}` : 'shipped default';
  const lines = [`${head}: ${bundle}`, `  policy ${report.policyHash.slice(0, 12)} (${from}; intended use: ${policy.intendedUse})`];
  for (const a of report.artifacts) {
    const license = a.expression ?? '(none)';
    lines.push(`  ${a.status.padEnd(12)} ${a.path}  ${license}${a.inherited ? ' (inherited)' : ''}${a.flags.length ? `  [${a.flags.join(', ')}]` : ''}`);
    if (a.status !== 'allowed') lines.push(`               ${a.reason}`);
    if (a.suggestion) lines.push(`               suggested: ${a.suggestion}`);
  }
  return lines.join('\n') + problemLines('Findings', report.findings);
}

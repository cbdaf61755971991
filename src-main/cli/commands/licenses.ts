import type { Command } from 'commander';
import type { LicenseReport, LicensePolicy, PolicySource } from '../../core/services/bundle-files';
import { licensePolicyFor, licensesOfBundleFile } from '../../core/services/bundle-files';
import { emit, exitCode, problemLines, type GlobalOptions } from '../output';
import { storeDirOf } from '../open-store';

/**
 * `provdesk licenses BUNDLE [--policy FILE]`. Exit 0 only for `allowed`: `needs-review` is not a
 * positive verdict a CI gate may pass on, so it exits 1 like `denied` (the JSON tells them apart).
 */
export function registerLicenses(program: Command, globals: () => GlobalOptions): void {
  program
    .command('licenses')
    .description("check every artifact's SPDX license against a policy (default: the shipped policy)")
    .argument('<bundle>', 'a .zip bundle or a bag folder')
    .option(
      '--policy <file>',
      'a policy JSON file: {"intendedUse", "allow", "deny", "review"}; without it, the policy stored in the store (--store, PROVDESK_STORE or the app store), else the shipped default',
    )
    .action(async (bundle: string, options: { policy?: string }) => {
      const opts = globals();
      const { policy, source } = await licensePolicyFor(storeDirOf(opts), options.policy);
      const { bundleDigest, report } = await licensesOfBundleFile(bundle, policy);
      emit(opts, { bundleDigest, ...report, policySource: source }, () => humanReport(bundle, report, policy, source));
      if (report.verdict !== 'allowed') process.exitCode = exitCode.negative;
    });
}

function humanReport(bundle: string, report: LicenseReport, policy: LicensePolicy, source: PolicySource): string {
  const head = { allowed: 'ALLOWED', 'needs-review': 'NEEDS REVIEW', denied: 'DENIED' }[report.verdict];
  const from =
    source.kind === 'file'
      ? `file ${source.file}`
      : source.kind === 'store'
        ? `store policy version ${source.version}`
        : 'shipped default';
  const lines = [
    `${head}: ${bundle}`,
    `  policy ${report.policyHash.slice(0, 12)} (${from}; intended use: ${policy.intendedUse})`,
  ];
  for (const a of report.artifacts) {
    const license = a.expression ?? '(none)';
    lines.push(
      `  ${a.status.padEnd(12)} ${a.path}  ${license}${a.inherited ? ' (inherited)' : ''}${a.flags.length ? `  [${a.flags.join(', ')}]` : ''}`,
    );
    if (a.status !== 'allowed') lines.push(`               ${a.reason}`);
    if (a.suggestion) lines.push(`               suggested: ${a.suggestion}`);
  }
  return lines.join('\n') + problemLines('Findings', report.findings);
}

import type { Command } from 'commander';
import { approvalCountText } from '../../common/approval-count';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AttestationReport, ImportDecisionResult } from '../../common/schemas/governance';
import { CodedError } from '../../common/result';
import { verifyAttestationInStore } from '../../core/governance/attestation-store';
import { importDecision } from '../../core/governance/import-decision';
import { localActor } from '../../core/services/app-paths';
import { readIdentity } from '../../core/governance/local-identity';
import { resolveDigest } from '../../core/services/bundle-queries';
import { verifyBundle } from '../../core/integrity/verify-bundle';
import { CliExit, emit, exitCode, problemLines, type GlobalOptions } from '../output';
import { withStore } from '../open-store';

/**
 * `provdesk attestation verify FILE [--bundle BUNDLE]`: checks a signed decision against the store's team keys
 * (THREATS 26). BUNDLE is a bundle file or folder (verified, then compared) or a stored digest. Exit 0 valid, 1 not.
 * `provdesk attestation import FILE`: keeps it (verified against the stored bundle). Exit 0 imported, 1 refused, 2 unreadable.
 */
export function registerAttestation(program: Command, globals: () => GlobalOptions): void {
  const attestation = program.command('attestation').description('signed approval decisions');
  attestation
    .command('verify')
    .description("check a signed decision against the team's keys (from the store), and optionally against a bundle")
    .argument('<file>', 'the decision (DSSE envelope JSON), as approve -o writes it')
    .option('--bundle <bundle>', 'the bundle it must be about: a .zip, a bag folder, or a stored digest (8+ hex)')
    .action(async (file: string, options: { bundle?: string }) => {
      const opts = globals();
      const bytes = readDecision(file);
      const target = options.bundle && existsSync(options.bundle) ? await bundleFromFile(options.bundle) : null;
      const report = await withStore(opts, (store) => {
        let bundle: { digest: string; files?: { path: string; sha256: string }[] } | undefined = target ?? undefined;
        if (options.bundle && !target) {
          const digest = /^[0-9a-f]{8,64}$/i.test(options.bundle) ? resolveDigest(store, options.bundle.toLowerCase()) : null;
          if (!digest) throw new CliExit(exitCode.usage, `--bundle ${options.bundle} is neither a file nor a folder, nor a bundle in the store at ${store.dir}`);
          bundle = { digest };
        }
        return verifyAttestationInStore(store, bytes, readIdentity(store), bundle);
      });
      emit(opts, report, () => human(report, file));
      process.exitCode = report.valid ? exitCode.ok : exitCode.negative;
    });
  attestation
    .command('import')
    .description("keep a teammate's signed decision in this store, so it counts toward the quorum and module owners")
    .argument('<file>', 'the decision (DSSE envelope JSON) they exported with approve -o')
    .action(async (file: string) => {
      const opts = globals();
      const bytes = readDecision(file);
      const result = await withStore(opts, (store) => importDecision(store, bytes, localActor()));
      // A file that is not a DSSE envelope at all is unreadable input (2), not a refused decision (1).
      if (!result.imported && result.problems.some((p) => p.code === 'attestation-invalid')) {
        emit(opts, result, () => `UNREADABLE: ${file}${problemLines('Problems', result.problems)}`);
        process.exitCode = exitCode.usage;
        return;
      }
      emit(opts, result, () => importHuman(result, file));
      process.exitCode = result.imported ? exitCode.ok : exitCode.negative;
    });
}

function readDecision(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new CodedError('io-error', `cannot read ${file}: ${(e as Error).message}`, { input: true, path: file });
  }
}

function importHuman(r: ImportDecisionResult, file: string): string {
  if (!r.imported || !r.record) return `REFUSED: ${file} was not imported${problemLines('Problems', r.problems)}`;
  const c = r.check;
  return [
    `IMPORTED: ${r.record.decision} of bundle ${r.record.bundleDigest} by ${r.record.approver.name} <${r.record.approver.email}> (audit entry #${r.record.auditSeq})`,
    ...(c ? [`Bundle state: ${c.state} (${approvalCountText(c)})`] : []),
  ].join('\n') + problemLines('Notes', r.problems);
}

/** The bundle's digest and payload files, from bytes that verified; an invalid bundle cannot be compared with. */
async function bundleFromFile(source: string): Promise<{ digest: string; files: { path: string; sha256: string }[] }> {
  const verified = await verifyBundle(path.resolve(source));
  try {
    const { report } = verified;
    if (verified.refused || !report.valid || !report.bundleDigest) {
      throw new CodedError('refused', `the bundle ${source} does not verify, so the decision cannot be checked against it`, { problems: report.problems.slice(0, 10) });
    }
    return { digest: report.bundleDigest, files: verified.payload.map((f) => ({ path: f.path, sha256: f.sha256 })) };
  } finally {
    await verified.cleanup();
  }
}

function human(r: AttestationReport, file: string): string {
  if (!r.valid) return `INVALID: ${file}${r.signer ? ` (signed by ${r.signer.name} <${r.signer.email}>)` : ''}${problemLines('Problems', r.problems)}`;
  const p = r.predicate as { reason?: string; time?: string; policyHash?: string; replay?: { verdict?: string } | null } | null;
  return [
    `VALID: ${r.decision} of bundle ${r.bundleDigest}`,
    `  signed by  ${r.signer!.name} <${r.signer!.email}> (key ${r.signer!.keyId.slice(0, 16)})`,
    `  at         ${p?.time ?? '?'}`,
    `  reason     ${p?.reason ?? ''}`,
    `  replay     ${p?.replay?.verdict ?? 'none'}`,
    `  policy     ${p?.policyHash ?? '?'}`,
  ].join('\n');
}

import type { Command } from 'commander';
import { approvalCountText } from '../../common/approval-count';
import type { AttestationReport, ImportDecisionResult } from '../../common/schemas/governance';
import { localActor } from '../../core/services/app-paths';
import { importSignedDecision, verifyDecision } from '../../core/services/governance-actions';
import { readInputFile } from '../../core/services/input-files';
import { emit, exitCode, problemLines, type GlobalOptions } from '../output';
import { storeDirOf, withStore } from '../open-store';

/**
 * `provdesk attestation verify FILE [--bundle BUNDLE]`: checks a signed decision against the store's team keys
 * (THREATS 26). BUNDLE is a bundle file or folder (verified, then compared) or a stored digest. Exit 0 valid, 1 not.
 * `provdesk attestation import FILE`: keeps it (verified against the stored bundle). Exit 0 imported, 1 refused, 2
 * unreadable.
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
      const report = await verifyDecision(storeDirOf(opts), readInputFile(file), options.bundle);
      emit(opts, report, () => human(report, file));
      process.exitCode = report.valid ? exitCode.ok : exitCode.negative;
    });
  attestation
    .command('import')
    .description("keep a teammate's signed decision in this store, so it counts toward the quorum and module owners")
    .argument('<file>', 'the decision (DSSE envelope JSON) they exported with approve -o')
    .action(async (file: string) => {
      const opts = globals();
      const bytes = readInputFile(file);
      const { unreadable, ...result } = await withStore(opts, (store) =>
        importSignedDecision(store, bytes, localActor()),
      );
      // A file that is not a DSSE envelope at all is unreadable input (2), not a refused decision (1).
      if (unreadable) {
        emit(opts, result, () => `UNREADABLE: ${file}${problemLines('Problems', result.problems)}`);
        process.exitCode = exitCode.usage;
        return;
      }
      emit(opts, result, () => importHuman(result, file));
      process.exitCode = result.imported ? exitCode.ok : exitCode.negative;
    });
}

function importHuman(r: ImportDecisionResult, file: string): string {
  if (!r.imported || !r.record) return `REFUSED: ${file} was not imported${problemLines('Problems', r.problems)}`;
  const c = r.check;
  return (
    [
      `IMPORTED: ${r.record.decision} of bundle ${r.record.bundleDigest} by ${r.record.approver.name} <${r.record.approver.email}> (audit entry #${r.record.auditSeq})`,
      ...(c ? [`Bundle state: ${c.state} (${approvalCountText(c)})`] : []),
    ].join('\n') + problemLines('Notes', r.problems)
  );
}

function human(r: AttestationReport, file: string): string {
  if (!r.valid)
    return `INVALID: ${file}${r.signer ? ` (signed by ${r.signer.name} <${r.signer.email}>)` : ''}${problemLines('Problems', r.problems)}`;
  const p = r.predicate as {
    reason?: string;
    time?: string;
    policyHash?: string;
    replay?: { verdict?: string } | null;
  } | null;
  return [
    `VALID: ${r.decision} of bundle ${r.bundleDigest}`,
    `  signed by  ${r.signer!.name} <${r.signer!.email}> (key ${r.signer!.keyId.slice(0, 16)})`,
    `  at         ${p?.time ?? '?'}`,
    `  reason     ${p?.reason ?? ''}`,
    `  replay     ${p?.replay?.verdict ?? 'none'}`,
    `  policy     ${p?.policyHash ?? '?'}`,
  ].join('\n');
}

import type { Command } from 'commander';
import { connectionFlags } from '../registry-flags';
import { auditExportRequestSchema, type ChainReport, type CheckpointImportResult } from '../../common/schemas/audit';
import { localActor } from '../../core/services/app-paths';
import { exportAuditLog, keepCheckpointFile, verifyAuditFile, verifyStoreAudit } from '../../core/services/audit-log';
import { verifyAgainstRegistry } from '../../core/services/registry-sync';
import type { Store } from '../../core/services/store-session';
import { parseFlags } from '../flags';
import { emit, exitCode, problemLines, CliExit, type GlobalOptions } from '../output';
import { storeDirOf, withStore } from '../open-store';
import { unlockStoreKeyForCli } from '../store-key-unlock';

export function registerAudit(program: Command, globals: () => GlobalOptions): void {
  const audit = program.command('audit').description('the hash-chained audit log');
  audit
    .command('verify')
    .description("recompute the store's audit chain, or an exported log's (against a checkpoint)")
    .option('--file <log>', 'an exported JSONL log instead of the store')
    .option(
      '--checkpoint <file>',
      'a checkpoint written by audit export; catches a cut tail (of the file, or of the store without --file)',
    )
    .option(
      '--trust-key <keyId...>',
      "key ids allowed to sign the checkpoint (default: the store's own key, when it has one)",
    )
    .option(
      '--registry <repo>',
      'also check against every checkpoint of this store pushed to this registry repository (provdesk sync)',
    )
    .option('--plain-http', 'with --registry: plain HTTP to a registry that is not on this machine')
    .option('--ca-file <pem>', "with --registry: a PEM file of the CA that signed the registry's certificate")
    .action(
      async (options: {
        file?: string;
        checkpoint?: string;
        trustKey?: string[];
        registry?: string;
        plainHttp?: boolean;
        caFile?: string;
      }) => {
        const opts = globals();
        if (options.registry && options.file)
          throw new CliExit(exitCode.usage, '--registry checks the store, not an exported --file');
        // Without --file the store itself is checked: against every kept checkpoint and the one given, if any.
        const report = options.file
          ? verifyAuditFile(storeDirOf(opts), options.file, options.checkpoint, options.trustKey)
          : await verifyStoreAudit(storeDirOf(opts), {
              ...(options.checkpoint !== undefined ? { checkpointFile: options.checkpoint } : {}),
              ...(options.trustKey ? { trustKeys: options.trustKey } : {}),
              also: (store, checked) => withRegistryCheck(store, checked, options.registry, connectionFlags(options)),
            });
        emit(opts, report, () => describeChain(report));
        if (!report.valid) process.exitCode = exitCode.negative;
      },
    );
  audit
    .command('export')
    .description('write the log as JSONL or CSV and, beside it, a signed checkpoint of its head')
    .option('--format <format>', 'jsonl or csv', 'jsonl')
    .option('-o, --output <file>', 'the file to write', 'audit-log.jsonl')
    .action(async (options: { format: string; output: string }) => {
      const opts = globals();
      const { format } = parseFlags(auditExportRequestSchema.pick({ format: true }), { format: options.format });
      // The export refuses (exit 1) to sign the head of a chain that does not verify.
      const result = await withStore(opts, async (store) =>
        exportAuditLog(store, await unlockStoreKeyForCli(store), {
          format,
          actor: localActor(),
          via: 'cli',
          file: options.output,
        }),
      );
      emit(
        opts,
        result,
        () =>
          `Wrote ${result.entries} entries to ${result.file}\nCheckpoint (signed head ${result.head ?? 'none'}): ${result.checkpoint}`,
      );
    });
  audit
    .command('checkpoint')
    .description('checkpoints kept in the store, which every later verify checks against')
    .command('import')
    .description("keep a checkpoint written by audit export: this store's, signed by a trusted key, and still held")
    .argument('<file>', 'the .checkpoint.json written beside an export')
    .action(async (file: string) => {
      const opts = globals();
      const { unreadable, ...result } = await withStore(opts, (store) => keepCheckpointFile(store, file, localActor()));
      // Not a checkpoint at all is unreadable input (2); a checkpoint refused is a negative answer (1).
      emit(opts, result, () =>
        unreadable ? `UNREADABLE: ${file}${problemLines('Problems', result.problems)}` : describeImport(result, file),
      );
      process.exitCode = result.imported ? exitCode.ok : unreadable ? exitCode.usage : exitCode.negative;
    });
}

/**
 * `--registry REPO`: the store's own checkpoints found there (a cut history is caught even when its kept ones went with
 * it).
 */
async function withRegistryCheck(
  store: Store,
  report: ChainReport,
  registry: string | undefined,
  connection: { plainHttp: boolean; caFile?: string },
): Promise<ChainReport> {
  if (!registry) return report;
  const checked = await verifyAgainstRegistry(store, registry, { actor: localActor(), ...connection });
  report.registry = { repository: registry, checked: checked.checked, holding: checked.holding };
  if (checked.problems.length > 0) {
    report.problems.push(...checked.problems);
    report.valid = false;
  }
  return report;
}

function describeImport(r: CheckpointImportResult, file: string): string {
  const c = r.kept?.checkpoint;
  if (!r.imported || !r.kept || !c) return `REFUSED: ${file} was not kept${problemLines('Problems', r.problems)}`;
  return `KEPT: checkpoint of entry #${c.entries} (${c.time}), head ${c.head}, signed by ${r.kept.signer} (audit entry #${r.kept.auditSeq})\nThe store holds it; every audit verify now checks against it.`;
}

export function describeChain(report: ChainReport): string {
  const head = report.valid
    ? `Audit chain verified: ${report.entries} entries, head ${report.head ?? '(empty)'}`
    : report.firstBadSeq !== null
      ? `Audit chain BROKEN at entry ${report.firstBadSeq} (${report.entries} entries read)`
      : `Audit check FAILED (${report.entries} entries read)`;
  const cp = report.checkpoints;
  const reg = report.registry
    ? `\nRegistry ${report.registry.repository}: ${report.registry.holding} of ${report.registry.checked} of this store's checkpoints hold`
    : '';
  const kept =
    cp && cp.checked > 0
      ? `\nCheckpoints: ${cp.holding} of ${cp.checked} hold${cp.latest ? ` (latest kept: entry #${cp.latest.entries}, ${cp.latest.time})` : ''}`
      : '';
  const m = report.mark;
  const mark = m
    ? `\nVerified-through mark: entry #${m.mark.seq}${m.moved ? ' (moved now)' : m.valid ? '' : ' (not moved: the chain does not hold)'}`
    : '';
  return (
    head + kept + reg + mark + problemLines('Problems', report.problems) + problemLines('Warnings', report.warnings)
  );
}

import type { Command } from 'commander';
import path from 'node:path';
import { verifyChain } from '../../core/audit/audit-log';
import { exportAudit, verifyExportedLog } from '../../core/audit/audit-export';
import { emit, exitCode, problemLines, CliExit, type GlobalOptions } from '../output';
import { storeDirOf, withStore } from '../open-store';
import { loadOrCreateStoreKey } from '../../core/audit/store-key';
import { existsSync } from 'node:fs';
import type { ChainReport } from '../../common/schemas/audit';

export function registerAudit(program: Command, globals: () => GlobalOptions): void {
  const audit = program.command('audit').description('the hash-chained audit log');
  audit
    .command('verify')
    .description("recompute the store's audit chain, or an exported log's (against a checkpoint)")
    .option('--file <log>', 'an exported JSONL log instead of the store')
    .option('--checkpoint <file>', 'a checkpoint written by audit export; catches a cut tail')
    .option('--trust-key <keyId...>', "key ids allowed to sign the checkpoint (default: the store's own key, when it has one)")
    .action(async (options: { file?: string; checkpoint?: string; trustKey?: string[] }) => {
      const opts = globals();
      if (options.checkpoint && !options.file) throw new CliExit(exitCode.usage, '--checkpoint goes with --file LOG.jsonl');
      const report = options.file
        ? verifyExported(options.file, options.checkpoint, options.trustKey ?? storeKeyIds(storeDirOf(opts)))
        : await withStore(opts, (store) => verifyChain(store), true);
      emit(opts, report, () => describeChain(report));
      if (!report.valid) process.exitCode = exitCode.negative;
    });
  audit
    .command('export')
    .description('write the log as JSONL or CSV and, beside it, a signed checkpoint of its head')
    .option('--format <format>', 'jsonl or csv', 'jsonl')
    .option('-o, --output <file>', 'the file to write', 'audit-log.jsonl')
    .action(async (options: { format: string; output: string }) => {
      const opts = globals();
      if (options.format !== 'jsonl' && options.format !== 'csv') throw new CliExit(exitCode.usage, `--format takes jsonl or csv, not ${JSON.stringify(options.format)}`);
      const format = options.format;
      // exportAudit refuses (exit 1) to sign the head of a chain that does not verify.
      const result = await withStore(opts, (store) => exportAudit(store, { format, file: path.resolve(options.output) }));
      emit(opts, result, () => `Wrote ${result.entries} entries to ${result.file}\nCheckpoint (signed head ${result.head ?? 'none'}): ${result.checkpoint}`);
    });
}

function verifyExported(file: string, checkpoint: string | undefined, trusted: string[]): ChainReport {
  const report = verifyExportedLog(path.resolve(file), checkpoint && path.resolve(checkpoint), trusted.length ? { trustedKeyIds: trusted } : {});
  if (checkpoint && trusted.length === 0) {
    // Without a trusted key a forger could re-sign a rewritten log; say so rather than imply more than was checked.
    report.warnings.push({ code: 'checkpoint-key-not-pinned', message: 'no trusted key: the checkpoint was checked against its own public key only (pass --trust-key or --store)' });
  }
  return report;
}

/** The key id of the store's checkpoint-signing key, without creating one. */
function storeKeyIds(storeDir: string): string[] {
  if (!existsSync(path.join(storeDir, 'keys', 'store-signing.pem'))) return [];
  return [loadOrCreateStoreKey(storeDir).keyId];
}

export function describeChain(report: ChainReport): string {
  const head = report.valid
    ? `Audit chain verified: ${report.entries} entries, head ${report.head ?? '(empty)'}`
    : `Audit chain BROKEN at entry ${report.firstBadSeq} (${report.entries} entries read)`;
  return head + problemLines('Problems', report.problems) + problemLines('Warnings', report.warnings);
}

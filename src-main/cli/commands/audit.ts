import type { Command } from 'commander';
import path from 'node:path';
import { verifyChain } from '../../core/audit/audit-log';
import { exportAudit, verifyExportedLog } from '../../core/audit/audit-export';
import { emit, exitCode, problemLines, CliExit, type GlobalOptions } from '../output';
import { withStore } from '../open-store';
import type { ChainReport } from '../../common/schemas/audit';

export function registerAudit(program: Command, globals: () => GlobalOptions): void {
  const audit = program.command('audit').description('the hash-chained audit log');
  audit
    .command('verify')
    .description("recompute the store's audit chain, or an exported log's (against a checkpoint)")
    .option('--file <log>', 'an exported JSONL log instead of the store')
    .option('--checkpoint <file>', 'a checkpoint written by audit export; catches a cut tail')
    .action(async (options: { file?: string; checkpoint?: string }) => {
      const opts = globals();
      if (options.checkpoint && !options.file) throw new CliExit(exitCode.usage, '--checkpoint goes with --file LOG.jsonl');
      const report = options.file ? verifyExportedLog(path.resolve(options.file), options.checkpoint && path.resolve(options.checkpoint)) : await withStore(opts, (store) => verifyChain(store), true);
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
      const result = await withStore(opts, (store) => {
        const report = verifyChain(store);
        return { ...exportAudit(store, { format, file: path.resolve(options.output) }), valid: report.valid, firstBadSeq: report.firstBadSeq };
      });
      emit(opts, result, () => `Wrote ${result.entries} entries to ${result.file}\nCheckpoint (signed head ${result.head ?? 'none'}): ${result.checkpoint}${result.valid ? '' : `\nWARNING: the chain is broken at entry ${result.firstBadSeq}`}`);
      if (!result.valid) process.exitCode = exitCode.negative;
    });
}

export function describeChain(report: ChainReport): string {
  const head = report.valid
    ? `Audit chain verified: ${report.entries} entries, head ${report.head ?? '(empty)'}`
    : `Audit chain BROKEN at entry ${report.firstBadSeq} (${report.entries} entries read)`;
  return head + problemLines('Problems', report.problems) + problemLines('Warnings', report.warnings);
}

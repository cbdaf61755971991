import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CodedError } from '../../common/result';
import { appVersion, localActor } from '../../core/services/app-paths';
import { resolveDigest } from '../../core/services/bundle-queries';
import { buildReport, recordReportProduced } from '../../core/report/produce-report';
import { writeFileDurable } from '../../core/store/file-io';
import { CliExit, emit, exitCode, type GlobalOptions } from '../output';
import { storeDirOf, withStore } from '../open-store';

const verdictWords = { reproduced: 'reproduced', 'not-reproduced': 'NOT reproduced', failed: 'replay failed', 'not-replayed': 'not replayed yet' } as const;

/**
 * `provdesk report BUNDLE [--replay ID] [-o FILE]`: writes a stored bundle's replication report as one
 * self-contained HTML file (durably) and audits it. Exit 0 when written, whatever the verdict: a report is
 * not a verdict; 2 for an unknown bundle or replay.
 */
export function registerReport(program: Command, globals: () => GlobalOptions): void {
  program
    .command('report')
    .description("write a stored bundle's replication report (hypothesis, data, metrics replayed, licenses, approvals, audit) as HTML")
    .argument('<bundle>', 'the digest of a stored bundle (or a unique prefix of at least 8 characters)')
    .option('--replay <id>', "the replay to report on (default: the bundle's latest replay)")
    .option('-o, --output <file>', 'the HTML file to write (default: replication-report-<name>-<digest>.html here)')
    .action(async (bundle: string, options: { replay?: string; output?: string }) => {
      const opts = globals();
      const storeDir = storeDirOf(opts);
      if (!existsSync(storeDir)) throw new CliExit(exitCode.usage, `no store at ${storeDir} to look bundle ${bundle} up in`);
      const result = await withStore(opts, (store) => {
        const digest = resolveDigest(store, bundle.toLowerCase());
        if (!digest) throw new CliExit(exitCode.usage, `no bundle with digest ${bundle} in the store at ${store.dir}`);
        const actor = localActor();
        const built = buildReport(store, digest, { actor, appVersion: appVersion(), ...(options.replay !== undefined ? { replayId: options.replay } : {}) });
        const file = path.resolve(options.output ?? built.fileName);
        try {
          writeFileDurable(file, Buffer.from(built.html, 'utf8'));
        } catch (error) {
          throw new CodedError('io-error', `could not write ${file}: ${(error as Error).message}`);
        }
        recordReportProduced(store, actor, built.report, 'html', file);
        return { file, bundleDigest: digest, verdict: built.report.verdict, replayId: built.report.replay?.id ?? null, approvals: built.report.approvals.records.length };
      });
      emit(opts, result, () => `Wrote ${result.file}\nbundle ${result.bundleDigest}: ${verdictWords[result.verdict]}${result.replayId ? ` (replay ${result.replayId})` : ''}`);
    });
}

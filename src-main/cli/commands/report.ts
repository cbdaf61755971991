import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { reportRequestSchema } from '../../common/schemas/report';
import { localActor } from '../../core/services/app-paths';
import { writeReportFile } from '../../core/services/report-file';
import { parseFlags } from '../flags';
import { CliExit, emit, exitCode, type GlobalOptions } from '../output';
import { storeDirOf, withStore } from '../open-store';

const verdictWords = {
  reproduced: 'reproduced',
  'not-reproduced': 'NOT reproduced',
  failed: 'replay failed',
  'not-replayed': 'not replayed yet',
} as const;

/**
 * `provdesk report BUNDLE [--replay ID] [-o FILE]`: writes a stored bundle's replication report as one
 * self-contained HTML file (durably) and audits it. Exit 0 when written, whatever the verdict: a report is
 * not a verdict; 2 for an unknown bundle or replay.
 */
export function registerReport(program: Command, globals: () => GlobalOptions): void {
  program
    .command('report')
    .description(
      "write a stored bundle's replication report (hypothesis, data, metrics replayed, licenses, approvals, audit) as HTML",
    )
    .argument('<bundle>', 'the digest of a stored bundle (or a unique prefix of at least 8 characters)')
    .option('--replay <id>', "the replay to report on (default: the bundle's latest replay)")
    .option('-o, --output <file>', 'the HTML file to write (default: replication-report-<name>-<digest>.html here)')
    .action(async (bundle: string, options: { replay?: string; output?: string }) => {
      const opts = globals();
      const storeDir = storeDirOf(opts);
      if (!existsSync(storeDir))
        throw new CliExit(exitCode.usage, `no store at ${storeDir} to look bundle ${bundle} up in`);
      const { replayId } = parseFlags(
        reportRequestSchema.pick({ replayId: true }),
        { replayId: options.replay },
        { replayId: { flag: '--replay' } },
      );
      const result = await withStore(opts, (store) =>
        writeReportFile(store, bundle, {
          actor: localActor(),
          ...(replayId !== undefined ? { replayId } : {}),
          ...(options.output !== undefined ? { output: options.output } : {}),
        }),
      );
      emit(
        opts,
        result,
        () =>
          `Wrote ${result.file}\nbundle ${result.bundleDigest}: ${verdictWords[result.verdict]}${result.replayId ? ` (replay ${result.replayId})` : ''}`,
      );
    });
}

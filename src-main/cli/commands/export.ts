import type { Command } from 'commander';
import { exportBundle } from '../../core/services/export-bundle';
import { resolveDigest } from '../../core/services/bundle-queries';
import { localActor } from '../../core/services/app-paths';
import { emit, exitCode, CliExit, type GlobalOptions } from '../output';
import { withStore } from '../open-store';

export function registerExport(program: Command, globals: () => GlobalOptions): void {
  program
    .command('export')
    .description('write a stored bundle back out as a zip with the same bundle digest')
    .argument('<digest>', 'the bundle digest (or a unique prefix of at least 8 characters)')
    .requiredOption('-o, --output <file>', 'the zip file to write')
    .option('--override <reason>', 'export restricted or confidential data without a grant; the reason is audited')
    .action(async (digest: string, options: { output: string; override?: string }) => {
      const opts = globals();
      const result = await withStore(opts, (store) => {
        const full = resolveDigest(store, digest.toLowerCase());
        if (!full) throw new CliExit(exitCode.usage, `no bundle with digest ${digest} in this store`);
        return exportBundle(store, full, options.output, localActor(), options.override !== undefined ? { override: options.override } : {});
      });
      emit(opts, result, () => `Wrote ${result.file} (bundle digest ${result.bundleDigest})`);
    });
}

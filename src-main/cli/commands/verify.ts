import type { Command } from 'commander';
import { z } from 'zod';
import { workerThreadsSchema } from '../../common/schemas/run-options';
import { checkBundle, trustedKeysAt } from '../../core/services/bundle-check';
import { number, parseFlags } from '../flags';
import { emit, exitCode, formatBytes, problemLines, progressReporter, type GlobalOptions } from '../output';
import { storeDirOf } from '../open-store';
import { progressLine } from '../progress-line';
import { authorshipLine } from '../authorship-lines';

export function registerVerify(program: Command, globals: () => GlobalOptions): void {
  program
    .command('verify')
    .description(
      'check BagIt structure and fixity, metadata well-formedness and the author signature of a bundle (zip or folder); needs no store',
    )
    .argument('<bundle>', 'a .zip bundle or a bag folder')
    .option('--threads <n>', 'hashing workers')
    .action(async (bundle: string, options: { threads?: string }) => {
      const opts = globals();
      const { threads } = parseFlags(
        z.object({ threads: workerThreadsSchema.optional() }),
        { threads: number(options.threads) },
        { threads: { expected: 'a positive whole number' } },
      );
      const report = progressReporter(!opts.json);
      const checked = await checkBundle(bundle, {
        threads,
        onProgress: report && ((p) => report(progressLine(p))),
        keys: () => trustedKeysAt(storeDirOf(opts)),
      });
      await checked.verified.cleanup();
      if (report) process.stderr.write('\n');
      const r = checked.report;
      const authorship = checked.authorship;
      emit(opts, { ...r, authorship }, () => {
        const head = r.valid
          ? r.weak
            ? 'VALID (weakly protected: md5/sha1 only, cannot be approved)'
            : 'VALID'
          : checked.refusals.length > 0
            ? 'INVALID (metadata refused)'
            : r.complete
              ? 'INVALID'
              : 'INVALID (incomplete)';
        return (
          [
            `${head}: ${bundle}`,
            `  BagIt ${r.bagitVersion ?? '?'}, ${r.files} payload files, ${formatBytes(r.bytes)}, manifests: ${r.algorithms.join(', ') || 'none'}`,
            `  bundle digest ${r.bundleDigest ?? '(none: no sha256 manifest)'}`,
            ...(checked.metadata ? [authorshipLine(authorship)] : []),
          ].join('\n') +
          problemLines('Problems', r.problems) +
          problemLines('Warnings', [...r.warnings, ...(authorship.status === 'invalid' ? [] : authorship.problems)])
        );
      });
      if (!r.valid) process.exitCode = exitCode.negative;
    });
}

import type { Command } from 'commander';
import { importBundleFile } from '../../core/services/bundle-files';
import { localActor } from '../../core/services/app-paths';
import { emit, exitCode, problemLines, progressReporter, type GlobalOptions } from '../output';
import { progressLine } from '../progress-line';
import { withStore } from '../open-store';
import type { DriftAlert } from '../../common/schemas/compare';
import { authorshipLine } from '../authorship-lines';

export function registerImport(program: Command, globals: () => GlobalOptions): void {
  program
    .command('import')
    .description('verify a bundle and keep it in the store (content-addressed), with an audit entry')
    .argument('<bundle>', 'a .zip bundle or a bag folder')
    .action(async (bundle: string) => {
      const opts = globals();
      const report = progressReporter(!opts.json);
      const controller = new AbortController();
      const onSignal = () => controller.abort();
      process.once('SIGINT', onSignal);
      try {
        // With the drift alerts this import raised (none when it was refused or already present).
        const result = await withStore(opts, (store) =>
          importBundleFile(store, bundle, {
            actor: localActor(),
            signal: controller.signal,
            onProgress: report && ((p) => report(progressLine(p))),
          }),
        );
        if (report) process.stderr.write('\n');
        emit(opts, result, () => {
          const head = result.refused
            ? `REFUSED: ${bundle} was not imported`
            : result.status === 'refused-metadata'
              ? `KEPT AS REFUSED METADATA: ${result.bundleDigest} (its bytes verified, but its metadata cannot be relied on: it can never be approved)`
              : result.imported
                ? `Imported ${result.bundleDigest}`
                : `Already in the store: ${result.bundleDigest}${result.presentAs ? ` as "${result.presentAs.name}"` : ''}${result.authorshipAdded ? ' (this copy’s author signature was added to it)' : ' (nothing changed)'}${result.presentAs?.copyWeak && result.status !== 'weak' ? '; this copy lists only MD5/SHA-1 checksums, the store keeps the same bytes under a SHA-256 manifest' : ''}`;
          const signed = result.authorship ? `\n${authorshipLine(result.authorship)}` : '';
          const signatureNotes =
            result.authorship && result.authorship.status !== 'invalid' ? result.authorship.problems : [];
          return (
            head +
            signed +
            problemLines('Problems', result.problems) +
            problemLines('Warnings', [...result.warnings, ...signatureNotes]) +
            driftLines(result.drift)
          );
        });
        // Kept but never approvable (refused metadata, a false signature) is a negative verdict too.
        if (result.refused || result.status === 'refused-metadata' || result.authorship?.status === 'invalid')
          process.exitCode = exitCode.negative;
      } finally {
        process.off('SIGINT', onSignal);
      }
    });
}

function driftLines(alerts: DriftAlert[]): string {
  if (alerts.length === 0) return '';
  const earlier = [...new Set(alerts.map((a) => a.earlierDigest.slice(0, 12)))];
  return `\nDrift (${alerts.length}): ${alerts[0]!.suggestion}; compare with: provdesk diff ${earlier[0]} <this bundle>\n${alerts.map((a) => `  - ${a.kind}: ${a.message}`).join('\n')}`;
}

import type { Command } from 'commander';
import path from 'node:path';
import { importBundle } from '../../core/services/import-bundle';
import { localActor } from '../../core/services/app-paths';
import { emit, exitCode, problemLines, progressReporter, type GlobalOptions } from '../output';
import { progressLine } from '../progress-line';
import { withStore } from '../open-store';
import { listDriftAlerts } from '../../core/drift/detect-drift';
import type { DriftAlert } from '../../common/schemas/compare';

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
        const result = await withStore(opts, async (store) => {
          const imported = await importBundle(store, path.resolve(bundle), { actor: localActor(), signal: controller.signal, onProgress: report && ((p) => report(progressLine(p))) });
          // Drift alerts raised by this import (none when it was refused or already present).
          return { ...imported, drift: imported.imported && imported.bundleDigest ? listDriftAlerts(store, { digest: imported.bundleDigest }) : [] };
        });
        if (report) process.stderr.write('\n');
        emit(opts, result, () => {
          const head = result.refused
            ? `REFUSED: ${bundle} was not imported`
            : result.imported
              ? `Imported ${result.bundleDigest}`
              : `Already in the store: ${result.bundleDigest} (nothing changed)`;
          return head + problemLines('Problems', result.problems) + problemLines('Warnings', result.warnings) + driftLines(result.drift);
        });
        if (result.refused) process.exitCode = exitCode.negative;
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

import type { Command } from 'commander';
import { contract } from '../../common/contract';
import { localActor } from '../../core/services/app-paths';
import { requireDigest } from '../../core/services/bundle-queries';
import { dismissDrift, driftAlertList, type ListedDriftAlert } from '../../core/services/drift-alerts';
import { number, parseFlags } from '../flags';
import { emit, type GlobalOptions } from '../output';
import { withStore } from '../open-store';

/** `provdesk drift list|dismiss`: the alerts raised at import, and closing a false alarm with its reason. */
export function registerDrift(program: Command, globals: () => GlobalOptions): void {
  const drift = program
    .command('drift')
    .description('drift alerts raised at import: list them, dismiss a false alarm or known change with a reason');
  drift
    .command('list')
    .description('the drift alerts, data drift first, then newest first (at most 500), with their state')
    .option('--bundle <digest>', 'only the alerts raised on this bundle (digest or a unique prefix of 8+ characters)')
    .option('--open', 'only the open alerts (neither dismissed nor revalidated by a later replay)')
    .action(async (options: { bundle?: string; open?: boolean }) => {
      const opts = globals();
      const result = await withStore(
        opts,
        (store) =>
          driftAlertList(store, {
            ...(options.bundle !== undefined ? { digest: requireDigest(store, options.bundle) } : {}),
            open: options.open === true,
          }),
        true,
      );
      emit(opts, result, () => {
        const head = `${result.open} open of ${result.total} drift ${result.total === 1 ? 'alert' : 'alerts'}`;
        if (result.alerts.length === 0) return result.total === 0 ? 'No drift alerts.' : `${head}; none shown.`;
        return [head, ...result.alerts.map(alertLines)].join('\n\n');
      });
    });
  drift
    .command('dismiss')
    .description('close an alert as a false alarm or a known change, with the reason (audited as drift.dismiss)')
    .argument('<id>', 'the alert id, as drift list shows it')
    .requiredOption('--reason <text>', 'why this is not drift (for example "another pipeline\'s test set")')
    .action(async (id: string, options: { reason: string }) => {
      const opts = globals();
      // The app's drift:dismiss request: a positive whole id and a reason that is not blank.
      const request = parseFlags(
        contract['drift:dismiss'].request,
        { id: number(id), reason: options.reason },
        { id: { flag: 'ID', expected: 'a positive whole number (the id drift list shows)' } },
      );
      const alert = await withStore(opts, (store) => dismissDrift(store, request.id, request.reason, localActor()));
      emit(opts, { alert }, () => `Dismissed drift alert ${alert.id}: ${alert.message}\nreason: ${request.reason}`);
    });
}

function alertLines(a: ListedDriftAlert): string {
  const lines = [
    `#${a.id}  ${a.state.padEnd(11)} ${a.kind.padEnd(8)} ${a.bundleName ?? '(not in the store)'}  ${a.bundleDigest.slice(0, 16)}`,
    `  ${a.message}`,
    `  compares with ${a.earlierName ?? '(no longer in the store)'}  ${a.earlierDigest.slice(0, 16)}`,
  ];
  if (a.dismissed) lines.push(`  dismissed by ${a.dismissed.actor} at ${a.dismissed.at}: ${a.dismissed.reason}`);
  else if (a.state === 'open') lines.push(`  ${a.suggestion}, or: provdesk drift dismiss ${a.id} --reason TEXT`);
  return lines.join('\n');
}

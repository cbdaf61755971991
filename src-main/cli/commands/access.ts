import type { Command } from 'commander';
import { contract } from '../../common/contract';
import type { AccessEvent, Grant } from '../../common/schemas/licenses';
import { localActor } from '../../core/services/app-paths';
import { accessLog, grantAccess, grantsNow, revokeAccess } from '../../core/services/licenses-access';
import { number, parseFlags } from '../flags';
import { emit, type GlobalOptions } from '../output';
import { withStore } from '../open-store';

// The app's requests, with the flags that fill their fields where the names differ.
const grantFlags = contract['access:grant'].request.omit({ bundle: true });
const eventFlags = contract['access:events'].request.omit({ digest: true });
const named = { expiresAt: { flag: '--expires' } };

/** `provdesk access grant|revoke|list|log`: who may use restricted data, and who did. */
export function registerAccess(program: Command, globals: () => GlobalOptions): void {
  const access = program
    .command('access')
    .description('grants to restricted and confidential data sets, and the access log');
  access
    .command('grant')
    .description('let someone use a data set under an agreement, until an expiry (audited)')
    .requiredOption('--grantee <who>', 'who may use the data (compared with the acting user name, ignoring case)')
    .requiredOption('--dataset <sha256|path>', "the data file's SHA-256, or its path in the bundle (relative to data/)")
    .option('--bundle <digest>', 'only within this bundle (digest or a unique prefix of 8+ characters)')
    .requiredOption('--agreement <text>', 'the agreement the grant rests on (e.g. a data use agreement id)')
    .option('--expires <iso>', 'when the grant ends (ISO-8601, e.g. 2026-12-31T23:59:59Z); none: until revoked')
    .action(
      async (options: { grantee: string; dataset: string; bundle?: string; agreement: string; expires?: string }) => {
        const opts = globals();
        const request = parseFlags(
          grantFlags,
          {
            grantee: options.grantee,
            dataset: options.dataset,
            agreement: options.agreement,
            expiresAt: options.expires,
          },
          named,
        );
        const grant = await withStore(opts, (store) => grantAccess(store, request, options.bundle, localActor()));
        emit(opts, grant, () => `Granted ${grant.id}\n${grantLines(grant)}`);
      },
    );
  access
    .command('revoke')
    .description('end a grant now, with the reason (audited)')
    .argument('<grant-id>', 'the grant id, as access list shows it')
    .requiredOption('--reason <text>', 'why the grant ends')
    .action(async (id: string, options: { reason: string }) => {
      const opts = globals();
      const request = parseFlags(
        contract['access:revoke'].request,
        { id, reason: options.reason },
        { id: { flag: 'GRANT-ID' } },
      );
      const grant = await withStore(opts, (store) => revokeAccess(store, request.id, request.reason, localActor()));
      emit(opts, grant, () => `Revoked ${grant.id}\n${grantLines(grant)}`);
    });
  access
    .command('list')
    .description('the grants, newest first, with their state (active, expired, revoked)')
    .option('--state <state>', 'only active, expired or revoked grants')
    .action(async (options: { state?: string }) => {
      const opts = globals();
      const { state } = parseFlags(contract['access:grants'].request, { state: options.state });
      const grants = await withStore(opts, (store) => grantsNow(store, state), true);
      emit(opts, { grants }, () =>
        grants.length === 0 ? 'No grants.' : grants.map((g) => `${g.id}  ${g.state}\n${grantLines(g)}`).join('\n\n'),
      );
    });
  access
    .command('log')
    .description('access events (open, replay, export), newest first')
    .option('--actor <who>', 'only this user')
    .option('--bundle <digest>', 'only this bundle (digest or a unique prefix)')
    .option('--purpose <purpose>', 'open, replay or export')
    .option('--outcome <outcome>', 'allowed, granted, override or refused')
    .option('--limit <n>', 'at most this many events', '200')
    .action(async (options: { actor?: string; bundle?: string; purpose?: string; outcome?: string; limit: string }) => {
      const opts = globals();
      const request = parseFlags(eventFlags, {
        actor: options.actor,
        purpose: options.purpose,
        outcome: options.outcome,
        limit: number(options.limit),
      });
      const page = await withStore(opts, (store) => accessLog(store, request, options.bundle), true);
      emit(opts, page, () =>
        page.events.length === 0
          ? 'No access events.'
          : [
              `${page.total} event${page.total === 1 ? '' : 's'}${page.total > page.events.length ? `, newest ${page.events.length} shown` : ''}`,
              ...page.events.map(eventLine),
            ].join('\n'),
      );
    });
}

function grantLines(g: Grant): string {
  return [
    `  grantee    ${g.grantee}`,
    `  data set   ${g.datasetPath}${g.datasetSha256 ? ` (sha256 ${g.datasetSha256})` : ''}${g.bundleDigest ? ` in bundle ${g.bundleDigest.slice(0, 16)}` : ', in any bundle'}`,
    `  agreement  ${g.agreement}`,
    `  granted    ${g.grantedAt} by ${g.grantedBy}`,
    `  expires    ${g.expiresAt ?? 'never (until revoked)'}`,
    ...(g.revokedAt ? [`  revoked    ${g.revokedAt} by ${g.revokedBy}: ${g.revokeReason}`] : []),
  ].join('\n');
}

function eventLine(e: AccessEvent): string {
  const extra =
    e.outcome === 'override'
      ? ` override: ${e.overrideReason}`
      : e.outcome === 'refused'
        ? ` ${e.reason}`
        : e.grantId
          ? ` under ${e.grantId}`
          : '';
  return `${e.time.slice(0, 19)}  ${e.outcome.padEnd(8)} ${e.purpose.padEnd(6)} ${e.actor}  ${e.datasetPath} (${e.classification}) in ${e.bundleName ?? e.bundleDigest.slice(0, 16)}${extra}`;
}

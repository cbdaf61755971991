import type { Command } from 'commander';
import { accessEventsRequestSchema, grantRequestSchema, grantStateSchema, type AccessEvent, type Grant } from '../../common/schemas/licenses';
import { addGrant, listGrants, revokeGrant } from '../../core/governance/grants';
import { listAccessEvents } from '../../core/governance/access-events';
import { backfillLicenseEvaluations } from '../../core/governance/license-evaluations';
import { resolveDigest } from '../../core/services/bundle-queries';
import { localActor } from '../../core/services/app-paths';
import type { ReadApi } from '../../core/store/store';
import { CliExit, emit, exitCode, type GlobalOptions } from '../output';
import { withStore } from '../open-store';

/** `provdesk access grant|revoke|list|log`: who may use restricted data, and who did. */
export function registerAccess(program: Command, globals: () => GlobalOptions): void {
  const access = program.command('access').description('grants to restricted and confidential data sets, and the access log');
  access
    .command('grant')
    .description('let someone use a data set under an agreement, until an expiry (audited)')
    .requiredOption('--grantee <who>', 'who may use the data (compared with the acting user name, ignoring case)')
    .requiredOption('--dataset <sha256|path>', "the data file's SHA-256, or its path in the bundle (relative to data/)")
    .option('--bundle <digest>', 'only within this bundle (digest or a unique prefix of 8+ characters)')
    .requiredOption('--agreement <text>', 'the agreement the grant rests on (e.g. a data use agreement id)')
    .option('--expires <iso>', 'when the grant ends (ISO-8601, e.g. 2026-12-31T23:59:59Z); none: until revoked')
    .action(async (options: { grantee: string; dataset: string; bundle?: string; agreement: string; expires?: string }) => {
      const opts = globals();
      const grant = await withStore(opts, (store) => {
        const actor = localActor();
        backfillLicenseEvaluations(store, actor); // bundles stored by an older build have no data-set rows yet
        const bundle = options.bundle ? fullDigest(store, options.bundle) : undefined;
        const parsed = grantRequestSchema.safeParse({ grantee: options.grantee, dataset: options.dataset, agreement: options.agreement, ...(bundle ? { bundle } : {}), ...(options.expires ? { expiresAt: options.expires } : {}) });
        if (!parsed.success) throw new CliExit(exitCode.usage, parsed.error.issues.map((i) => `--${optionName(String(i.path[0]))}: ${i.message}`).join('; '));
        return addGrant(store, parsed.data, actor);
      });
      emit(opts, grant, () => `Granted ${grant.id}\n${grantLines(grant)}`);
    });
  access
    .command('revoke')
    .description('end a grant now, with the reason (audited)')
    .argument('<grant-id>', 'the grant id, as access list shows it')
    .requiredOption('--reason <text>', 'why the grant ends')
    .action(async (id: string, options: { reason: string }) => {
      const opts = globals();
      if (!options.reason.trim()) throw new CliExit(exitCode.usage, '--reason must not be empty');
      const grant = await withStore(opts, (store) => revokeGrant(store, id, options.reason, localActor()));
      emit(opts, grant, () => `Revoked ${grant.id}\n${grantLines(grant)}`);
    });
  access
    .command('list')
    .description('the grants, newest first, with their state (active, expired, revoked)')
    .option('--state <state>', 'only active, expired or revoked grants')
    .action(async (options: { state?: string }) => {
      const opts = globals();
      const state = options.state === undefined ? undefined : grantStateSchema.safeParse(options.state);
      if (state && !state.success) throw new CliExit(exitCode.usage, `--state takes active, expired or revoked, not ${JSON.stringify(options.state)}`);
      const grants = await withStore(opts, (store) => listGrants(store, new Date(), state?.data ? { state: state.data } : {}), true);
      emit(opts, { grants }, () => (grants.length === 0 ? 'No grants.' : grants.map((g) => `${g.id}  ${g.state}\n${grantLines(g)}`).join('\n\n')));
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
      const page = await withStore(
        opts,
        (store) => {
          const parsed = accessEventsRequestSchema.safeParse({
            ...(options.actor ? { actor: options.actor } : {}),
            ...(options.bundle ? { digest: fullDigest(store, options.bundle) } : {}),
            ...(options.purpose ? { purpose: options.purpose } : {}),
            ...(options.outcome ? { outcome: options.outcome } : {}),
            limit: Number(options.limit),
          });
          if (!parsed.success) throw new CliExit(exitCode.usage, parsed.error.issues.map((i) => `--${optionName(String(i.path[0]))}: ${i.message}`).join('; '));
          return listAccessEvents(store, parsed.data);
        },
        true,
      );
      emit(opts, page, () => (page.events.length === 0 ? 'No access events.' : [`${page.total} event${page.total === 1 ? '' : 's'}${page.total > page.events.length ? `, newest ${page.events.length} shown` : ''}`, ...page.events.map(eventLine)].join('\n')));
    });
}

function fullDigest(store: ReadApi, prefix: string): string {
  const full = resolveDigest(store, prefix.toLowerCase());
  if (!full) throw new CliExit(exitCode.usage, `no bundle with digest ${prefix} in this store`);
  return full;
}

const optionName = (field: string) => ({ expiresAt: 'expires', digest: 'bundle' })[field] ?? field;

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
  const extra = e.outcome === 'override' ? ` override: ${e.overrideReason}` : e.outcome === 'refused' ? ` ${e.reason}` : e.grantId ? ` under ${e.grantId}` : '';
  return `${e.time.slice(0, 19)}  ${e.outcome.padEnd(8)} ${e.purpose.padEnd(6)} ${e.actor}  ${e.datasetPath} (${e.classification}) in ${e.bundleName ?? e.bundleDigest.slice(0, 16)}${extra}`;
}

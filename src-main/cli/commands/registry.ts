import { existsSync } from 'node:fs';
import { setMaxListeners } from 'node:events';
import type { Command } from 'commander';
import { localActor } from '../../core/services/app-paths';
import { pullBundle, pushBundle } from '../../core/services/registry-bundles';
import { syncRegistry, type SyncResult } from '../../core/services/registry-sync';
import { listRegistry } from '../../core/services/registry-list';
import type { RegistryListing } from '../../common/schemas/registry';
import { unlockStoreKeyForCli } from '../store-key-unlock';
import { emit, exitCode, formatBytes, problemLines, progressReporter, type GlobalOptions } from '../output';
import { progressLine } from '../progress-line';
import { storeDirOf, withStore } from '../open-store';
import { authorshipLine } from '../authorship-lines';
import { CA_FILE_HELP, connectionFlags, PLAIN_HTTP_HELP, type RegistryFlags } from '../registry-flags';

const has = (program: Command, name: string) => program.commands.some((c) => c.name() === name);

/**
 * The team registry's commands (docs/cli.md "push | pull"): `push` and `pull` here, `sync` and `registry list` below.
 * Each register function adds only its commands not already there, so a host calling one twice registers them once.
 */
export function registerRegistry(program: Command, globals: () => GlobalOptions): void {
  if (!has(program, 'push'))
    program
      .command('push')
      .description('publish a bundle (a .zip, or a stored bundle by digest) to an OCI registry as an artifact')
      .argument('<bundle>', 'a .zip bundle or a stored bundle digest (8+ hex characters)')
      .argument(
        '<ref>',
        'host[:port]/repository[:tag]; the tag defaults to the bundle digest’s first 16 hex characters',
      )
      .option('--plain-http', PLAIN_HTTP_HELP)
      .option('--ca-file <pem>', CA_FILE_HELP)
      .action(async (bundle: string, ref: string, flags: RegistryFlags) => {
        const opts = globals();
        await withSignal(async (signal) => {
          const report = progressReporter(!opts.json);
          const result = await withStore(opts, (store) =>
            pushBundle(store, bundle, ref, {
              actor: localActor(),
              signal,
              ...connectionFlags(flags),
              ...(report ? { onProgress: (p) => report(progressLine(p)) } : {}),
            }),
          );
          if (report) process.stderr.write('\n');
          emit(
            opts,
            result,
            () =>
              `Pushed ${result.bundleDigest} to ${result.reference}\n  manifest ${result.manifestDigest}\n  layer    ${result.layerDigest} (${formatBytes(result.size)})${result.signer ? `\n  signed by ${result.signer.name} <${result.signer.email}>` : '\n  unsigned'}`,
          );
        });
      });

  if (!has(program, 'pull'))
    program
      .command('pull')
      .description('fetch a bundle from an OCI registry and import it exactly as import does')
      .argument('<ref>', 'host[:port]/repository:tag or host[:port]/repository@sha256:…')
      .option('--plain-http', PLAIN_HTTP_HELP)
      .option('--ca-file <pem>', CA_FILE_HELP)
      .action(async (ref: string, flags: RegistryFlags) => {
        const opts = globals();
        await withSignal(async (signal) => {
          const report = progressReporter(!opts.json);
          const result = await withStore(opts, (store) =>
            pullBundle(store, ref, {
              actor: localActor(),
              signal,
              ...connectionFlags(flags),
              ...(report ? { onProgress: (p) => report(progressLine(p)) } : {}),
            }),
          );
          if (report) process.stderr.write('\n');
          emit(opts, result, () => {
            const head = result.refused
              ? `REFUSED: ${result.reference} was not imported`
              : result.status === 'refused-metadata'
                ? `KEPT AS REFUSED METADATA: ${result.bundleDigest} from ${result.reference}`
                : result.imported
                  ? `Pulled and imported ${result.bundleDigest} from ${result.reference}`
                  : `Already in the store: ${result.bundleDigest} (pulled from ${result.reference})`;
            return (
              head +
              `\n  manifest ${result.manifestDigest}` +
              (result.authorship ? `\n${authorshipLine(result.authorship)}` : '') +
              problemLines('Problems', result.problems) +
              problemLines('Warnings', result.warnings)
            );
          });
          if (result.refused || result.status === 'refused-metadata' || result.authorship?.status === 'invalid')
            process.exitCode = exitCode.negative;
        });
      });
}

export function registerSync(program: Command, globals: () => GlobalOptions): void {
  if (has(program, 'sync')) return;
  program
    .command('sync')
    .description(
      "push this store's decisions and a signed audit checkpoint to a registry repository; pull teammates' decisions and checkpoints",
    )
    .argument('<repo>', 'host[:port]/repository (the team repository, without a tag)')
    .option('--plain-http', PLAIN_HTTP_HELP)
    .option('--ca-file <pem>', CA_FILE_HELP)
    .option('--no-checkpoint', 'push no checkpoint of this store (no store-key passphrase needed)')
    .action(async (repo: string, flags: RegistryFlags & { checkpoint: boolean }) => {
      const opts = globals();
      await withSignal(async (signal) => {
        const report = progressReporter(!opts.json);
        const result = await withStore(opts, async (store) => {
          const key = flags.checkpoint ? await unlockStoreKeyForCli(store) : null;
          return syncRegistry(store, repo, {
            actor: localActor(),
            signal,
            ...connectionFlags(flags),
            key,
            ...(report ? { onSyncProgress: (p) => report(p.text) } : {}),
          });
        }).finally(() => {
          if (report) process.stderr.write('\n');
        });
        emit(opts, result, () => describeSync(result));
        // A fork seen, or this store's chain contradicting its own checkpoints in the registry: a negative verdict.
        if (result.forks.length > 0 || result.chain.problems.length > 0 || result.refusedDecisions.length > 0)
          process.exitCode = exitCode.negative;
      });
    });
}

export function registerRegistryList(program: Command, globals: () => GlobalOptions): void {
  if (has(program, 'registry')) return;
  program
    .command('registry')
    .description('the team registry: what a repository holds')
    .command('list')
    .description("a repository's bundles: name, claimed signer, state from verified decisions, size, pushed when")
    .argument('<repo>', 'host[:port]/repository (without a tag)')
    .option('--plain-http', PLAIN_HTTP_HELP)
    .option('--ca-file <pem>', CA_FILE_HELP)
    .action(async (repo: string, flags: RegistryFlags) => {
      const opts = globals();
      await withSignal(async (signal) => {
        const options = { actor: localActor(), signal, ...connectionFlags(flags) };
        // Without a store there is no team to verify decisions against: the bundles are listed, their states not.
        const storeDir = storeDirOf(opts);
        const result = existsSync(storeDir)
          ? await withStore(opts, (store) => listRegistry(store, repo, options), true)
          : await listRegistry(null, repo, options);
        emit(opts, result, () =>
          result.verified
            ? describeListing(result)
            : `${describeListing(result)}\n(no store at ${storeDir}: states cannot be verified without a team)`,
        );
      });
    });
}

function describeListing(r: RegistryListing): string {
  if (r.bundles.length === 0) return `${r.repository}: no bundles${r.skipped ? ` (${r.skipped} other tag(s))` : ''}`;
  const rows = r.bundles.map((b) => {
    const by =
      b.state === 'approved'
        ? ` by ${b.approvedBy.join(', ')}`
        : b.state === 'rejected'
          ? ` by ${b.rejectedBy.join(', ')}`
          : b.state === 'reproduced'
            ? ` by ${b.reproducedBy.join(', ')}`
            : '';
    const state = b.state === 'unverified' ? 'unverified — no store/team' : b.state;
    const decisions =
      b.state === 'unverified'
        ? b.unverifiedDecisions
          ? ` · ${b.unverifiedDecisions} decision(s), not verified`
          : ''
        : b.unverifiedDecisions
          ? ` · ${b.unverifiedDecisions} decision(s) that do not verify`
          : '';
    return `${b.reference}\n  ${b.name ?? '(no name)'} · ${b.signer ? `signer (claimed) ${b.signer}` : 'unsigned'} · ${state}${by} · ${formatBytes(b.size)} · pushed ${b.pushedAt ?? '?'}${b.inStore ? ' · in this store' : ''}${decisions}`;
  });
  return `${r.repository}: ${r.bundles.length} bundle(s)\n${rows.join('\n')}`;
}

function describeSync(r: SyncResult): string {
  const lines = [
    `Synced with ${r.repository}`,
    `  decisions: ${r.pushedDecisions} pushed, ${r.importedDecisions} imported${r.refusedDecisions.length ? `, ${r.refusedDecisions.length} refused` : ''}`,
    `  checkpoint: ${r.pushedCheckpoint ? `entry #${r.pushedCheckpoint.entries} pushed as ${r.pushedCheckpoint.reference}` : 'none pushed'}`,
    `  witnesses: ${r.witnesses} new teammate checkpoint(s) kept`,
    `  this store's checkpoints in the registry: ${r.chain.holding} of ${r.chain.checked} hold`,
  ];
  if (r.unpublished.length)
    lines.push(`  not published (push them first): ${r.unpublished.map((d) => d.slice(0, 12)).join(', ')}`);
  for (const f of r.forks) lines.push(`FORK (${f.kind}): ${f.message}`);
  for (const d of r.refusedDecisions)
    lines.push(`REFUSED decision on ${d.bundleDigest.slice(0, 12)}:${problemLines('Problems', d.problems)}`);
  return lines.join('\n') + problemLines('Audit chain against the registry', r.chain.problems);
}

async function withSignal<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  // One signal goes with every request of a listing (16 in flight): not a leak.
  setMaxListeners(64, controller.signal);
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
  }
}

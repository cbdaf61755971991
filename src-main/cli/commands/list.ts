import type { Command } from 'commander';
import { listBundles } from '../../core/services/bundle-queries';
import { contract } from '../../common/contract';
import { replicationStateSchema, type BundleSummary } from '../../common/schemas/bundle';
import { parseFlags } from '../flags';
import { emit, type GlobalOptions } from '../output';
import { withStore } from '../open-store';

export function registerList(program: Command, globals: () => GlobalOptions): void {
  program
    .command('list')
    .description('list the bundles in the store, newest first')
    .option('--query <text>', 'only bundles whose name, author or digest contains the text')
    .option('--state <state>', `only bundles in this replication state: ${replicationStateSchema.options.join(', ')}`)
    .action(async (options: { query?: string; state?: string }) => {
      const opts = globals();
      // The app's own request (bundles:list), newest first, every bundle the store holds.
      const request = parseFlags(contract['bundles:list'].request, {
        query: options.query,
        state: options.state,
        sort: 'importedAt',
        direction: 'desc',
        offset: 0,
        limit: 20_000,
      });
      const wanted = request.state;
      const page = await withStore(opts, (store) => listBundles(store, request), true);
      emit(opts, { bundles: page.bundles }, () =>
        page.bundles.length === 0
          ? wanted || options.query
            ? 'No bundle matches.'
            : 'No bundles in this store yet. Import one with: provdesk import BUNDLE'
          : page.bundles
              .map(
                (b) =>
                  `${b.bundleDigest.slice(0, 16)}  ${b.status.padEnd(8)} ${b.completeness.padEnd(5)} ${(b.replication ?? '').padEnd(14)} ${b.importedAt.slice(0, 19)}  ${b.name}  (${signedText(b)})`,
              )
              .join('\n'),
      );
    });
}

/** Who signed, verified or not; the metadata's author is named as such, never as the signer. */
function signedText(b: BundleSummary): string {
  const a = b.authorship;
  if (a?.status === 'verified' && a.signer) return `signed by ${a.signer.name} <${a.signer.email}>`;
  const status = a ? a.status.replace('-', ' ') : 'unsigned';
  return b.author ? `${status}; the metadata names ${b.author}` : status;
}

import type { Command } from 'commander';
import { listBundles } from '../../core/services/bundle-queries';
import { emit, type GlobalOptions } from '../output';
import { withStore } from '../open-store';

export function registerList(program: Command, globals: () => GlobalOptions): void {
  program
    .command('list')
    .description('list the bundles in the store, newest first')
    .option('--query <text>', 'only bundles whose name, author or digest contains the text')
    .action(async (options: { query?: string }) => {
      const opts = globals();
      const page = await withStore(opts, (store) => listBundles(store, { query: options.query, sort: 'importedAt', direction: 'desc', offset: 0, limit: 20_000 }), true);
      emit(opts, { bundles: page.bundles }, () =>
        page.bundles.length === 0
          ? 'No bundles in this store yet. Import one with: provdesk import BUNDLE'
          : page.bundles.map((b) => `${b.bundleDigest.slice(0, 16)}  ${b.status.padEnd(8)} ${b.completeness.padEnd(5)} ${b.importedAt.slice(0, 19)}  ${b.name}${b.author ? ` (${b.author})` : ''}`).join('\n'),
      );
    });
}

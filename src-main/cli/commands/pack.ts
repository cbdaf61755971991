import type { Command } from 'commander';
import path from 'node:path';
import { packBundle, writePackTemplate } from '../../core/services/bundle-writing';
import { CliExit, emit, exitCode, type GlobalOptions } from '../output';
import { withStore } from '../open-store';
import { emitWrittenBundle } from '../written-bundle';
import { unlockSigner } from '../signing';

/**
 * `provdesk pack DIR -o FILE`: a run folder with provenance.yaml → a bundle. `provdesk pack --init DIR`
 * writes the commented template. Exit 0 written, 2 the folder or its provenance.yaml cannot be packed
 * (every problem with its line), 3 writing failed. `--sign` signs it in the same pass as the store's identity
 * (2 also: no identity, wrong passphrase).
 */
export function registerPack(program: Command, globals: () => GlobalOptions): void {
  program
    .command('pack')
    .description('make a bundle from a run folder described by its provenance.yaml')
    .argument('<dir>', 'the run folder')
    .option('-o, --output <file>', 'the bundle to write (e.g. NAME.bundle.zip)')
    .option('--init', 'write a commented provenance.yaml template into DIR (never overwrites)')
    .option(
      '--sign',
      'sign the bundle as your identity (authorship.dsse.json); passphrase from PROVDESK_PASSPHRASE or asked',
    )
    .action(async (dir: string, options: { output?: string; init?: boolean; sign?: boolean }) => {
      const opts = globals();
      if (options.init) {
        if (options.output)
          throw new CliExit(
            exitCode.usage,
            '--init writes provenance.yaml only; run pack again with -o once it is filled in',
          );
        const file = await writePackTemplate(dir);
        emit(opts, { file }, () => `wrote ${file}\n  fill it in, then: provdesk pack ${dir} -o NAME.bundle.zip`);
        return;
      }
      if (!options.output) throw new CliExit(exitCode.usage, 'pack needs -o FILE (the bundle to write), or --init');
      const out = path.resolve(options.output);
      // --sign: signed as the store's identity while it is written (no second pass), audited in that store
      const written = options.sign
        ? await withStore(opts, async (store) => packBundle(dir, out, await unlockSigner(store)))
        : await packBundle(dir, out);
      emitWrittenBundle(opts, written, `packed ${written.files} files into ${written.file}`, 'Warnings');
    });
}

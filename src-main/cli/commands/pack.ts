import type { Command } from 'commander';
import path from 'node:path';
import { initProvenance } from '../../core/pack/init-template';
import { packFolder } from '../../core/pack/pack-folder';
import { CliExit, emit, exitCode, problemLines, type GlobalOptions } from '../output';

/**
 * `provdesk pack DIR -o FILE`: a run folder with provenance.yaml → a bundle. `provdesk pack --init DIR`
 * writes the commented template. Exit 0 written, 2 the folder or its provenance.yaml cannot be packed
 * (every problem with its line), 3 writing failed.
 */
export function registerPack(program: Command, globals: () => GlobalOptions): void {
  program
    .command('pack')
    .description('make a bundle from a run folder described by its provenance.yaml')
    .argument('<dir>', 'the run folder')
    .option('-o, --output <file>', 'the bundle to write (e.g. NAME.bundle.zip)')
    .option('--init', 'write a commented provenance.yaml template into DIR (never overwrites)')
    .action(async (dir: string, options: { output?: string; init?: boolean }) => {
      const opts = globals();
      if (options.init) {
        if (options.output) throw new CliExit(exitCode.usage, '--init writes provenance.yaml only; run pack again with -o once it is filled in');
        const file = await initProvenance(dir);
        emit(opts, { file }, () => `wrote ${file}\n  fill it in, then: provdesk pack ${dir} -o NAME.bundle.zip`);
        return;
      }
      if (!options.output) throw new CliExit(exitCode.usage, 'pack needs -o FILE (the bundle to write), or --init');
      const written = await packFolder(dir, path.resolve(options.output));
      emit(opts, { bundleDigest: written.bundleDigest, file: written.file, files: written.files, bytes: written.bytes, warnings: written.warnings }, () =>
        `packed ${written.files} files into ${written.file}\n  bundle digest ${written.bundleDigest}` + problemLines('Warnings', written.warnings),
      );
    });
}

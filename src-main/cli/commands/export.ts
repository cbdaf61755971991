import type { Command } from 'commander';
import { exportRequestSchema } from '../../common/schemas/making';
import { localActor } from '../../core/services/app-paths';
import { exportStoredBundle } from '../../core/services/bundle-writing';
import { parseFlags } from '../flags';
import { emit, exitCode, CliExit, type GlobalOptions } from '../output';
import { withStore } from '../open-store';
import { signerText, unlockSigner, withReplaceHint } from '../signing';

export function registerExport(program: Command, globals: () => GlobalOptions): void {
  program
    .command('export')
    .description('write a stored bundle back out as a zip with the same bundle digest')
    .argument('<digest>', 'the bundle digest (or a unique prefix of at least 8 characters)')
    .requiredOption('-o, --output <file>', 'the zip file to write')
    .option('--override <reason>', 'export restricted or confidential data without a grant; the reason is audited')
    .option('--sign', 'add your signature (authorship.dsse.json); passphrase from PROVDESK_PASSPHRASE or asked')
    .option('--replace', 'with --sign: replace a signature the bundle already carries')
    .action(
      async (digest: string, options: { output: string; override?: string; sign?: boolean; replace?: boolean }) => {
        const opts = globals();
        const flags = parseFlags(exportRequestSchema.pick({ override: true, sign: true, replace: true }), {
          override: options.override,
          sign: options.sign,
          replace: options.replace,
        });
        if (flags.replace && !flags.sign) throw new CliExit(exitCode.usage, '--replace goes with --sign');
        const result = await withStore(opts, (store) =>
          withReplaceHint(() =>
            exportStoredBundle(store, digest, options.output, {
              actor: localActor(),
              ...(flags.override !== undefined ? { override: flags.override } : {}),
              ...(flags.sign ? { sign: () => unlockSigner(store), replace: flags.replace === true } : {}),
            }),
          ),
        );
        emit(
          opts,
          result,
          () =>
            `Wrote ${result.file} (bundle digest ${result.bundleDigest})${result.signer ? `\n  signed by ${signerText(result.signer)}${result.replaced ? ', replacing the earlier signature' : ''}` : ''}`,
        );
      },
    );
}

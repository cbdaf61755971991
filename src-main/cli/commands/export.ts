import type { Command } from 'commander';
import { exportBundle } from '../../core/services/export-bundle';
import { resolveDigest } from '../../core/services/bundle-queries';
import { localActor } from '../../core/services/app-paths';
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
    .action(async (digest: string, options: { output: string; override?: string; sign?: boolean; replace?: boolean }) => {
      const opts = globals();
      if (options.replace && !options.sign) throw new CliExit(exitCode.usage, '--replace goes with --sign');
      const result = await withStore(opts, async (store) => {
        const full = resolveDigest(store, digest.toLowerCase());
        if (!full) throw new CliExit(exitCode.usage, `no bundle with digest ${digest} in this store`);
        const sign = options.sign ? { signer: await unlockSigner(store), replace: options.replace === true } : null;
        return withReplaceHint(() => exportBundle(store, full, options.output, localActor(), { ...(options.override !== undefined ? { override: options.override } : {}), ...(sign ? { sign } : {}) }));
      });
      emit(opts, result, () => `Wrote ${result.file} (bundle digest ${result.bundleDigest})${result.signer ? `\n  signed by ${signerText(result.signer)}${result.replaced ? ', replacing the earlier signature' : ''}` : ''}`);
    });
}

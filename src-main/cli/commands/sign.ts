import type { Command } from 'commander';
import { freshOutput, signBundleFile } from '../../core/services/bundle-writing';
import { emit, type GlobalOptions } from '../output';
import { withStore } from '../open-store';
import { signerText, unlockSigner, withReplaceHint } from '../signing';

/**
 * `provdesk sign BUNDLE -o OUT.zip [--replace]`: a copy signed as the store's identity (authorship.dsse.json),
 * same bundle digest. Exit 0 written, 1 the bundle does not verify (or has no SHA-256 manifest), 2 usage,
 * unreadable input, already signed without --replace, no identity, wrong passphrase or an existing output,
 * 3 the write failed. Audited (`bundle.sign`) in the store whose identity signed.
 */
export function registerSign(program: Command, globals: () => GlobalOptions): void {
  program
    .command('sign')
    .description(
      'write a copy of a bundle signed as your identity (authorship.dsse.json); the bundle digest stays the same',
    )
    .argument('<bundle>', 'the bundle: a .zip or a bag folder')
    .requiredOption('-o, --output <file>', 'the signed copy to write (a new file)')
    .option('--replace', 'replace a signature the bundle already carries')
    .action(async (bundle: string, options: { output: string; replace?: boolean }) => {
      const opts = globals();
      const out = freshOutput(options.output); // before the passphrase is asked
      const result = await withStore(opts, async (store) => {
        const signing = await unlockSigner(store);
        return withReplaceHint(() => signBundleFile(bundle, out, signing, { replace: options.replace === true }));
      });
      const json = {
        file: result.file,
        bundleDigest: result.bundleDigest,
        signer: result.signer,
        replaced: result.replaced,
        replacedSigner: result.replacedSigner,
        signedAt: result.signedAt,
      };
      emit(opts, json, () =>
        [
          `Signed ${result.file} as ${signerText(result.signer)} at ${result.signedAt}`,
          `  bundle digest ${result.bundleDigest} (unchanged)`,
          ...(result.replaced
            ? [
                `  replaced the signature of ${result.replacedSigner ? signerText(result.replacedSigner) : 'an unreadable envelope'}`,
              ]
            : []),
        ].join('\n'),
      );
    });
}

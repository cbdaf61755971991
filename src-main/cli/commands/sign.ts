import type { Command } from 'commander';
import { newOutput } from '../../core/bundle/write/zip-output';
import { localActor } from '../../core/services/app-paths';
import { signBundle } from '../../core/services/sign-bundle';
import { auditSigning } from '../../core/services/signing';
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
    .description('write a copy of a bundle signed as your identity (authorship.dsse.json); the bundle digest stays the same')
    .argument('<bundle>', 'the bundle: a .zip or a bag folder')
    .requiredOption('-o, --output <file>', 'the signed copy to write (a new file)')
    .option('--replace', 'replace a signature the bundle already carries')
    .action(async (bundle: string, options: { output: string; replace?: boolean }) => {
      const opts = globals();
      const out = newOutput(options.output); // before the passphrase is asked
      const result = await withStore(opts, async (store) => {
        const signer = await unlockSigner(store);
        const signed = await withReplaceHint(() => signBundle(bundle, out, { signer, replace: options.replace === true }));
        store.transaction((tx) => auditSigning(tx, localActor(), { digest: signed.bundleDigest, file: signed.file, keyId: signed.signer.keyId, replaced: signed.replaced, via: 'sign' }));
        return signed;
      });
      const json = { file: result.file, bundleDigest: result.bundleDigest, signer: result.signer, replaced: result.replaced, replacedSigner: result.replacedSigner, signedAt: result.signedAt };
      emit(opts, json, () =>
        [
          `Signed ${result.file} as ${signerText(result.signer)} at ${result.signedAt}`,
          `  bundle digest ${result.bundleDigest} (unchanged)`,
          ...(result.replaced ? [`  replaced the signature of ${result.replacedSigner ? signerText(result.replacedSigner) : 'an unreadable envelope'}`] : []),
        ].join('\n'),
      );
    });
}

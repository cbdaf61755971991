import { CodedError } from '../common/result';
import type { AuthorshipPredicate } from '../core/governance/authorship';
import { scryptKeyProtector } from '../core/governance/key-protector';
import type { AuthorshipSigner } from '../core/governance/sign-authorship';
import { localSigner, requireIdentity } from '../core/services/signing';
import type { Store } from '../core/store/store';
import { CliExit, exitCode } from './output';
import { readPassphrase } from './passphrase';

/** `--sign` in pack, import-mlflow, export and sign: the store's identity, its passphrase asked as `approve` does. */

export async function unlockSigner(store: Store): Promise<AuthorshipSigner> {
  const identity = requireIdentity(store);
  try {
    return await localSigner(store, async () => scryptKeyProtector(await readPassphrase(`Passphrase for ${identity.email}: `)));
  } catch (e) {
    // a wrong passphrase, or a key kept by the app's keychain: the user's to fix, not a verdict on the bundle
    if (e instanceof CodedError && e.code === 'refused') throw new CliExit(exitCode.usage, e.message);
    throw e;
  }
}

/** A refusal to replace an earlier signature says how to ask for it. */
export async function withReplaceHint<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof CodedError && e.details?.['reason'] === 'already-signed') throw new CodedError(e.code, `${e.message}: pass --replace to replace it`, e.details);
    throw e;
  }
}

export function signerText(signer: AuthorshipPredicate['signer']): string {
  return `${signer.name} <${signer.email}> (key ${signer.keyId.slice(0, 16)})`;
}

import { CodedError } from '../common/result';
import type { BundleSigner } from '../common/schemas/making';
import { localActor } from '../core/services/app-paths';
import { passphraseSigner, type Signing } from '../core/services/signing';
import type { Store } from '../core/services/store-session';
import { readPassphrase } from './passphrase';

/** `--sign` in pack, import-mlflow, export and sign: the store's identity, its passphrase asked as `approve` does. */
export function unlockSigner(store: Store): Promise<Signing> {
  return passphraseSigner(store, askIdentityPassphrase, localActor());
}

/** The identity's passphrase: PROVDESK_PASSPHRASE, else asked on the terminal. */
export function askIdentityPassphrase(identity: { email: string }): Promise<string> {
  return readPassphrase(`Passphrase for ${identity.email}: `);
}

/** A refusal to replace an earlier signature says how to ask for it. */
export async function withReplaceHint<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof CodedError && e.details?.['reason'] === 'already-signed')
      throw new CodedError(e.code, `${e.message}: pass --replace to replace it`, e.details);
    throw e;
  }
}

export function signerText(signer: BundleSigner): string {
  return `${signer.name} <${signer.email}> (key ${signer.keyId.slice(0, 16)})`;
}

import path from 'node:path';
import { identityActor } from '../audit/actor';
import { CodedError } from '../../common/result';
import { appendAudit } from '../audit/audit-log';
import type { Identity } from '../../common/schemas/governance';
import { scryptKeyProtector, type KeyProtector } from '../keys/key-protector';
import { readIdentity, unlockIdentity } from '../governance/local-identity';
import type { AuthorshipSigner } from '../governance/sign-authorship';
import type { Store, Tx } from '../store/store';

/** Signing a bundle as the store's local identity: the key unlocked for it, and the audit entry it leaves. */

/** The identity named before its key is asked for, so a store without one fails before any passphrase prompt. */
export function requireIdentity(store: Store) {
  const identity = readIdentity(store);
  if (!identity)
    throw new CodedError(
      'invalid-request',
      `no signing identity in the store at ${store.dir}: create one first (provdesk identity create, or the Approvals page)`,
      { reason: 'no-identity' },
    );
  return identity;
}

/** The local identity with its private key, unlocked by `protector` (a passphrase, or the system keychain). */
export async function localSigner(
  store: Store,
  protector: () => KeyProtector | Promise<KeyProtector>,
): Promise<AuthorshipSigner> {
  const identity = requireIdentity(store);
  const privateKey = await unlockIdentity(store.dir, identity, await protector());
  return { name: identity.name, email: identity.email, keyId: identity.keyId, privateKey };
}

/**
 * The local identity's signer, its key unlocked with a passphrase asked for that identity (only once the store is
 * known to have one). A key it cannot unlock (a wrong passphrase, a key kept by the app's keychain) is the user's to
 * fix (`input`), not a verdict on the bundle.
 */
export async function passphraseSigner(
  store: Store,
  passphrase: (identity: Identity) => Promise<string>,
  actor: string,
): Promise<Signing> {
  const identity = requireIdentity(store);
  try {
    return {
      store,
      actor,
      signer: await localSigner(store, async () => scryptKeyProtector(await passphrase(identity))),
    };
  } catch (e) {
    if (e instanceof CodedError && e.code === 'refused')
      throw new CodedError(e.code, e.message, { ...e.details, input: true });
    throw e;
  }
}

/** The key that signs what is written, and the store and actor its signature is audited in. */
export interface Signing {
  store: Store;
  signer: AuthorshipSigner;
  actor: string;
}

export interface SigningRecord {
  digest: string;
  file: string;
  keyId: string;
  replaced: boolean;
  via: 'sign' | 'pack' | 'import-mlflow' | 'export';
}

/** `bundle.sign`: every signature the local key makes is audited in the store that holds the key. */
export function auditSigning(tx: Tx, actor: string, r: SigningRecord): void {
  // The local identity signed (its key is the only one this store signs with): it is the actor, the OS user a detail.
  const identity = readIdentity(tx);
  const signer = identity && identity.keyId === r.keyId ? identityActor(identity) : null;
  appendAudit(tx, {
    actor: signer ?? actor,
    action: 'bundle.sign',
    subject: r.digest,
    details: {
      ...(signer ? { osUser: actor } : {}),
      file: path.basename(r.file),
      keyId: r.keyId,
      replaced: r.replaced,
      via: r.via,
    },
  });
}

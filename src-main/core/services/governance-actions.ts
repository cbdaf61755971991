import { existsSync } from 'node:fs';
import { CodedError } from '../../common/result';
import type { AttestationReport, DecideResult, Identity, ImportDecisionResult } from '../../common/schemas/governance';
import { decideApproval, type DecideInput } from '../governance/approvals';
import { verifyAttestationInStore } from '../governance/attestation-store';
import { importDecision } from '../governance/import-decision';
import { createIdentity, readIdentity, unlockIdentity } from '../governance/local-identity';
import { scryptKeyProtector } from '../keys/key-protector';
import type { ReadApi, Store } from '../store/store';
import { requireDigest, resolveDigest } from './bundle-queries';
import { verifiedBundleFiles } from './bundle-files';
import { withStore } from './store-session';

/**
 * The signing identity, approvals and signed decisions for hosts that hold a passphrase themselves (the CLI asks it
 * on the terminal): the same core calls as the app's governance channels, with the key protected by that passphrase.
 */

/** Makes the store's signing identity, its private key encrypted with `passphrase` (at least 8 characters). */
export function createPassphraseIdentity(
  store: Store,
  input: { name: string; email: string },
  passphrase: string,
  actor: string,
): Promise<Identity> {
  return createIdentity(store, input, scryptKeyProtector(passphrase), actor);
}

/** The store's signing identity, or null before one is made. */
export function localIdentity(db: ReadApi): Identity | null {
  return readIdentity(db);
}

/**
 * Records a signed decision on a stored bundle (named by digest or a unique prefix) when no rule blocks it; the
 * passphrase is asked only once the rules allow the decision. A key that will not unlock is the user's to fix.
 */
export async function decideWithPassphrase(
  store: Store,
  input: Omit<DecideInput, 'digest'> & { bundle: string },
  passphrase: (identity: Identity) => Promise<string>,
  actor: string,
): Promise<DecideResult> {
  const digest = requireDigest(store, input.bundle);
  const identity = readIdentity(store);
  const unlock = async () => unlockIdentity(store.dir, identity!, scryptKeyProtector(await passphrase(identity!)));
  return decideApproval(
    store,
    { digest, decision: input.decision, reason: input.reason, justifications: input.justifications },
    identity,
    unlock,
    actor,
  );
}

/**
 * A signed decision checked against the team's keys of the store at `storeDir` and, with `bundle`, against that
 * bundle: a file or folder (verified first, then compared file by file) or a stored digest (8+ hex characters).
 */
export async function verifyDecision(storeDir: string, envelope: Buffer, bundle?: string): Promise<AttestationReport> {
  const target = bundle !== undefined && existsSync(bundle) ? await verifiedBundleFiles(bundle) : null;
  return withStore(storeDir, (store) => {
    let against: { digest: string; files?: { path: string; sha256: string }[] } | undefined = target ?? undefined;
    if (bundle !== undefined && !target) {
      const digest = /^[0-9a-f]{8,64}$/i.test(bundle) ? resolveDigest(store, bundle.toLowerCase()) : null;
      if (!digest)
        throw new CodedError(
          'not-found',
          `--bundle ${bundle} is neither a file nor a folder, nor a bundle in the store at ${store.dir}`,
          { input: true },
        );
      against = { digest };
    }
    return verifyAttestationInStore(store, envelope, readIdentity(store), against);
  });
}

/**
 * Keeps a teammate's signed decision so it counts toward the quorum; `unreadable` when the file is not a DSSE envelope
 * at all (the user's input), rather than a decision refused.
 */
export function importSignedDecision(
  store: Store,
  envelope: Buffer,
  actor: string,
): ImportDecisionResult & { unreadable: boolean } {
  const result = importDecision(store, envelope, actor);
  return { ...result, unreadable: !result.imported && result.problems.some((p) => p.code === 'attestation-invalid') };
}

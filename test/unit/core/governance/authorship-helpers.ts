import type { KeyObject } from 'node:crypto';
import type { Store } from '../../../../src-main/core/store/store';
import {
  AUTHORSHIP_TAG_FILE,
  authorshipFileText,
  authorshipStatement,
  readAuthorship,
  signAuthorship,
} from '../../../../src-main/core/governance/authorship';
import { recordAuthorship } from '../../../../src-main/core/governance/authorship-store';
import { authorshipKeys } from '../../../../src-main/core/governance/signature-trust';
import { readIdentity, unlockIdentity } from '../../../../src-main/core/governance/local-identity';
import { scryptKeyProtector } from '../../../../src-main/core/keys/key-protector';
import { TEST_PASSPHRASE } from './governance-helpers';

/**
 * Signs a stored bundle's authorship as `signer` would have before sending it: the envelope goes among its tag
 * files and its facts are read under the store's trust, as import does.
 */
export function signStoredBundle(
  store: Store,
  digest: string,
  signer: { name: string; email: string; keyId: string; privateKey: KeyObject },
): void {
  store.transaction((tx) => {
    const files = tx.all<{ path: string; sha256: string }>(
      'SELECT path, sha256 FROM bundle_files WHERE digest = ? ORDER BY path',
      [digest],
    );
    const statement = authorshipStatement(digest, files, {
      signer: { name: signer.name, email: signer.email, keyId: signer.keyId },
      bundleName: null,
      signedAt: tx.now().toISOString(),
    });
    const bytes = Buffer.from(authorshipFileText(signAuthorship(statement, signer.privateKey, signer.keyId)), 'utf8');
    tx.run('INSERT OR REPLACE INTO bundle_tag_files (digest, path, content) VALUES (?, ?, ?)', [
      digest,
      AUTHORSHIP_TAG_FILE,
      new Uint8Array(bytes),
    ]);
    recordAuthorship(tx, digest, readAuthorship(bytes, { digest, files }, authorshipKeys(tx)));
  });
}

/** Signs as the store's own identity (made with TEST_PASSPHRASE): a run its reviewer wrote. */
export async function signAsLocalIdentity(store: Store, digest: string): Promise<void> {
  const identity = readIdentity(store)!;
  const privateKey = await unlockIdentity(store.dir, identity, scryptKeyProtector(TEST_PASSPHRASE));
  signStoredBundle(store, digest, { ...identity, privateKey });
}

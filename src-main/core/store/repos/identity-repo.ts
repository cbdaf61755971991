import { identitySchema, type Identity } from '../../../common/schemas/governance';
import type { ReadApi, Tx } from '../store-api';

/** The `identities` table: the local signing identity's public part (the private key stays in keys/). */

interface IdentityRow {
  key_id: string;
  name: string;
  email: string;
  public_key: string;
  created_at: string;
  protection: string;
}

/** The store's local identity, or null before one is made. */
export function localIdentity(db: ReadApi): Identity | null {
  const row = db.get<IdentityRow>(
    'SELECT key_id, name, email, public_key, created_at, protection FROM identities WHERE local = 1 ORDER BY created_at DESC LIMIT 1',
  );
  return row
    ? identitySchema.parse({
        keyId: row.key_id,
        name: row.name,
        email: row.email,
        publicKey: row.public_key,
        createdAt: row.created_at,
        protection: row.protection,
      })
    : null;
}

/** Stores the local identity, created now by the store's clock. */
export function insertLocalIdentity(tx: Tx, identity: Omit<Identity, 'createdAt'>): Identity {
  const createdAt = tx.now().toISOString();
  tx.run(
    'INSERT INTO identities (key_id, name, email, public_key, created_at, protection, local) VALUES (?, ?, ?, ?, ?, ?, 1)',
    [identity.keyId, identity.name, identity.email, identity.publicKey, createdAt, identity.protection],
  );
  return {
    keyId: identity.keyId,
    name: identity.name,
    email: identity.email,
    publicKey: identity.publicKey,
    createdAt,
    protection: identity.protection,
  };
}

import type { KeyObject } from 'node:crypto';
import {
  authorshipFileText,
  authorshipStatement,
  signAuthorship,
  type AuthorshipPredicate,
  type SignedFile,
} from './authorship';

/** The local identity, unlocked for one signing. */
export interface AuthorshipSigner {
  name: string;
  email: string;
  keyId: string;
  privateKey: KeyObject;
}

export interface SignedAuthorship {
  text: string; // the authorship.dsse.json bytes (UTF-8)
  signer: AuthorshipPredicate['signer'];
  signedAt: string;
}

/** The author's signature over one bundle: its digest and every payload file (`data/<path>`), as a tag file. */
export function signBundleAuthorship(
  signer: AuthorshipSigner,
  bundle: { digest: string; files: SignedFile[]; name: string | null },
  at: Date,
): SignedAuthorship {
  const who = { name: signer.name, email: signer.email, keyId: signer.keyId };
  const signedAt = at.toISOString();
  const statement = authorshipStatement(bundle.digest, bundle.files, {
    signer: who,
    bundleName: bundle.name,
    signedAt,
  });
  return {
    text: authorshipFileText(signAuthorship(statement, signer.privateKey, signer.keyId)),
    signer: who,
    signedAt,
  };
}

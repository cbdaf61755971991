import type { AttestationReport, Identity } from '../../common/schemas/governance';
import { payloadFiles } from '../store/repos/bundles-repo';
import type { ReadApi } from '../store/store';
import { verifyAttestation } from './attestation';
import { trustedKeys } from './team-store';

/**
 * Verifies a teammate's exported decision against this store's trust: the team file's keys (or, with no
 * team, the local identity alone). With `digest` the decision must be about that stored bundle and its files.
 */
export function verifyAttestationInStore(
  db: ReadApi,
  envelope: string | Buffer | unknown,
  local: Identity | null,
  bundle?: { digest: string; files?: { path: string; sha256: string }[] },
): AttestationReport {
  const files = bundle && !bundle.files ? payloadFiles(db, bundle.digest) : bundle?.files;
  const target = bundle ? { digest: bundle.digest, ...(files && files.length > 0 ? { files } : {}) } : undefined;
  return verifyAttestation(envelope, { keys: trustedKeys(db, local), ...(target ? { bundle: target } : {}) });
}

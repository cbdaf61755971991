import { CodedError, type ErrorCode } from '../../common/result';
import type { RegistryCode } from '../../common/problem-codes/registry';

// What each registry problem is at the boundary: the user's input (2), a refused answer (1), a failed operation (3).
const errorCodeOf: Record<RegistryCode, ErrorCode> = {
  'registry-reference-invalid': 'invalid-request',
  'registry-insecure': 'invalid-request',
  'registry-credentials-invalid': 'invalid-request',
  'registry-not-found': 'not-found',
  'registry-unreachable': 'io-error',
  'registry-unauthorized': 'io-error',
  'registry-upload-failed': 'io-error',
  'registry-bad-response': 'refused',
  'registry-too-large': 'refused',
  'registry-digest-mismatch': 'refused',
  'registry-size-mismatch': 'refused',
  'registry-not-a-bundle': 'refused',
  'registry-tls-untrusted': 'io-error',
  'registry-ca-invalid': 'invalid-request',
};

/** A registry failure: its message names the registry and what went wrong, never a credential. */
export function registryError(
  problem: RegistryCode,
  message: string,
  details: Record<string, unknown> = {},
): CodedError {
  return new CodedError(errorCodeOf[problem], message, { problem, ...details });
}

export function isRegistryError(e: unknown, problem?: RegistryCode): e is CodedError {
  return (
    e instanceof CodedError &&
    typeof e.details?.problem === 'string' &&
    e.details.problem.startsWith('registry-') &&
    (problem === undefined || e.details.problem === problem)
  );
}

// What a TLS verification failure means, in words; node's (OpenSSL's) code is kept beside it for a search.
const TLS_PROBLEMS: Record<string, string> = {
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate chain ends in a self-signed CA this machine does not trust',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate is signed by a CA this machine does not know',
  UNABLE_TO_GET_ISSUER_CERT: 'its certificate is signed by a CA this machine does not know',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its certificate is signed by a CA this machine does not know',
  CERT_UNTRUSTED: 'its certificate is not trusted',
  CERT_SIGNATURE_FAILURE: 'its certificate signature does not hold',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  CERT_NOT_YET_VALID: 'its certificate is not valid yet',
  CERT_REVOKED: 'its certificate was revoked',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is for another host name',
};

/**
 * A TLS verification failure as a registry error naming the host and the certificate problem (null for any other
 * error): the connection is refused before a byte (or a credential) is sent.
 */
export function tlsUntrusted(host: string, e: unknown): CodedError | null {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const problem = code ? TLS_PROBLEMS[code] : undefined;
  if (!problem) return null;
  return registryError(
    'registry-tls-untrusted',
    `${host} is not trusted over HTTPS: ${problem} (${code}); nothing was sent. Give the registry's CA file (Settings → Registries, or --ca-file for provdesk), or add it to this machine's trust store`,
    { host, tls: code },
  );
}

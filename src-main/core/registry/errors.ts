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

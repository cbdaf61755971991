import { CodedError } from '../../common/result';
import type { PathRef } from '../../common/schemas/path-ref';

/**
 * The path a request names, for core. Electron's IPC layer has already turned its dialog handles into paths,
 * so a handle reaching core came to a host that issues none (the preview host): refused, not guessed at.
 */
export function typedPath(ref: PathRef, field: string): string {
  if (typeof ref === 'string') return ref;
  throw new CodedError(
    'invalid-request',
    `${field}: a path handle is only valid in the desktop app that issued it; this host takes a typed path`,
  );
}

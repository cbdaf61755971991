import { readFileSync } from 'node:fs';
import { CodedError } from '../../common/result';

/**
 * A file the user named (a decision, a checkpoint, a team file), read whole. One that is not there is `not-found`,
 * one that cannot be read an `io-error`; both are the user's input to fix (`input`: exit 2 in the CLI).
 */
export function readInputFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new CodedError(missing ? 'not-found' : 'io-error', `cannot read ${file}: ${(e as Error).message}`, {
      input: true,
      path: file,
    });
  }
}

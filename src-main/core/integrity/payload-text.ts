import { createHash } from 'node:crypto';
import { CodedError } from '../../common/result';

/**
 * Reads a payload file as UTF-8 text from bytes that are checked again against the SHA-256 computed
 * during verification (so a file swapped since then is never parsed). Null when the bag has no such
 * payload file; CodedError('refused') when it is larger than `maxBytes`, changed, or not valid UTF-8.
 */
export async function readVerifiedText(
  file: { path: string; size: number; sha256: string } | undefined,
  maxBytes: number,
  read: (f: { path: string; stagedPath?: string | null }) => Promise<Buffer | null>,
): Promise<string | null> {
  if (!file) return null;
  if (file.size > maxBytes)
    throw new CodedError('refused', `${file.path} has ${file.size} bytes; at most ${maxBytes} are read`, {
      path: file.path,
      reason: 'too-large',
    });
  const bytes = await read(file);
  if (!bytes || createHash('sha256').update(bytes).digest('hex') !== file.sha256)
    throw new CodedError('refused', `${file.path} changed since it was verified`, {
      path: file.path,
      reason: 'changed',
    });
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CodedError('refused', `${file.path} is not valid UTF-8`, { path: file.path, reason: 'invalid-utf8' });
  }
}

import { readFile } from 'node:fs/promises';
import type { Problem } from '../../common/problem';
import { parseJsonSafely } from '../bundle/safe-json';
import { parsePolicy, type LicensePolicy } from './policy';

/** A policy is a few hundred ids; anything much larger is not a policy file. */
const maxPolicyBytes = 1024 * 1024;

/** Reads and validates a policy file; every problem names the file. */
export async function readPolicyFile(file: string): Promise<{ policy: LicensePolicy | null; problems: Problem[] }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : error instanceof Error
          ? error.message
          : String(error);
    return {
      policy: null,
      problems: [{ code: 'policy-unreadable', message: `cannot read policy file: ${reason}`, path: file }],
    };
  }
  const json = parseJsonSafely(bytes, { maxBytes: maxPolicyBytes }, file);
  if (!json.ok)
    return {
      policy: null,
      problems: [
        {
          ...json.problem,
          code: 'policy-invalid',
          cause: json.problem.code,
          path: file,
          message: `policy file is not valid JSON: ${json.problem.message}`,
        },
      ],
    };
  const parsed = parsePolicy(json.value);
  return { policy: parsed.policy, problems: parsed.problems.map((p) => ({ ...p, path: file })) };
}

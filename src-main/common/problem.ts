import { z } from 'zod';
import { problemCodeSchema } from './problem-codes';

/**
 * A finding about an input: `{code, message, …details}` as the CLI contract defines it, with `path`
 * where a file is concerned and `entity` where an RO-Crate entity is. `rule` quotes the clause enforced.
 * `code` is one of the known codes (problem-codes/): problems are only ever made here, never read from a
 * teammate's file, so an unknown code in a response or a stored report is a bug and is refused.
 */
export const problemSchema = z
  .object({
    code: problemCodeSchema,
    message: z.string(),
    path: z.string().optional(),
    entity: z.string().optional(),
    rule: z.string().optional(),
    algorithm: z.string().optional(),
    expected: z.string().optional(),
    actual: z.string().optional(),
  })
  .catchall(z.unknown());
export type Problem = z.infer<typeof problemSchema>;

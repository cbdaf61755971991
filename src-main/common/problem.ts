import { z } from 'zod';

/**
 * A finding about an input: `{code, message, …details}` as the CLI contract defines it, with `path`
 * where a file is concerned and `entity` where an RO-Crate entity is. `rule` quotes the clause enforced.
 */
export const problemSchema = z
  .object({
    code: z.string(),
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

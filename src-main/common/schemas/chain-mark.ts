import { z } from 'zod';
import { problemSchema } from '../problem';

/** How far the store's audit chain has been verified: the entry (seq and stored hash) the last check reached. */
export const chainMarkSchema = z.object({
  seq: z.number().int().min(0), // 0: nothing verified yet
  hash: z.string(),
  verifiedAt: z.string().nullable(),
});
export type ChainMark = z.infer<typeof chainMarkSchema>;

/**
 * The check made when the store opens: the entries after the verified-through mark are verified, and the
 * mark must still name an entry with the hash it recorded. `full` says the mark did not hold, so the whole
 * chain was read to name the first bad entry.
 */
export const chainOpenCheckSchema = z.object({
  valid: z.boolean(),
  firstBadSeq: z.number().int().nullable(),
  problems: z.array(problemSchema),
  lastSeq: z.number().int(), // the newest entry's seq (0: empty log)
  from: z.number().int(), // the first entry verified by this check (lastSeq + 1 when nothing was new)
  checked: z.number().int(), // entries whose hash was recomputed
  full: z.boolean(),
  mark: chainMarkSchema, // where the mark stands after the check
  moved: z.boolean(),
  ms: z.number(),
});
export type ChainOpenCheck = z.infer<typeof chainOpenCheckSchema>;

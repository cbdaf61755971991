import { z } from 'zod';

/** The container, before any of it is read as a bag: zip integrity, entry names, types and sizes (THREATS 1–6). */
export const archiveCodeSchema = z.enum([
  'archive-invalid',
  'archive-limit',
  'bag-root-ambiguous',
  'entry-duplicate',
  'entry-name-unsafe',
  'entry-type-refused',
]);
export type ArchiveCode = z.infer<typeof archiveCodeSchema>;

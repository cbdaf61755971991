import { z } from 'zod';

/**
 * Making a bundle from a folder (`pack`, provenance.yaml) and writing its crate. `not-found` is also an error
 * code (common/result.ts): a plan refused because its folder is missing carries it as a problem too.
 */
export const packCodeSchema = z.enum([
  'file-not-listed',
  'not-found',
  'pack-file-refused',
  'pack-invalid',
  'provenance-invalid',
  'provenance-yaml',
  'role-not-recorded',
  'run-id-generated',
]);
export type PackCode = z.infer<typeof packCodeSchema>;

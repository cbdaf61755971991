import { z } from 'zod';

/** env/environment.json as a bundle states it, and the local environment `pack` records or assumes. */
export const environmentCodeSchema = z.enum([
  'environment-assumed',
  'environment-invalid',
  'environment-no-gpu',
  'environment-no-packages',
  'environment-no-runtime',
  'environment-recorded',
  'environment-unpinned',
  'environment-unreadable',
]);
export type EnvironmentCode = z.infer<typeof environmentCodeSchema>;

import { z } from 'zod';

/** The bounded JSON reader (core/bundle/safe-json.ts) every untrusted JSON document goes through. */
export const jsonCodeSchema = z.enum([
  'json-duplicate-key',
  'json-forbidden-key',
  'json-invalid-utf8',
  'json-string-too-long',
  'json-syntax',
  'json-too-deep',
  'json-too-large',
  'json-too-many-keys',
]);
export type JsonCode = z.infer<typeof jsonCodeSchema>;

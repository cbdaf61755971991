import { z } from 'zod';

/**
 * The team registry (OCI Distribution): references, auth, and every answer a registry gives, which is never trusted.
 */
export const registryCodeSchema = z.enum([
  'registry-reference-invalid',
  'registry-insecure',
  'registry-unreachable',
  'registry-unauthorized',
  'registry-not-found',
  'registry-bad-response',
  'registry-too-large',
  'registry-digest-mismatch',
  'registry-size-mismatch',
  'registry-not-a-bundle',
  'registry-upload-failed',
  'registry-credentials-invalid',
  'registry-tls-untrusted',
  'registry-ca-invalid',
]);
export type RegistryCode = z.infer<typeof registryCodeSchema>;

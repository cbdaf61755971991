import { z } from 'zod';

/** Licenses as the crate states them, the license policy file, and the policy's findings on a bundle. */
export const licenseCodeSchema = z.enum([
  'bundle-not-verified',
  'copyleft-distribution',
  'license-denied',
  'license-invalid',
  'license-missing',
  'license-multiple',
  'license-no-artifacts',
  'license-not-spdx',
  'license-unreadable',
  'policy-invalid',
  'policy-unreadable',
  'restricted-by-data',
]);
export type LicenseCode = z.infer<typeof licenseCodeSchema>;

import { existsSync } from 'node:fs';
import { readPolicy } from '../core/governance/policy-store';
import { defaultLicensePolicy, type LicensePolicy } from '../core/licenses/policy';
import { openStore } from '../core/store/store';
import { storeDirOf } from './open-store';
import type { GlobalOptions } from './output';

export type PolicySource = { kind: 'file'; file: string } | { kind: 'store'; store: string; version: number } | { kind: 'default' };

/**
 * The team policy stored in the store (read-only: works beside a running app), or the shipped default
 * when there is no store yet, or no policy stored in it.
 */
export async function storedPolicyFor(options: GlobalOptions): Promise<{ policy: LicensePolicy; source: PolicySource }> {
  const dir = storeDirOf(options);
  if (!existsSync(dir)) return { policy: defaultLicensePolicy, source: { kind: 'default' } };
  const store = await openStore(dir, { readOnly: true });
  try {
    let stored;
    try {
      stored = readPolicy(store);
    } catch (error) {
      // A store last written by an older build has no policy table yet (read-only opens do not migrate).
      if (/no such table: license_policies/.test((error as Error).message)) return { policy: defaultLicensePolicy, source: { kind: 'default' } };
      throw error;
    }
    if (stored.version === 0) return { policy: defaultLicensePolicy, source: { kind: 'default' } };
    return { policy: stored.policy, source: { kind: 'store', store: dir, version: stored.version } };
  } finally {
    store.close();
  }
}

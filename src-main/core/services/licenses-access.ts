import type { Handlers } from './dispatch';
import type { Store } from '../store/store';
import { readPolicy, ensurePolicy } from '../governance/policy-store';
import { parsePolicyText, setPolicy } from '../governance/set-policy';
import { getBundleLicenses, listLicenses } from '../governance/license-queries';
import { addGrant, listGrants, revokeGrant, storeNow, sweepExpiredGrants } from '../governance/grants';
import { listAccessEvents } from '../governance/access-events';
import { complianceReport } from '../governance/compliance-report';
import { backfillLicenseEvaluations } from '../governance/license-evaluations';
import type { ParsedRequestOf } from '../../common/contract';
import { requireDigest } from './bundle-queries';

type LicensesAccessChannels =
  | 'policy:get'
  | 'policy:set'
  | 'licenses:list'
  | 'licenses:bundle'
  | 'access:grants'
  | 'access:grant'
  | 'access:revoke'
  | 'access:events'
  | 'compliance:report';

/** The Licenses & Access channels of the contract, over one store and the acting user. */
export function licensesAccessHandlers(store: Store, actor: string): Pick<Handlers, LicensesAccessChannels> {
  // Writes that time has made due (expired grants) are recorded before anything reads grant states.
  const sweep = () => (store.readOnly ? 0 : store.transaction((tx) => sweepExpiredGrants(tx, actor)));
  return {
    'policy:get': async () => (store.readOnly ? readPolicy(store) : store.transaction((tx) => ensurePolicy(tx, actor))),
    'policy:set': async ({ text, note }) => {
      const parsed = parsePolicyText(text);
      if (parsed.problems.length > 0)
        return { saved: false, changed: false, problems: parsed.problems, policy: null, reevaluated: null };
      return setPolicy(store, parsed.value, { actor, ...(note !== undefined ? { note } : {}) });
    },
    'licenses:list': async (request) => {
      sweep();
      return listLicenses(store, request, storeNow(store));
    },
    'licenses:bundle': async ({ digest }) => getBundleLicenses(store, digest),
    'access:grants': async ({ state }) => {
      sweep();
      return { grants: listGrants(store, storeNow(store), state ? { state } : {}) };
    },
    'access:grant': async (request) => addGrant(store, request, actor),
    'access:revoke': async ({ id, reason }) => revokeGrant(store, id, reason, actor),
    'access:events': async (request) => listAccessEvents(store, request),
    'compliance:report': async ({ format }) => {
      sweep();
      return complianceReport(store, format, storeNow(store));
    },
  };
}

/**
 * The same uses for a host that names a bundle as users type it (a digest or a unique prefix of 8+ characters) and
 * has not backfilled the store's license evaluations at open, as the app does (`provdesk access`).
 */

/** A grant to a data set; bundles stored by an older build get their data-set rows first. */
export function grantAccess(
  store: Store,
  request: Omit<ParsedRequestOf<'access:grant'>, 'bundle'>,
  bundle: string | undefined,
  actor: string,
) {
  backfillLicenseEvaluations(store, actor);
  return addGrant(
    store,
    { ...request, ...(bundle !== undefined ? { bundle: requireDigest(store, bundle) } : {}) },
    actor,
  );
}

/** Access events, newest first, optionally of one bundle. */
export function accessLog(
  store: Store,
  request: Omit<ParsedRequestOf<'access:events'>, 'digest'>,
  bundle: string | undefined,
) {
  return listAccessEvents(store, {
    ...request,
    ...(bundle !== undefined ? { digest: requireDigest(store, bundle) } : {}),
  });
}

/** The grants with their state now (read-only: expired grants are shown as expired, not swept). */
export function grantsNow(store: Store, state: ParsedRequestOf<'access:grants'>['state']) {
  return listGrants(store, storeNow(store), state ? { state } : {});
}

export { revokeGrant as revokeAccess };

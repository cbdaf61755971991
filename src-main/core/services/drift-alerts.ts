import type { DriftAlert } from '../../common/schemas/compare';
import { listDriftAlerts } from '../drift/detect-drift';
import { dismissDriftAlert } from '../drift/dismiss-drift';
import { bundleName } from '../store/repos/bundles-repo';
import { countDriftAlerts, dismissedDriftAlertIds, revalidatedDriftAlertIds } from '../store/repos/drift-repo';
import type { ReadApi, Store } from '../store/store';

/**
 * Where an alert stands: open until a person dismisses it with a reason (`dismissed`) or its bundle is replayed after
 * it was raised (`revalidated`, the revalidation it asks for); the dashboard counts the open ones the same way.
 */
export type DriftAlertState = 'open' | 'dismissed' | 'revalidated';

export interface ListedDriftAlert extends DriftAlert {
  state: DriftAlertState;
  bundleName: string | null; // the name of the bundle the alert was raised on
}

export const DRIFT_LIST_MAX = 500;

/**
 * `provdesk drift list`: the store's drift alerts (of one bundle, or all), data drift first then newest first, at most
 * 500, each with its state and its bundle's name; `open` keeps only the open ones. `total` counts every alert the
 * selection holds before `open` narrows it.
 */
export function driftAlertList(
  db: ReadApi,
  q: { digest?: string; open?: boolean } = {},
): { alerts: ListedDriftAlert[]; total: number; open: number } {
  const dismissed = dismissedDriftAlertIds(db);
  const revalidated = revalidatedDriftAlertIds(db);
  const names = new Map<string, string | null>();
  const nameOf = (digest: string) => {
    if (!names.has(digest)) names.set(digest, bundleName(db, digest));
    return names.get(digest)!;
  };
  const all = listDriftAlerts(db, { digest: q.digest, limit: DRIFT_LIST_MAX }).map((a): ListedDriftAlert => ({
    ...a,
    state: dismissed.has(a.id) ? 'dismissed' : revalidated.has(a.id) ? 'revalidated' : 'open',
    bundleName: nameOf(a.bundleDigest),
  }));
  const open = all.filter((a) => a.state === 'open');
  return {
    alerts: q.open ? open : all,
    total: q.digest ? all.length : countDriftAlerts(db),
    open: open.length,
  };
}

/**
 * `provdesk drift dismiss` (and the app's `drift:dismiss`): closes one alert with the reason, audited as
 * `drift.dismiss`. Unknown id: not-found; already dismissed: conflict; an empty reason: invalid-request.
 */
export function dismissDrift(store: Store, id: number, reason: string, actor: string): DriftAlert {
  return dismissDriftAlert(store, { id, reason }, actor);
}

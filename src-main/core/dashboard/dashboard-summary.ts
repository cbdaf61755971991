import type { Dashboard } from '../../common/schemas/dashboard';
import { approvalContext } from '../governance/approval-inputs';
import { approvalInbox } from '../governance/approval-inbox';
import { listGrants } from '../governance/grants';
import { readIdentity } from '../governance/local-identity';
import { listDriftAlerts } from '../drift/detect-drift';
import type { ReadApi } from '../store/store';
import { decidedStates, replicationCounts } from '../governance/replication-states';
import { percentiles, successRateSeries } from './series';
import {
  accessOutcomeCounts,
  licenseVerdictCounts,
  recentReplays,
  replayResourceColumns,
  replaysPerDay,
  storeTotals,
} from '../store/repos/dashboard-repo';
import { countDriftAlerts, dismissedDriftAlertIds, revalidatedDriftAlertIds } from '../store/repos/drift-repo';
import { bundleName } from '../store/repos/bundles-repo';

const RECENT_REPLAYS = 60; // enough to see a trend; each bar stays wide enough to click
const INBOX_ITEMS = 6;
const DRIFT_ITEMS = 6;
const GRANT_WARNING_DAYS = 14;
const ACCESS_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

/** Everything the dashboard shows, read in one pass over the store; `now` decides what "soon" and "recent" mean. */
export function dashboardSummary(db: ReadApi, now: Date): Dashboard {
  const context = approvalContext(db);
  const identity = readIdentity(db);
  const settled = decidedStates(db, context);
  const inbox = approvalInbox(db, identity, { limit: INBOX_ITEMS, context, settled });
  return {
    generatedAt: now.toISOString(),
    totals: storeTotals(db),
    replications: replicationCounts(db, settled),
    successRate: successRateSeries(replaysPerDay(db)),
    resources: resources(db),
    approvals: {
      identity: identity && { name: identity.name, email: identity.email, keyId: identity.keyId },
      waiting: inbox.total,
      ownerRequired: inbox.ownerRequired,
      items: inbox.items,
    },
    licenses: licenseAlerts(db, now),
    drift: driftSummary(db),
  };
}

function resources(db: ReadApi): Dashboard['resources'] {
  const all = replayResourceColumns(db);
  return {
    recent: recentReplays(db, RECENT_REPLAYS).reverse(),
    durationMs: percentiles(all.durationMs),
    cpuMs: percentiles(all.cpuMs),
    peakRssBytes: percentiles(all.peakRssBytes),
  };
}

function licenseAlerts(db: ReadApi, now: Date): Dashboard['licenses'] {
  const verdicts = licenseVerdictCounts(db);
  const soon = now.getTime() + GRANT_WARNING_DAYS * DAY_MS;
  const expiringGrants = listGrants(db, now, { state: 'active' })
    .filter((g) => g.expiresAt !== null && Date.parse(g.expiresAt) <= soon)
    .sort((a, b) => Date.parse(a.expiresAt!) - Date.parse(b.expiresAt!))
    .map((g) => ({ id: g.id, grantee: g.grantee, datasetPath: g.datasetPath, expiresAt: g.expiresAt! }));
  const since = new Date(now.getTime() - ACCESS_WINDOW_DAYS * DAY_MS).toISOString();
  const outcomes = accessOutcomeCounts(db, since);
  return {
    denied: verdicts.get('denied') ?? 0,
    needsReview: verdicts.get('needs-review') ?? 0,
    expiringGrants,
    refusedAccess: outcomes.get('refused') ?? 0,
    overrides: outcomes.get('override') ?? 0,
  };
}

/**
 * An alert is open until the bundle it names is replayed after it was raised (the revalidation it asks for), or a
 * person dismisses it.
 */
function driftSummary(db: ReadApi): Dashboard['drift'] {
  const closed = revalidatedDriftAlertIds(db);
  for (const id of dismissedDriftAlertIds(db)) closed.add(id);
  const total = countDriftAlerts(db);
  const names = new Map<string, string>();
  const nameOf = (digest: string) => {
    if (!names.has(digest)) names.set(digest, bundleName(db, digest) ?? digest.slice(0, 12));
    return names.get(digest)!;
  };
  const open = listDriftAlerts(db, { limit: 500 }).filter((a) => !closed.has(a.id));
  return {
    open: total - closed.size,
    total,
    latest: open.slice(0, DRIFT_ITEMS).map((a) => ({ ...a, name: nameOf(a.bundleDigest) })),
  };
}

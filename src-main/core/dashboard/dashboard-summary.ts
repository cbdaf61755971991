import type { Dashboard, ResourcePoint } from '../../common/schemas/dashboard';
import type { ReplayVerdictName as ReplayVerdict } from '../../common/schemas/replay';
import { approvalContext } from '../governance/approval-inputs';
import { approvalInbox } from '../governance/approval-inbox';
import { listGrants } from '../governance/grants';
import { readIdentity } from '../governance/local-identity';
import { listDriftAlerts } from '../drift/detect-drift';
import type { ReadApi } from '../store/store';
import { decidedStates, replicationCounts } from './replication-states';
import { percentiles, successRateSeries, type DayCount } from './series';

const RECENT_REPLAYS = 60; // enough to see a trend; each bar stays wide enough to click
const INBOX_ITEMS = 6;
const DRIFT_ITEMS = 6;
const GRANT_WARNING_DAYS = 14;
const ACCESS_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

/** Everything the dashboard shows, read in one pass over the store; `now` decides what "soon" and "recent" mean. */
export function dashboardSummary(db: ReadApi, now: Date): Dashboard {
  const count = (sql: string) => db.get<{ n: number }>(sql)?.n ?? 0;
  const context = approvalContext(db);
  const identity = readIdentity(db);
  const settled = decidedStates(db, context);
  const inbox = approvalInbox(db, identity, { limit: INBOX_ITEMS, context, settled });
  return {
    generatedAt: now.toISOString(),
    totals: { bundles: count('SELECT COUNT(*) AS n FROM bundles'), replays: count('SELECT COUNT(*) AS n FROM replays'), auditEntries: count('SELECT COUNT(*) AS n FROM audit_log') },
    replications: replicationCounts(db, settled),
    successRate: successRateSeries(
      db.all<DayCount>("SELECT substr(started_at, 1, 10) AS day, COUNT(*) AS replays, SUM(verdict = 'reproduced') AS reproduced FROM replays GROUP BY day"),
    ),
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
  const all = db.all<{ d: number; c: number; m: number }>('SELECT duration_ms AS d, cpu_ms AS c, peak_rss_bytes AS m FROM replays');
  const recent = db
    .all<{ id: string; digest: string; name: string; started_at: string; verdict: ReplayVerdict; duration_ms: number; cpu_ms: number; peak_rss_bytes: number }>(
      `SELECT r.id, r.digest, b.name, r.started_at, r.verdict, r.duration_ms, r.cpu_ms, r.peak_rss_bytes
       FROM replays r JOIN bundles b ON b.digest = r.digest ORDER BY r.started_at DESC, r.rowid DESC LIMIT ?`,
      [RECENT_REPLAYS],
    )
    .reverse()
    .map(
      (r): ResourcePoint => ({
        replayId: r.id,
        bundleDigest: r.digest,
        name: r.name,
        startedAt: r.started_at,
        verdict: r.verdict,
        durationMs: r.duration_ms,
        cpuMs: r.cpu_ms,
        peakRssBytes: r.peak_rss_bytes,
      }),
    );
  return {
    recent,
    durationMs: percentiles(all.map((r) => r.d)),
    cpuMs: percentiles(all.map((r) => r.c)),
    peakRssBytes: percentiles(all.map((r) => r.m)),
  };
}

function licenseAlerts(db: ReadApi, now: Date): Dashboard['licenses'] {
  const verdicts = new Map(db.all<{ verdict: string; n: number }>('SELECT verdict, COUNT(*) AS n FROM bundle_licenses GROUP BY verdict').map((r) => [r.verdict, r.n]));
  const soon = now.getTime() + GRANT_WARNING_DAYS * DAY_MS;
  const expiringGrants = listGrants(db, now, { state: 'active' })
    .filter((g) => g.expiresAt !== null && Date.parse(g.expiresAt) <= soon)
    .sort((a, b) => Date.parse(a.expiresAt!) - Date.parse(b.expiresAt!))
    .map((g) => ({ id: g.id, grantee: g.grantee, datasetPath: g.datasetPath, expiresAt: g.expiresAt! }));
  const since = new Date(now.getTime() - ACCESS_WINDOW_DAYS * DAY_MS).toISOString();
  const outcomes = new Map(db.all<{ outcome: string; n: number }>('SELECT outcome, COUNT(*) AS n FROM access_events WHERE time >= ? GROUP BY outcome', [since]).map((r) => [r.outcome, r.n]));
  return {
    denied: verdicts.get('denied') ?? 0,
    needsReview: verdicts.get('needs-review') ?? 0,
    expiringGrants,
    refusedAccess: outcomes.get('refused') ?? 0,
    overrides: outcomes.get('override') ?? 0,
  };
}

/** An alert is open until the bundle it names is replayed after it was raised (the revalidation it asks for). */
function driftSummary(db: ReadApi): Dashboard['drift'] {
  const revalidated = new Set(
    db.all<{ id: number }>('SELECT a.id FROM drift_alerts a WHERE EXISTS (SELECT 1 FROM replays r WHERE r.digest = a.digest AND r.started_at >= a.created_at)').map((r) => r.id),
  );
  const total = db.get<{ n: number }>('SELECT COUNT(*) AS n FROM drift_alerts')?.n ?? 0;
  const names = new Map<string, string>();
  const nameOf = (digest: string) => {
    if (!names.has(digest)) names.set(digest, db.get<{ name: string }>('SELECT name FROM bundles WHERE digest = ?', [digest])?.name ?? digest.slice(0, 12));
    return names.get(digest)!;
  };
  const open = listDriftAlerts(db, { limit: 500 }).filter((a) => !revalidated.has(a.id));
  return {
    open: total - revalidated.size,
    total,
    latest: open.slice(0, DRIFT_ITEMS).map((a) => ({ ...a, name: nameOf(a.bundleDigest) })),
  };
}

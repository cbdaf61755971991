import { lazy, Suspense } from 'react';
import { BundlesPage } from '../features/bundles/bundles-page';
import { BundlePage } from '../features/bundles/bundle-page';
import { AuditPage } from '../features/audit/audit-page';
import { SettingsPage } from '../features/settings/settings-page';
import { ReplaysPage } from '../features/replays/replays-page';
import { LicensesPage } from '../features/licenses/licenses-page';
import { ApprovalsPage } from '../features/approvals/approvals-page';
import { ModulesPage } from '../features/modules/modules-page';
import { RegistryPage } from '../features/registry/registry-page';
import { ComparePage } from '../features/compare/compare-page';
import { EmptyState } from '../components/empty-state';
import { DashboardPage } from '../features/dashboard/dashboard-page';
import { hrefFor, type Route } from './routes';
import { replicationStates, type ReplicationState } from '../features/dashboard/replication-labels';

const replicationParam = (value: string | undefined): ReplicationState | null =>
  replicationStates.find((s) => s === value) ?? null;

// The result page carries the charting library; loading it on demand keeps the first screen small.
const ReplayPage = lazy(() => import('../features/replays/replay-page').then((m) => ({ default: m.ReplayPage })));
const loadingReplay = (
  <div className="page" aria-busy="true">
    <div className="page-head">
      <h1>Loading replay…</h1>
    </div>
  </div>
);

export function RouteView({ route }: { route: Route | null }) {
  if (!route) {
    return (
      <EmptyState title="Nothing here" icon="?">
        <p>This address does not match any screen.</p>
        <a className="btn" href={hrefFor('bundles')}>
          Go to Bundles
        </a>
      </EmptyState>
    );
  }
  switch (route.section) {
    case 'dashboard':
      // The home address waits for the store's info (app root) before it names a screen.
      return route.home ? <div className="page" aria-busy="true" /> : <DashboardPage />;
    case 'bundles':
      if (route.digest && route.compareWith) return <ComparePage a={route.digest} b={route.compareWith} />;
      return route.digest ? (
        <BundlePage digest={route.digest} />
      ) : (
        <BundlesPage state={replicationParam(route.params?.state)} />
      );
    case 'replays':
      return route.digest ? (
        <Suspense fallback={loadingReplay}>
          <ReplayPage id={route.digest} />
        </Suspense>
      ) : (
        <ReplaysPage />
      );
    case 'audit':
      return <AuditPage />;
    case 'settings':
      return <SettingsPage />;
    case 'licenses':
      return <LicensesPage params={route.params ?? {}} />;
    case 'approvals':
      return <ApprovalsPage />;
    case 'modules':
      return <ModulesPage />;
    case 'registry':
      return <RegistryPage />;
    default: {
      // Every section has its screen; a new section without one is a type error here.
      const unhandled: never = route.section;
      return unhandled;
    }
  }
}

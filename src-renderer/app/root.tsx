import { useEffect, useRef } from 'react';
import { useAppStore } from '../store/app-store';
import { ErrorBoundary } from './error-boundary';
import { AppHeader } from './header';
import { Nav } from './nav';
import { RouteView } from './route-view';
import { hrefFor, parseHash, sections, shownSection, useHash } from './routes';
import { useGlobalShortcuts } from './shortcuts';
import { Notice } from '../components/notice';

function RecoveryNotice() {
  const recovery = useAppStore((s) => s.info.data?.recovery);
  if (!recovery?.recovered) return null;
  return (
    <Notice tone="warning" title="The store was recovered when the app started">
      <p>{recovery.detail}</p>
      <p>Check the Audit screen: the chain status there says whether the log is intact.</p>
    </Notice>
  );
}

/** The audit chain as the store's opening found it: a break is said on every screen, with where to look. */
function ChainBreakNotice() {
  const open = useAppStore((s) => s.info.data?.chainOnOpen);
  if (!open || open.valid) return null;
  return (
    <Notice
      tone="error"
      title={`The audit log's chain is broken${open.firstBadSeq !== null ? ` at entry ${open.firstBadSeq}` : ''}`}
    >
      <p>{open.problems[0]?.message ?? 'The log does not verify.'}</p>
      <p>
        Found when the store opened. <a href={hrefFor('audit')}>Open the Audit screen</a> for every problem.
      </p>
    </Notice>
  );
}

/** The bundle page's tabs are one screen (`#/bundles/<digest>?tab=…`); every other address is its own. */
function screenKey(hash: string): string {
  const route = parseHash(hash);
  return route?.section === 'bundles' && route.digest && !route.compareWith ? hash.split('?')[0]! : hash;
}

export function Root() {
  const hash = useHash();
  const route = parseHash(hash);
  const loadInfo = useAppStore((s) => s.loadInfo);
  const bundles = useAppStore((s) => s.info.data?.bundles ?? null);
  const mainRef = useRef<HTMLElement>(null);
  const previousHash = useRef<string | null>(null);
  useGlobalShortcuts();

  useEffect(() => {
    void loadInfo();
    // A file dropped outside the drop zone must not replace the app with the file.
    const stop = (e: DragEvent) => e.preventDefault();
    window.addEventListener('dragover', stop);
    window.addEventListener('drop', stop);
    return () => {
      window.removeEventListener('dragover', stop);
      window.removeEventListener('drop', stop);
    };
  }, [loadInfo]);

  // The home address becomes a real one once the store's content is known, so the screen does not switch
  // under the user later (an import from Bundles must not turn it into the dashboard).
  useEffect(() => {
    if (route?.home && bundles !== null) window.location.replace(hrefFor(shownSection(route, bundles)));
  }, [route, bundles]);

  // After navigating, move focus to the new screen's heading so keyboard and screen reader users land there.
  // Not on the first screen, nor when the home address resolved itself: the user went nowhere.
  useEffect(() => {
    const previous = previousHash.current;
    previousHash.current = hash;
    if (previous === null || parseHash(previous)?.home) return;
    // Another tab of the same bundle page: focus stays on the tabs.
    if (screenKey(previous) === screenKey(hash)) return;
    const h1 = mainRef.current?.querySelector<HTMLElement>('h1');
    if (h1) {
      h1.tabIndex = -1;
      h1.focus({ preventScroll: true });
    }
  }, [hash]);

  const label = route ? `the ${sections.find((s) => s.id === route.section)?.label} screen` : 'this screen';
  const skip = (e: React.MouseEvent) => {
    e.preventDefault(); // a plain #main href would replace the route
    mainRef.current?.focus();
  };

  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={skip}>
        Skip to content
      </a>
      <AppHeader />
      <div className="app-body">
        <Nav current={route?.section ?? null} />
        <main id="main" ref={mainRef} tabIndex={-1} className="app-main">
          <RecoveryNotice />
          <ChainBreakNotice />
          {/* A new address starts afresh, except another tab of the same bundle page (it keeps state and focus). */}
          <ErrorBoundary key={screenKey(hash)} label={label}>
            <RouteView route={route} />
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}

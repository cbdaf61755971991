import { useEffect, useRef } from 'react';
import { useAppStore } from '../store/app-store';
import { ErrorBoundary } from './error-boundary';
import { AppHeader } from './header';
import { Nav } from './nav';
import { RouteView } from './route-view';
import { parseHash, sections, useHash } from './routes';
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

export function Root() {
  const hash = useHash();
  const route = parseHash(hash);
  const loadInfo = useAppStore((s) => s.loadInfo);
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);
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

  // After navigating, move focus to the new screen's heading so keyboard and screen reader users land there.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
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
          <ErrorBoundary key={hash} label={label}>
            <RouteView route={route} />
          </ErrorBoundary>
        </main>
      </div>
    </div>
  );
}

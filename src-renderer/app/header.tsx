import { useAppStore } from '../store/app-store';

export function AppHeader() {
  const info = useAppStore((s) => s.info);
  const d = info.data;
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ◆
        </span>
        <span className="brand-name">Provenance Desk</span>
        {d && <span className="brand-version">v{d.version}</span>}
      </div>
      <div className="header-meta">
        {d && (
          <>
            <span className="header-item" title={d.storeDir}>
              <span className="muted">Store </span>
              <code className="store-path">{d.storeDir}</code>
            </span>
            <span className="header-item muted">{d.host === 'electron' ? 'Desktop' : 'Preview host'}</span>
          </>
        )}
        {info.error && <span className="header-item text-error">App info unavailable: {info.error}</span>}
      </div>
    </header>
  );
}

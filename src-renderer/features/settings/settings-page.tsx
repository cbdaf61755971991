import { useAppStore } from '../../store/app-store';
import type { ThemePref } from '../../store/prefs-slice';
import { shortcutList } from '../../app/shortcuts';
import { KeyValueList } from '../../components/key-value-list';
import { plural } from '../../components/format';
import { RegistriesCard } from './registries-card';

const THEMES: { id: ThemePref; label: string; hint: string }[] = [
  { id: 'system', label: 'System', hint: 'Follow the operating system’s light or dark setting' },
  { id: 'light', label: 'Light', hint: '' },
  { id: 'dark', label: 'Dark', hint: '' },
];

export function SettingsPage() {
  const theme = useAppStore((s) => s.theme);
  const setTheme = useAppStore((s) => s.setTheme);
  const info = useAppStore((s) => s.info.data);
  return (
    <div className="page">
      <div className="page-head">
        <h1>Settings</h1>
      </div>
      <section className="card" aria-labelledby="sec-theme">
        <h2 id="sec-theme">Appearance</h2>
        <fieldset className="radio-group">
          <legend>Theme</legend>
          {THEMES.map((t) => (
            <div key={t.id} className="radio">
              <input
                id={`theme-${t.id}`}
                type="radio"
                name="theme"
                value={t.id}
                checked={theme === t.id}
                onChange={() => setTheme(t.id)}
                aria-describedby={t.hint ? `theme-${t.id}-hint` : undefined}
              />
              <label htmlFor={`theme-${t.id}`}>{t.label}</label>
              {t.hint && (
                <span id={`theme-${t.id}-hint`} className="muted small">
                  — {t.hint}
                </span>
              )}
            </div>
          ))}
        </fieldset>
      </section>
      <RegistriesCard />
      <section className="card" aria-labelledby="sec-store">
        <h2 id="sec-store">Store and version</h2>
        {info ? (
          <KeyValueList
            items={[
              ['Store location', <code key="s">{info.storeDir}</code>],
              ['Version', info.version],
              ['Database schema', String(info.schemaVersion)],
              [
                'Contents',
                `${plural(info.bundles, 'bundle')}, ${plural(info.auditEntries, 'audit entry', 'audit entries')}`,
              ],
              ['Running in', info.host === 'electron' ? 'the desktop app' : 'the preview host (browser)'],
            ]}
          />
        ) : (
          <p className="muted">Loading…</p>
        )}
      </section>
      <section className="card" aria-labelledby="sec-keys">
        <h2 id="sec-keys">Keyboard shortcuts</h2>
        <table className="table shortcuts">
          <thead>
            <tr>
              <th scope="col">Keys</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {shortcutList.map((s) => (
              <tr key={s.keys}>
                <td>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{s.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

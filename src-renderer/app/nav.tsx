import { hrefFor, sections, type SectionId } from './routes';

export function Nav({ current }: { current: SectionId | null }) {
  return (
    <nav className="app-nav" aria-label="Sections">
      <ul>
        {sections.map((s, i) => (
          <li key={s.id}>
            <a
              href={hrefFor(s.id)}
              aria-current={current === s.id ? 'page' : undefined}
              className="nav-link"
              aria-keyshortcuts={`Alt+${i + 1}`}
              title={`${s.label} (Alt+${i + 1})`}
            >
              <span className="nav-icon" aria-hidden="true">
                {s.icon}
              </span>
              <span className="nav-label">{s.label}</span>
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

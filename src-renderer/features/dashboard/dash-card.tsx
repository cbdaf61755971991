import type { ReactNode } from 'react';

/**
 * A dashboard panel: a titled section (its heading labels it for screen readers) with an optional link on the right.
 */
export function Card({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  const id = `dash-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <section className="card dash-card" aria-labelledby={id}>
      <h2 id={id}>
        {title}
        {action && <span className="dash-card-action">{action}</span>}
      </h2>
      {children}
    </section>
  );
}

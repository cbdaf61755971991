import type { ReactNode } from 'react';

/** A compact two-column description list; values are rendered as text by React. */
export function KeyValueList({ items, empty = 'Nothing recorded.' }: { items: [string, ReactNode][]; empty?: string }) {
  if (items.length === 0) return <p className="muted">{empty}</p>;
  return (
    <dl className="kv">
      {items.map(([k, v]) => (
        <div className="kv-row" key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

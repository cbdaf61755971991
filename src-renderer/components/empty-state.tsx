import type { ReactNode } from 'react';

/** Says what will appear here and how to get it; never shows invented data. */
export function EmptyState({ title, children, icon }: { title: string; children?: ReactNode; icon?: string }) {
  return (
    <section className="empty-state" aria-label={title}>
      {icon && (
        <div className="empty-icon" aria-hidden="true">
          {icon}
        </div>
      )}
      <h2>{title}</h2>
      <div className="empty-body">{children}</div>
    </section>
  );
}

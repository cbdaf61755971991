import type { ReactNode } from 'react';

/** An inline message; errors are announced to screen readers. */
export function Notice({
  tone,
  title,
  children,
}: {
  tone: 'info' | 'success' | 'warning' | 'error';
  title: string;
  children?: ReactNode;
}) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <strong className="notice-title">{title}</strong>
      {children && <div className="notice-body">{children}</div>}
    </div>
  );
}

import { useEffect, useId, useRef, type ReactNode } from 'react';
import '../../styles/approvals.css';
import '../../styles/making.css';

/**
 * A native modal <dialog>: the page behind is inert (focus stays inside), Escape closes it, the title labels it.
 * Focus goes to the first field on open and back to what opened it on close.
 */
export function Modal({
  title,
  onClose,
  testId,
  children,
}: {
  title: string;
  onClose(): void;
  testId: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const d = ref.current;
    if (d && !d.open) d.showModal();
    // The first field, or the first Choose… button where the desktop app has buttons instead of path fields.
    d?.querySelector<HTMLElement>('.dialog-body :is(input, textarea, select, button)')?.focus();
    return () => {
      d?.close();
      opener?.focus?.();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog making-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => (e.preventDefault(), onClose())}
      data-testid={testId}
    >
      <div className="dialog-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <button type="button" className="btn btn-ghost btn-small" onClick={onClose} aria-label={`Close: ${title}`}>
          ✕
        </button>
      </div>
      <div className="dialog-body">{children}</div>
    </dialog>
  );
}

/** "/runs/iris" → "/runs/iris.bundle.zip": a suggestion next to the source, always editable. */
export function suggestedOutput(source: string): string {
  const s = source.trim().replace(/[\\/]+$/, '');
  if (!s) return '';
  return `${s.replace(/\.(db|sqlite)$/i, '')}.bundle.zip`;
}

import { useRef, useState, type DragEvent, type ReactNode } from 'react';

function hasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer.types).includes('Files');
}

/** Accepts a file dropped anywhere inside; shows an overlay while something is dragged over. */
export function DropZone({
  onFile,
  disabled,
  children,
}: {
  onFile(file: File): void;
  disabled: boolean;
  children: ReactNode;
}) {
  const [over, setOver] = useState(false);
  const depth = useRef(0); // dragenter/leave fire for every child; count them

  return (
    <div
      className={`drop-zone ${over ? 'drop-over' : ''}`}
      data-testid="drop-zone"
      onDragEnter={(e) => {
        if (!hasFiles(e) || disabled) return;
        depth.current++;
        setOver(true);
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDragOver={(e) => {
        if (!hasFiles(e) || disabled) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDrop={(e) => {
        e.preventDefault();
        depth.current = 0;
        setOver(false);
        const f = e.dataTransfer.files[0];
        if (f && !disabled) onFile(f);
      }}
    >
      {children}
      {over && (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-overlay-box">Drop the bundle .zip to import it</div>
        </div>
      )}
    </div>
  );
}

import type { ReactNode } from 'react';

/**
 * A JSON document pasted into a text area or read from a chosen file, with the caller's action buttons
 * beside the file chooser (team files, decision envelopes).
 */
export function JsonTextField(props: {
  id: string;
  label: string;
  fileLabel: string;
  rows: number;
  value: string;
  onChange: (text: string) => void;
  children: ReactNode;
}) {
  const { id, label, fileLabel, rows, value, onChange, children } = props;
  return (
    <>
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <textarea
          id={id}
          className="input textarea mono"
          rows={rows}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      </div>
      <div className="actions">
        {/* Inside the button (position relative): focusing it scrolls nowhere; the button shows focus. */}
        <label className="btn file-button">
          Choose a file…
          <input
            type="file"
            accept=".json,application/json"
            className="visually-hidden"
            aria-label={fileLabel}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void f.text().then(onChange);
              e.target.value = '';
            }}
          />
        </label>
        {children}
      </div>
    </>
  );
}

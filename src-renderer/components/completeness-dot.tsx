export type CompletenessLevel = 'green' | 'amber' | 'red';

const TEXT: Record<CompletenessLevel, string> = { green: 'Complete', amber: 'Partial', red: 'Incomplete' };

/** A dot plus words: colour is never the only signal. */
export function CompletenessDot({ level, score }: { level: CompletenessLevel; score?: number }) {
  return (
    <span className="completeness">
      <span className={`dot dot-${level}`} aria-hidden="true" />
      {TEXT[level]}
      {score !== undefined && <span className="muted"> ({Math.round(score * 100)}%)</span>}
    </span>
  );
}

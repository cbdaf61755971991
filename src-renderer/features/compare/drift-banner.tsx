import { compareHref } from '../../app/routes';
import { useCall } from '../../store/use-call';
import { Notice } from '../../components/notice';
import type { DriftAlert } from '../../../src-main/common/schemas/compare';
import '../../styles/compare.css';

/** The drift alerts raised when this bundle was imported, each linking to the compare view with the earlier bundle. */
export function DriftBanner({ digest }: { digest: string }) {
  // A failure here only hides the banner: the bundle page itself stays usable.
  const alerts: DriftAlert[] = useCall('drift:list', { digest }).data?.alerts ?? [];
  if (alerts.length === 0) return null;
  const earlier = [...new Set(alerts.map((a) => a.earlierDigest))];
  return (
    <div data-testid="drift-banner">
      <Notice tone="warning" title={`Drift: ${alerts.length} ${alerts.length === 1 ? 'change' : 'changes'} since an earlier bundle`}>
        <ul className="drift-list">
          {alerts.map((a) => (
            <li key={a.id}>
              {a.kind === 'data' && <strong>Data: </strong>}
              {a.message}
            </li>
          ))}
        </ul>
        <p>
          Suggested: {alerts[0]!.suggestion} (Replay, below).{' '}
          {earlier.map((e) => (
            <a key={e} className="btn btn-small" href={compareHref(e, digest)}>
              Compare with the earlier bundle ({e.slice(0, 8)})
            </a>
          ))}
        </p>
      </Notice>
    </div>
  );
}

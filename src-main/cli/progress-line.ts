import type { Progress } from '../common/schemas/job';
import { formatBytes } from './output';

export function progressLine(p: Progress): string {
  const pct = p.bytesTotal > 0 ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 0;
  const eta = p.etaMs === null ? '' : `, ${Math.ceil(p.etaMs / 1000)} s left`;
  return `${p.stage}: ${pct}% (${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}, ${formatBytes(p.rateBytesPerSec)}/s${eta})`;
}

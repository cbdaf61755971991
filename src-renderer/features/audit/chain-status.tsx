import type { ChainReport } from '../../../src-main/common/schemas/audit';
import { formatDate, plural, shortDigest } from '../../components/format';

/** Always visible above the log: whether the hash chain holds, and against how many kept checkpoints, in one sentence. */
export function ChainStatus({ chain, loading, error, onVerify }: { chain: ChainReport | null; loading: boolean; error: string | null; onVerify(): void }) {
  const cp = chain?.checkpoints;
  let tone = 'pending';
  let text = 'Checking the chain…';
  if (error) {
    tone = 'bad';
    text = `Chain check failed: ${error}`;
  } else if (chain) {
    if (chain.valid) {
      tone = 'ok';
      text = chain.entries === 0 ? 'Chain verified: the log is empty' : `Chain verified: ${plural(chain.entries, 'entry', 'entries')}, head ${shortDigest(chain.head)}`;
    } else {
      tone = 'bad';
      text = chain.firstBadSeq !== null ? `Chain broken at entry ${chain.firstBadSeq}` : 'Chain broken';
    }
  }
  return (
    <div className={`chain-status chain-${tone}`} role="status" data-testid="chain-status">
      <span className="chain-icon" aria-hidden="true">
        {tone === 'ok' ? '✓' : tone === 'bad' ? '✕' : '…'}
      </span>
      <span className="chain-text" title={chain?.head ?? undefined}>
        {text}
      </span>
      {chain && !chain.valid && chain.problems[0] && <span className="chain-detail">{chain.problems[0].message}</span>}
      {chain?.valid && cp && cp.checked > 0 && (
        <span className="chain-detail" data-testid="chain-checkpoints">
          consistent with {plural(cp.checked, 'checkpoint')}
          {cp.latest ? ` (latest: entry #${cp.latest.entries}, ${formatDate(cp.latest.time, true)})` : ''}
        </span>
      )}
      <button type="button" className="btn btn-small" onClick={onVerify} disabled={loading}>
        {loading ? 'Verifying…' : 'Verify again'}
      </button>
    </div>
  );
}

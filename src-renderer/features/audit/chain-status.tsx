import type { ChainReport } from '../../../src-main/common/schemas/audit';
import type { ChainOpenCheck } from '../../../src-main/common/schemas/chain-mark';
import { formatDate, plural, shortDigest } from '../../components/format';

/**
 * Always visible above the log: whether the hash chain holds, and against how many kept checkpoints, in one
 * sentence. Until the full check answers, what the store's opening found (`open`, from its verified-through
 * mark) is shown, so a break is there as soon as the screen is.
 */
export function ChainStatus({
  chain,
  open,
  loading,
  error,
  onVerify,
}: {
  chain: ChainReport | null;
  open: ChainOpenCheck | null;
  loading: boolean;
  error: string | null;
  onVerify(): void;
}) {
  const cp = chain?.checkpoints;
  let tone = 'pending';
  let text = 'Checking the chain…';
  let detail: string | null = null;
  if (error) {
    tone = 'bad';
    text = `Chain check failed: ${error}`;
  } else if (chain) {
    if (chain.valid) {
      tone = 'ok';
      text =
        chain.entries === 0
          ? 'Chain verified: the log is empty'
          : `Chain verified: ${plural(chain.entries, 'entry', 'entries')}, head ${shortDigest(chain.head)}`;
    } else {
      tone = 'bad';
      text = chain.firstBadSeq !== null ? `Chain broken at entry ${chain.firstBadSeq}` : 'Chain broken';
      detail = chain.problems[0]?.message ?? null;
    }
  } else if (open && !open.valid) {
    tone = 'bad';
    text = open.firstBadSeq !== null ? `Chain broken at entry ${open.firstBadSeq}` : 'Chain broken';
    detail = open.problems[0] ? `${open.problems[0].message} (found when the store opened)` : null;
  } else if (open && open.lastSeq > 0) {
    text = `Verified through entry ${open.mark.seq} when the store opened; checking the whole chain…`;
  }
  return (
    <div className={`chain-status chain-${tone}`} role="status" data-testid="chain-status">
      <span className="chain-icon" aria-hidden="true">
        {tone === 'ok' ? '✓' : tone === 'bad' ? '✕' : '…'}
      </span>
      <span className="chain-text" title={chain?.head ?? undefined}>
        {text}
      </span>
      {detail && <span className="chain-detail">{detail}</span>}
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

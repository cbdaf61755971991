import {
  approvalWords,
  integrityWords,
  replicationWords,
  verdictWords,
  type StateTone,
  type StateWords,
} from '../../src-main/common/state-vocabulary';
import type { BundleStatus, IntegrityState } from '../../src-main/common/schemas/bundle';

/**
 * The renderer's one state module (issue 17): labels, icons and meanings from the shared vocabulary (the report uses
 * the same), and the colours each tone gets on screen. Badges, lists, charts and dialogs take their words and colours
 * here.
 */
export { approvalWords, integrityWords, replicationWords, verdictWords, type StateTone, type StateWords };

/** A badge's colours: `.badge-tone-<tone>` (components.css) pairs each tone's text colour with its soft background. */
export const toneBadgeClass = (tone: StateTone): string => `badge badge-tone-${tone}`;

/** A chart mark's colour for a tone (the same variables as the badges, so no state changes colour between screens). */
export const toneColour: Record<StateTone, string> = {
  ok: 'var(--ok)',
  bad: 'var(--bad)',
  warn: 'var(--warn)',
  info: 'var(--accent)',
  neutral: 'var(--border-strong)',
};

/**
 * The core's integrity classification; `status` alone only where a summary from before it is shown (weak hashes are a
 * problem, any refusal refuses).
 */
export function integrityOf(b: { status: BundleStatus; integrity?: IntegrityState }): IntegrityState {
  if (b.integrity) return b.integrity;
  return b.status === 'verified' ? 'verified' : b.status === 'weak' ? 'verified-with-problems' : 'refused';
}

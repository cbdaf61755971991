import type { IntegrityState, ReplicationState } from './schemas/bundle';
import type { ApprovalState } from './schemas/governance';
import type { ReplayVerdictName } from './schemas/replay';

/**
 * The one state vocabulary (issue 17): every state a person is shown, with its label, icon, tone and meaning. The
 * renderer (src-renderer/components/states.ts: badges, charts, lists) and the replication report use these words and
 * tones, so "Failed" and "Not reproduced" never swap colours between screens. The states themselves are the core's.
 *
 * Tones: ok (holds), bad (evidence against the result), warn (could not tell: look closer), info (in progress on a
 * good path), neutral (nothing yet).
 */
export type StateTone = 'ok' | 'bad' | 'warn' | 'info' | 'neutral';

export interface StateWords {
  label: string;
  icon: string; // a glyph that repeats the label; never the only signal
  tone: StateTone;
  meaning: string;
}

export const integrityWords: Record<IntegrityState, StateWords> = {
  verified: {
    label: 'Verified',
    icon: '✓',
    tone: 'ok',
    meaning: 'Every file matches its SHA-256 checksum and the metadata reads without errors.',
  },
  'verified-with-problems': {
    label: 'Verified with problems',
    icon: '!',
    tone: 'warn',
    meaning:
      'The files match their checksums, but the metadata has errors or only MD5/SHA-1 manifests protect it: see the problems.',
  },
  refused: {
    label: 'Refused',
    icon: '✕',
    tone: 'bad',
    meaning:
      'The bytes or the metadata were refused (unusable metadata, or a checksum that disagrees with the manifest): nothing it says can be relied on, and it can never be approved.',
  },
};

export const verdictWords: Record<ReplayVerdictName | 'not-replayed', StateWords> = {
  reproduced: {
    label: 'Reproduced',
    icon: '✓',
    tone: 'ok',
    meaning: 'Every metric is within tolerance and no recorded prediction disagrees.',
  },
  'not-reproduced': {
    label: 'Not reproduced',
    icon: '✕',
    tone: 'bad',
    meaning: 'The replay ran, and a metric is outside its tolerance or recorded predictions disagree.',
  },
  failed: {
    label: 'Failed (could not run)',
    icon: '!',
    tone: 'warn',
    meaning: 'The replay could not run, so it says nothing about the result: the reason says why and what to do.',
  },
  'not-replayed': { label: 'Not replayed yet', icon: '…', tone: 'neutral', meaning: 'No replay of this bundle yet.' },
};

export const replicationWords: Record<ReplicationState, StateWords> = {
  pending: { label: 'Pending', icon: '…', tone: 'neutral', meaning: 'not replayed yet' },
  reproduced: {
    label: 'Reproduced',
    icon: '↻',
    tone: 'info',
    meaning: 'the latest replay reproduced the reported metrics; no decision yet',
  },
  'not-reproduced': {
    label: 'Not reproduced',
    icon: '✕',
    tone: 'bad',
    meaning: 'the latest replay ran and did not reproduce them; no decision yet',
  },
  // Its own state, never "not reproduced": a replay that could not run is no evidence against the result.
  failed: {
    label: verdictWords.failed.label,
    icon: verdictWords.failed.icon,
    tone: verdictWords.failed.tone,
    meaning:
      'the latest replay could not run, so it says nothing about the result: its reason says why and what to do; no decision yet',
  },
  approved: { label: 'Approved', icon: '✓', tone: 'ok', meaning: 'approved under the current policy and team' },
  rejected: { label: 'Rejected', icon: '⊘', tone: 'bad', meaning: 'rejected by a reviewer under the current policy' },
};

export const approvalWords: Record<ApprovalState, StateWords> = {
  pending: { label: 'Pending', icon: '…', tone: 'warn', meaning: 'waiting for approvals' },
  approved: {
    label: 'Approved',
    icon: '✓',
    tone: 'ok',
    meaning: 'quorum and every required owner approved under the current policy',
  },
  rejected: { label: 'Rejected', icon: '⊘', tone: 'bad', meaning: 'a reviewer rejected it under the current policy' },
  superseded: {
    label: 'Superseded',
    icon: '↺',
    tone: 'neutral',
    meaning: 'decided under another policy, or replaced by the same reviewer’s later decision',
  },
};

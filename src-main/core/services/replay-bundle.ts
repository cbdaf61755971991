import { randomUUID } from 'node:crypto';
import type { BundleMetadata } from '../../common/schemas/bundle';
import { replayOutcomeSchema, type ReplayRecord, type ReplaySummary } from '../../common/schemas/replay';
import type { Problem } from '../../common/problem';
import { CodedError } from '../../common/result';
import type { ReadApi, Store } from '../store/store';
import { requireDataAccess } from '../governance/data-access';
import { appendAudit } from '../audit/audit-log';
import { parseReplaySpec } from '../bundle/replay-spec';
import { readVerifiedMetadata } from './verified-metadata';
import { verifyBundle } from '../bundle/verify-bundle';
import { bundleDigestOfFiles } from '../integrity/bundle-digest';
import { environmentDifferences, localEnvironment } from '../replay/environment';
import { replayBundle, type ReplayOutcome, type ReplayRequest } from '../replay/run-replay';
import { bundleMetadata, payloadFiles } from '../store/repos/bundles-repo';
import { insertReplay, replayRecord, replaySummaries } from '../store/repos/replays-repo';

/**
 * Replays of whole bundles: a stored one (files from the blob store, kept as history with its audit entry)
 * or a bundle file for `provdesk replay` (verified and staged first; unverified bytes are never replayed).
 */

export interface ReplayRunOptions {
  batchSize?: number;
  threads?: number;
  limits?: ReplayRequest['limits'];
  signal?: AbortSignal;
  onRows?: (rows: number) => void;
  workerScript?: string;
  spawn?: ReplayRequest['spawn']; // how the worker process starts (Electron: utilityProcess)
}

export interface StoredReplayOptions extends ReplayRunOptions {
  actor: string;
  /** Why restricted or confidential data may be used without a grant; audited (issue 5). */
  override?: string;
}

/**
 * Replays a stored bundle and keeps the outcome: the `replays` row and its 'replay.run' audit entry are
 * written in one transaction, whatever the verdict. A cancelled replay is no verdict: nothing is recorded
 * and CodedError('cancelled') is thrown. Unknown digest: CodedError('not-found').
 */
export async function replayStoredBundle(
  store: Store,
  digest: string,
  options: StoredReplayOptions,
): Promise<ReplayRecord> {
  const metadata = bundleMetadata(store, digest);
  if (!metadata) throw new CodedError('not-found', `no bundle with digest ${digest} in this store`);
  if (options.signal?.aborted) throw new CodedError('cancelled', 'the replay was cancelled');
  // Restricted or confidential data needs a valid grant (or an audited override) before anything runs;
  // the check records the access event in its own transaction.
  requireDataAccess(store, { actor: options.actor, digest, purpose: 'replay', override: options.override, metadata });
  const files: Record<string, string> = {};
  for (const f of payloadFiles(store, digest)) {
    if (f.path.startsWith('data/')) files[f.path.slice('data/'.length)] = store.blobs.pathOf(f.sha256);
  }
  const startedAt = store.now().toISOString();
  const outcome = await replayWithMetadata(metadata, files, options);
  if (options.signal?.aborted) throw new CodedError('cancelled', 'the replay was cancelled');

  const clean = replayOutcomeSchema.parse(JSON.parse(JSON.stringify(outcome))); // NaN/Infinity → null, as stored
  const id = randomUUID();
  return store.transaction((tx) => {
    const finishedAt = tx.now().toISOString();
    const summary: ReplaySummary = {
      id,
      bundleDigest: digest,
      startedAt,
      finishedAt,
      actor: options.actor,
      verdict: clean.verdict,
      reason: clean.reason,
      outputSha256: clean.outputSha256,
      durationMs: Math.round(clean.durationMs),
      cpuMs: Math.round(clean.resources.cpuMs),
      peakRssBytes: Math.round(clean.resources.peakRssBytes),
      batchSize: options.batchSize ?? declaredBatchSize(metadata),
    };
    insertReplay(tx, { ...summary, outcome: clean });
    const passed = clean.metrics.filter((m) => m.pass).length;
    appendAudit(tx, {
      actor: options.actor,
      action: 'replay.run',
      subject: digest,
      details: {
        replayId: id,
        verdict: clean.verdict,
        reason: clean.reason,
        metricsPassed: passed,
        metricsFailed: clean.metrics.length - passed,
        outputSha256: clean.outputSha256,
        durationMs: summary.durationMs,
      },
    });
    return { ...summary, outcome: clean };
  });
}

export interface FileReplay {
  bundleDigest: string | null;
  outcome: ReplayOutcome | ReplayRecord['outcome'];
  problems: Problem[]; // why the bundle was not replayed, when it failed verification
  /** Set when a store held the file's bundle and the replay was kept there (FileReplayOptions.recorder). */
  replayId?: string;
}

/** Where a replay of a bundle file is kept when a store holds its bundle (the CLI opens the store only then). */
export interface ReplayRecorder {
  holds(digest: string): Promise<boolean>;
  replay(digest: string, run: ReplayRunOptions): Promise<ReplayRecord>;
}

export interface FileReplayOptions extends ReplayRunOptions {
  recorder?: ReplayRecorder;
}

/**
 * Replays a bundle file or folder. The bundle is verified and staged into a private temp folder first; an invalid
 * bundle gives verdict 'failed' with the verification problems and is not run (nor recorded). A valid one whose
 * digest the recorder's store holds is replayed as that stored bundle (its history, audit entry and data-access
 * checks: the same payload, as the digest proves), so a file replay counts like `replay DIGEST`; any other is
 * replayed without a store. Unreadable input throws CodedError('not-found' | 'io-error') as verifyBundle does.
 */
export async function replayBundleFile(source: string, options: FileReplayOptions = {}): Promise<FileReplay> {
  const verified = await verifyBundle(source, { stage: true, signal: options.signal });
  let cleaned = false;
  try {
    const { report } = verified;
    const digest = report.bundleDigest ?? (report.valid ? bundleDigestOfFiles(verified.payload) : null);
    if (verified.refused || !report.valid) {
      const shown = report.problems
        .slice(0, 3)
        .map((p) => p.message.replace(/\.+$/, ''))
        .join('; ');
      const more = report.problems.length > 3 ? ` (and ${report.problems.length - 3} more problems)` : '';
      return {
        bundleDigest: digest,
        outcome: failedOutcome(`The bundle failed verification, so it was not replayed: ${shown}${more}.`, null),
        problems: report.problems,
      };
    }
    if (digest && options.recorder && (await options.recorder.holds(digest))) {
      cleaned = true;
      await verified.cleanup(); // the store's copy is replayed: the staged one is not needed
      const record = await options.recorder.replay(digest, options);
      return { bundleDigest: digest, outcome: record.outcome, problems: [], replayId: record.id };
    }
    const metadata = await readVerifiedMetadata(verified);
    const files: Record<string, string> = {};
    for (const f of verified.payload)
      if (f.stagedPath && f.path.startsWith('data/')) files[f.path.slice('data/'.length)] = f.stagedPath;
    return { bundleDigest: digest, outcome: await replayWithMetadata(metadata, files, options), problems: [] };
  } finally {
    if (!cleaned) await verified.cleanup();
  }
}

/** The replay spec, reported metrics and recorded environment from a bundle's metadata, then the engine. */
async function replayWithMetadata(
  metadata: BundleMetadata,
  files: Record<string, string>,
  options: ReplayRunOptions,
): Promise<ReplayOutcome> {
  const recorded = metadata.environment ?? null;
  const parsed = metadata.replay ? parseReplaySpec(metadata.replay) : null;
  if (!parsed?.spec) {
    const invalid = [...(parsed?.problems ?? []), ...metadata.problems].filter(
      (p) => p.path === 'data/replay.json' && p.severity !== 'warning',
    );
    const why =
      invalid.length > 0
        ? `data/replay.json is not valid: ${invalid.map((p) => p.message).join('; ')}`
        : 'the bundle has no data/replay.json, so there is nothing to replay';
    return failedOutcome(`The replay could not run: ${why}.`, recorded);
  }
  return replayBundle({
    files,
    spec: parsed.spec,
    reported: metadata.run?.metrics ?? {},
    recordedEnvironment: recorded,
    batchSize: options.batchSize,
    threads: options.threads,
    limits: options.limits,
    signal: options.signal,
    workerScript: options.workerScript,
    spawn: options.spawn,
    onRows: options.onRows,
  });
}

function declaredBatchSize(metadata: BundleMetadata): number | null {
  const declared = metadata.replay?.['batchSize'];
  return typeof declared === 'number' && Number.isInteger(declared) ? declared : null;
}

function failedOutcome(reason: string, recorded: BundleMetadata['environment']): ReplayOutcome {
  const local = localEnvironment();
  return {
    verdict: 'failed',
    reason,
    metrics: [],
    predictions: null,
    outputSha256: null,
    environment: { recorded: recorded ?? null, local, differences: environmentDifferences(recorded ?? null, local) },
    durationMs: 0,
    resources: { cpuMs: 0, peakRssBytes: 0 },
  };
}

/** Replays newest first, of one bundle or of all; `total` counts every match. */
export function listReplays(
  db: ReadApi,
  request: { digest?: string; offset?: number; limit?: number } = {},
): { total: number; replays: ReplaySummary[] } {
  return replaySummaries(db, { digest: request.digest, offset: request.offset ?? 0, limit: request.limit ?? 200 });
}

/** One stored replay with its whole outcome. Unknown id: CodedError('not-found'). */
export function getReplay(db: ReadApi, id: string): ReplayRecord {
  const record = replayRecord(db, id);
  if (!record) throw new CodedError('not-found', `no replay ${id} in this store`);
  return record;
}

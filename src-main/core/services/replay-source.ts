import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Problem } from '../../common/problem';
import { CodedError } from '../../common/result';
import type { ReplayOutcomeView } from '../../common/schemas/replay';
import { resolveDigest } from './bundle-queries';
import { replayBundleFile, replayStoredBundle, type ReplayRecorder, type ReplayRunOptions } from './replay-bundle';
import { peekStore, withStore } from './store-session';

export interface SourceReplay {
  bundleDigest: string | null;
  replayId?: string; // the replay kept in the store
  outcome: ReplayOutcomeView;
  problems: Problem[];
  /** A file replay the store did not keep: why, in words (no store, an unreadable one, or one without the bundle). */
  notRecorded: string | null;
}

/**
 * `provdesk replay BUNDLE`: a bundle file or folder (verified first, then replayed from the verified bytes), or a
 * stored bundle's digest (prefix of 8+ hex) in the store at `storeDir`. A replay of a stored bundle is kept in the
 * store's history, also when it was named by a file whose digest that store holds.
 */
export async function replayBundleSource(
  storeDir: string,
  source: string,
  run: ReplayRunOptions & { actor: string; override?: string },
): Promise<SourceReplay> {
  if (!existsSync(source) && /^[0-9a-f]{8,64}$/.test(source)) {
    if (!existsSync(storeDir))
      throw new CodedError(
        'not-found',
        `${source} is neither a file nor a folder, and there is no store at ${storeDir} to look it up in`,
        { input: true },
      );
    return withStore(storeDir, async (store) => {
      const digest = resolveDigest(store, source);
      if (!digest)
        throw new CodedError(
          'not-found',
          `${source} is neither a file nor a folder, nor a bundle in the store at ${store.dir}`,
          { input: true },
        );
      const record = await replayStoredBundle(store, digest, run);
      return { bundleDigest: digest, replayId: record.id, outcome: record.outcome, problems: [], notRecorded: null };
    });
  }
  const recorder = storeRecorder(storeDir, run.actor, run.override);
  const result = await replayBundleFile(path.resolve(source), { ...run, recorder });
  return { ...result, notRecorded: result.replayId ? null : recorder.missed };
}

/**
 * Where a file's replay is kept: the store at `storeDir` when it holds the file's bundle digest. The store is looked
 * into read-only, so a running app keeps its lock, and opened for writing only to record (a store in use then
 * refuses, as it does for a digest).
 */
function storeRecorder(
  storeDir: string,
  actor: string,
  override: string | undefined,
): ReplayRecorder & { missed: string | null } {
  const recorder = {
    missed: null as string | null,
    async holds(digest: string) {
      const found = await peekStore(storeDir, (store) => resolveDigest(store, digest) === digest);
      recorder.missed = !found.ok
        ? found.missed
        : found.value
          ? null
          : `the store at ${storeDir} does not hold this bundle`;
      return found.ok && found.value;
    },
    replay: (digest: string, run: ReplayRunOptions) =>
      withStore(storeDir, (store) => replayStoredBundle(store, digest, { ...run, actor, override })),
  };
  return recorder;
}

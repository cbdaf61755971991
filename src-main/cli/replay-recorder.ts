import { existsSync } from 'node:fs';
import { localActor } from '../core/services/app-paths';
import { resolveDigest } from '../core/services/bundle-queries';
import { replayStoredBundle, type ReplayRecorder } from '../core/services/replay-bundle';
import { openStore } from '../core/store/store';
import type { GlobalOptions } from './output';
import { storeDirOf, withStore } from './open-store';

export interface CliReplayRecorder extends ReplayRecorder {
  /** Once holds() said no: why, in words (no store, an unreadable one, or one without the bundle). */
  missed: string | null;
}

/**
 * Where `provdesk replay FILE` keeps its replay: the store (--store, PROVDESK_STORE or the default) when it holds the
 * file's bundle digest, as `replay DIGEST` would. The store is looked into read-only, so a running app keeps its
 * lock, and opened for writing only to record (a store in use then refuses, as it does for `replay DIGEST`).
 */
export function cliReplayRecorder(options: GlobalOptions, override: string | undefined): CliReplayRecorder {
  const dir = storeDirOf(options);
  const recorder: CliReplayRecorder = {
    missed: null,
    async holds(digest) {
      if (!existsSync(dir)) {
        recorder.missed = `there is no store at ${dir}`;
        return false;
      }
      let store;
      try {
        store = await openStore(dir, { readOnly: true });
      } catch (e) {
        recorder.missed = `the store at ${dir} could not be read (${e instanceof Error ? e.message : String(e)})`;
        return false;
      }
      try {
        if (resolveDigest(store, digest) === digest) return true;
        recorder.missed = `the store at ${dir} does not hold this bundle`;
        return false;
      } finally {
        store.close();
      }
    },
    replay: (digest, run) => withStore(options, (store) => replayStoredBundle(store, digest, { ...run, actor: localActor(), override })),
  };
  return recorder;
}

import type { Store } from '../store/store';
import type { Handlers } from './dispatch';
import type { KeyProtectorFor } from './governance';
import { unlockStoreKey } from '../audit/store-key';
import { connectionFor, readRegistrySettings, saveRegistrySettings, setRegistryCaFile } from '../registry/settings';
import { typedPath } from './typed-path';
import { pullBundle, pushBundle } from './registry-bundles';
import { listRegistry } from './registry-list';
import { syncRegistry } from './registry-sync';
import type { Jobs } from './jobs';

type RegistryChannel =
  | 'registry:settings'
  | 'registry:saveSettings'
  | 'registry:setCaFile'
  | 'registry:list'
  | 'registry:pull'
  | 'registry:push'
  | 'registry:sync'
  | 'registry:syncStart'
  | 'registry:syncStatus'
  | 'registry:syncCancel'
  | 'registry:pullStart';

/** The Team registry screen and Settings' registries. The core reads credentials itself (Docker config): none cross. */
export function registryHandlers(
  store: Store,
  actor: string,
  protectorFor: KeyProtectorFor,
  jobs: Jobs,
): Pick<Handlers, RegistryChannel> {
  return {
    'registry:settings': async () => readRegistrySettings(store.dir),
    'registry:saveSettings': async (settings) => saveRegistrySettings(store.dir, settings),
    'registry:setCaFile': async ({ name, caFile }) =>
      setRegistryCaFile(store.dir, name, caFile === null ? null : typedPath(caFile, 'caFile')),
    'registry:list': async ({ repository }) =>
      listRegistry(store, repository, { actor, ...connectionFor(store.dir, repository) }),
    'registry:pull': async ({ reference }) =>
      pullBundle(store, reference, { actor, ...connectionFor(store.dir, reference) }),
    'registry:push': async ({ digest, repository, tag }) =>
      pushBundle(store, digest, tag ? `${repository}:${tag}` : repository, {
        actor,
        ...connectionFor(store.dir, repository),
      }),
    'registry:sync': async ({ repository, passphrase, checkpoint }) => {
      // Unlocked first: a wrong passphrase fails before anything moves.
      const key = checkpoint ? await unlockStoreKey(store, protectorFor(passphrase), actor) : null;
      return syncRegistry(store, repository, { actor, key, ...connectionFor(store.dir, repository) });
    },
    'registry:syncStart': async ({ repository, passphrase, checkpoint }) => {
      // Unlocked before the job starts: a wrong passphrase is this request's error, and nothing moves.
      const key = checkpoint ? await unlockStoreKey(store, protectorFor(passphrase), actor) : null;
      const connection = connectionFor(store.dir, repository);
      const jobId = jobs.startSync(repository, (signal, onSyncProgress) =>
        syncRegistry(store, repository, { actor, key, ...connection, signal, onSyncProgress }),
      );
      return { jobId };
    },
    'registry:syncStatus': async ({ jobId }) => jobs.status(jobId, 'sync'),
    'registry:syncCancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId, 'sync') }),
    'registry:pullStart': async ({ reference }) => {
      const connection = connectionFor(store.dir, reference);
      const jobId = jobs.startImport(reference, (signal, onProgress) =>
        pullBundle(store, reference, { actor, ...connection, signal, onProgress }),
      );
      return { jobId };
    },
  };
}

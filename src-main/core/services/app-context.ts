import path from 'node:path';
import type { Handlers } from './dispatch';
import { openStore, type Store } from './store-session';
import { auditHandlers } from './audit-handlers';
import { registryHandlers } from './registry-handlers';
import { Jobs } from './jobs';
import { getReplay, listReplays, replayStoredBundle } from './replay-bundle';
import { storedModelCard } from './model-card';
import type { SpawnWorker } from '../replay/run-worker';
import { CodedError } from '../../common/result';
import { importBundle } from './import-bundle';
import { getBundle, listBundles, runColumns } from './bundle-queries';
import { appVersion, localActor, sampleBundlePath } from './app-paths';
import { licensesAccessHandlers } from './licenses-access';
import { backfillLicenseEvaluations } from '../governance/license-evaluations';
import { backfillAuthorship } from '../governance/signature-trust';
import { governanceHandlers, passphraseProtector, type KeyProtectorFor } from './governance';
import { verifyChainOnOpen } from '../audit/chain-mark';
import type { ChainOpenCheck } from '../../common/schemas/chain-mark';
import type { KeyProtection } from '../../common/schemas/key-protection';
import { makingHandlers } from './making';
import { typedPath } from './typed-path';
import { compareStoredBundles } from './compare-bundles';
import { listDriftAlerts } from '../drift/detect-drift';
import { dismissDriftAlert } from '../drift/dismiss-drift';
import { produceReport } from '../report/produce-report';
import { dashboardSummary } from '../dashboard/dashboard-summary';
import { bundleName, countBundles } from '../store/repos/bundles-repo';
import { auditFacets, countEntries } from '../store/repos/audit-repo';

export interface AppContext {
  readonly store: Store;
  readonly jobs: Jobs;
  readonly actor: string;
  readonly handlers: Handlers;
  close(): Promise<void>;
}

export interface AppContextOptions {
  storeDir: string;
  host: 'electron' | 'preview';
  actor?: string;
  /** How replay workers start: child_process.fork by default; Electron passes a utilityProcess one. */
  spawnReplayWorker?: SpawnWorker;
  /** The replay worker script (default: the built replay.worker.mjs); tests point it at their own build. */
  replayWorkerScript?: string;
  /**
   * How signing keys are protected at rest: Electron passes safeStorage; default a passphrase (request or
   * PROVDESK_PASSPHRASE).
   */
  keyProtector?: KeyProtectorFor;
  /**
   * How new keys are kept here and why (Electron: chooseKeyProtection of safeStorage's facts); default a passphrase.
   */
  keyProtection?: KeyProtection;
}

const PREVIEW_KEYS: KeyProtection = {
  kind: 'scrypt',
  reason: 'the browser preview has no system keychain: protected by your passphrase',
};

/** Opens the store and wires every contract channel to its use case; shared by Electron and the preview host. */
export async function createAppContext(options: AppContextOptions): Promise<AppContext> {
  const store = await openStore(options.storeDir);
  // The audit chain from its verified-through mark, before anything else writes: a break is known at once.
  const chainOnOpen: ChainOpenCheck = verifyChainOnOpen(store);
  const keyProtection = options.keyProtection ?? PREVIEW_KEYS;
  const protectorFor = options.keyProtector ?? passphraseProtector;
  const jobs = new Jobs();
  const actor = options.actor ?? localActor();
  const version = appVersion();
  backfillLicenseEvaluations(store, actor); // bundles stored before licenses were evaluated
  backfillAuthorship(store); // bundles stored before their author signature was read

  const startImport = (source: string, label: string) =>
    jobs.startImport(label, (signal, onProgress) => importBundle(store, source, { actor, signal, onProgress }));

  const startReplay = (digest: string, batchSize: number | undefined, override: string | undefined) => {
    const name = bundleName(store, digest);
    if (name === null) throw new CodedError('not-found', `no bundle with digest ${digest} in this store`);
    return jobs.startReplay(name, digest, async (signal, onRows) => {
      const record = await replayStoredBundle(store, digest, {
        actor,
        batchSize,
        override,
        signal,
        onRows,
        spawn: options.spawnReplayWorker,
        workerScript: options.replayWorkerScript,
      });
      return { replayId: record.id, outcome: record.outcome };
    });
  };

  const handlers: Handlers = {
    'app:info': async () => ({
      version,
      host: options.host,
      storeDir: store.dir,
      schemaVersion: store.schemaVersion,
      bundles: countBundles(store),
      auditEntries: countEntries(store),
      recovery: store.recovery,
      sampleBundle: sampleBundlePath() ? path.basename(sampleBundlePath() as string) : null,
      keyProtection,
      chainOnOpen,
    }),
    'dashboard:get': async () => dashboardSummary(store, new Date()),
    'bundles:list': async (request) => listBundles(store, request),
    'bundles:get': async ({ digest }) => getBundle(store, digest),
    'bundles:runColumns': async () => runColumns(store),
    'bundles:modelCard': async ({ digest }) =>
      storedModelCard(store, digest, { spawn: options.spawnReplayWorker, workerScript: options.replayWorkerScript }),
    'import:start': async ({ source }) => {
      if (source.kind === 'sample') {
        const sample = sampleBundlePath();
        if (!sample) throw new Error('the sample bundle is not installed with this build');
        return { jobId: startImport(sample, path.basename(sample)) };
      }
      const given = typedPath(source.path, 'source.path');
      return { jobId: startImport(path.resolve(given), path.basename(given)) };
    },
    'import:status': async ({ jobId }) => jobs.status(jobId, 'import'),
    // No native dialogs here: the page shows its file input or text field instead.
    'dialog:pickBundle': async () => ({ picked: null }),
    'dialog:pickFolder': async () => ({ picked: null }),
    'dialog:pickFile': async () => ({ picked: null }),
    'dialog:saveFile': async () => ({ picked: null }),
    'import:cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId, 'import') }),
    'replay:start': async ({ digest, batchSize, override }) => ({ jobId: startReplay(digest, batchSize, override) }),
    'replay:status': async ({ jobId }) => jobs.status(jobId, 'replay'),
    'replay:cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId, 'replay') }),
    'replay:list': async (request) => listReplays(store, request),
    'replay:get': async ({ id }) => getReplay(store, id),
    'compare:bundles': async ({ a, b, all }) => compareStoredBundles(store, a, b, all),
    'drift:list': async ({ digest }) => ({ alerts: listDriftAlerts(store, { digest }) }),
    'drift:dismiss': async ({ id, reason }) => ({ alert: dismissDriftAlert(store, { id, reason }, actor) }),
    'audit:facets': async () => auditFacets(store),
    'report:bundle': async ({ digest, replayId }) => {
      const { fileName, html } = produceReport(store, digest, {
        actor,
        appVersion: version,
        ...(replayId ? { replayId } : {}),
      });
      return { fileName, html };
    },
    // Electron answers this itself (src-main/electron/report-pdf.ts); a browser prints the HTML instead.
    'report:pdf': async () => {
      throw new CodedError(
        'refused',
        'this host cannot write PDF files: open the report and use the browser’s Print → Save as PDF',
        { unsupported: true, fallback: 'print' },
      );
    },
    ...licensesAccessHandlers(store, actor),
    ...governanceHandlers(store, actor, protectorFor),
    ...makingHandlers(store, actor, protectorFor),
    ...auditHandlers(store, actor, { protectorFor, protection: keyProtection }),
    ...registryHandlers(store, actor, protectorFor, jobs),
  };

  return {
    store,
    jobs,
    actor,
    handlers,
    async close() {
      for (const id of jobs.runningIds()) jobs.cancel(id);
      await jobs.settle();
      store.close();
    },
  };
}

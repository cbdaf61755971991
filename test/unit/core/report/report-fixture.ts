import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ReplayOutcomeView } from '../../../../src-main/common/schemas/replay';
import { dispatch, type Handlers } from '../../../../src-main/core/services/dispatch';
import { governanceHandlers } from '../../../../src-main/core/services/governance';
import { scryptKeyProtector } from '../../../../src-main/core/keys/key-protector';
import { importBundle } from '../../../../src-main/core/services/import-bundle';
import { openStore, type Store } from '../../../../src-main/core/store/store';
import { sampleBundle } from '../../../helpers/cli';

/** A store in a temp folder holding the shipped sample bundle, and a way to call the governance channels. */
export async function sampleStore(): Promise<{
  store: Store;
  digest: string;
  call: <T>(channel: string, request: unknown) => Promise<T>;
  dispose(): void;
}> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-report-'));
  const store = await openStore(path.join(dir, 'store'));
  const imported = await importBundle(store, sampleBundle, { actor: 'dana' });
  const handlers = governanceHandlers(store, 'ravi', (p) =>
    scryptKeyProtector(p ?? 'correct horse battery'),
  ) as unknown as Handlers;
  const call = async <T>(channel: string, request: unknown): Promise<T> => {
    const r = await dispatch(handlers, channel, request);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };
  return {
    store,
    digest: imported.bundleDigest!,
    call,
    dispose() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A replay kept as replayStoredBundle keeps it (row and outcome), without running the worker. */
export function addReplay(store: Store, digest: string, id: string, at: string, pass: boolean): void {
  const outcome: ReplayOutcomeView = {
    verdict: pass ? 'reproduced' : 'not-reproduced',
    reason: pass ? 'every metric within tolerance' : 'log_loss is outside its tolerance',
    metrics: [
      { name: 'accuracy', reported: 1, replayed: 1, delta: 0, tolerance: { abs: 0.001, rel: 0 }, pass: true },
      pass
        ? {
            name: 'log_loss',
            reported: 0.1357988963001221,
            replayed: 0.13579889,
            delta: -6.3e-9,
            tolerance: { abs: 0.0001, rel: 0.001 },
            pass: true,
          }
        : {
            name: 'log_loss',
            reported: 0.2,
            replayed: 0.13579889,
            delta: -0.06420111,
            tolerance: { abs: 0.0001, rel: 0.001 },
            pass: false,
            reason: 'the difference 0.0642 exceeds the tolerance',
          },
    ],
    predictions: { rows: 45, disagreements: 0 },
    outputSha256: 'ab'.repeat(32),
    environment: {
      recorded: {
        os: 'Debian GNU/Linux 12',
        arch: 'x86_64',
        runtime: { name: 'python', version: '3.11.2' },
        packages: { numpy: '1.24.2' },
      },
      local: {
        os: 'Ubuntu 24.04',
        arch: 'x64',
        cpu: 'Test CPU',
        cores: 2,
        runtime: { name: 'node', version: '22.1.0' },
        packages: { 'onnxruntime-node': '1.20.0' },
        appVersion: '0.1.0',
      },
      differences: [
        { name: 'os', recorded: 'Debian GNU/Linux 12', local: 'Ubuntu 24.04' },
        { name: 'runtime', recorded: 'python 3.11.2', local: 'node 22.1.0' },
      ],
    },
    durationMs: 120,
    resources: { cpuMs: 100, peakRssBytes: 1000 },
  };
  store.transaction((tx) =>
    tx.run(
      `INSERT INTO replays (id, digest, started_at, finished_at, actor, verdict, reason, output_sha256, duration_ms, cpu_ms, peak_rss_bytes, batch_size, outcome_json) VALUES (?, ?, ?, ?, 'erin', ?, ?, ?, 120, 100, 1000, 64, ?)`,
      [id, digest, at, at, outcome.verdict, outcome.reason, outcome.outputSha256, JSON.stringify(outcome)],
    ),
  );
}

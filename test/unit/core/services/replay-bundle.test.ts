import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit, verifyChain } from '../../../../src-main/core/audit/audit-log';
import { importBundle } from '../../../../src-main/core/services/import-bundle';
import {
  getReplay,
  listReplays,
  replayBundleFile,
  replayStoredBundle,
} from '../../../../src-main/core/services/replay-bundle';
import { openStore, type Store } from '../../../../src-main/core/store/store';
import { sampleBundle } from '../../../helpers/cli';
import { tamperPayload } from '../../../helpers/zip-edit';
import { workerFor } from '../replay/replay-fixture';

let dir: string;
let store: Store;
let worker: string;
let digest: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'replay-service-'));
  worker = await workerFor('service');
  store = await openStore(path.join(dir, 'store'));
  const imported = await importBundle(store, sampleBundle, { actor: 'dana' });
  digest = imported.bundleDigest!;
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('replaying a stored bundle', () => {
  it('records the replay row and its audit entry in one transaction, and the chain still verifies', async () => {
    const before = store.info().txnSeq;
    const record = await replayStoredBundle(store, digest, { actor: 'dana', workerScript: worker });
    expect(record.verdict, record.reason).toBe('reproduced');
    // The access event first (its own transaction), then the row and its entry: one journal record.
    expect(store.info().txnSeq).toBe(before + 2);
    expect(listAudit(store, { action: 'access.replay' }).entries[0]).toMatchObject({ actor: 'dana' });
    expect(record).toMatchObject({ bundleDigest: digest, actor: 'dana', batchSize: 64 });
    expect(record.outcome.metrics.map((m) => m.name)).toEqual(['accuracy', 'macro_f1', 'log_loss']);
    expect(record.outcome.diagnostics?.classification?.confusion).toHaveLength(3);
    expect(getReplay(store, record.id)).toEqual(record); // the diagnostics are kept with the outcome

    const entry = listAudit(store, { action: 'replay.run' }).entries[0];
    expect(entry).toMatchObject({ actor: 'dana', subject: digest });
    expect(entry?.details).not.toHaveProperty('diagnostics'); // the audit entry stays a summary
    expect(entry?.details).toMatchObject({
      replayId: record.id,
      verdict: 'reproduced',
      metricsPassed: 3,
      metricsFailed: 0,
      outputSha256: record.outputSha256,
    });
    expect(verifyChain(store)).toMatchObject({ valid: true });
  });

  it('keeps every replay as history, newest first, with the same output hash each time', async () => {
    const second = await replayStoredBundle(store, digest, { actor: 'erin', workerScript: worker, batchSize: 7 });
    const history = listReplays(store, { digest });
    expect(history.total).toBe(2);
    expect(history.replays[0]).toMatchObject({ id: second.id, actor: 'erin', batchSize: 7 });
    expect(history.replays[0]!.outputSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(history.replays[1]!.outputSha256).toBe(history.replays[0]!.outputSha256);
    expect(listReplays(store, { digest: 'f'.repeat(64) })).toEqual({ total: 0, replays: [] });
  });

  it('records a replay that could not run as failed, with the reason', async () => {
    const record = await replayStoredBundle(store, digest, {
      actor: 'dana',
      workerScript: path.join(dir, 'no-such-worker.mjs'),
    });
    expect(record.verdict).toBe('failed');
    expect(record.reason).toMatch(/^The replay could not run: the replay worker crashed: it exited with code 1/);
    expect(getReplay(store, record.id).outcome).toMatchObject({ verdict: 'failed', metrics: [], outputSha256: null });
    const entry = listAudit(store, { action: 'replay.run' }).entries[0];
    expect(entry?.details).toMatchObject({ replayId: record.id, verdict: 'failed', metricsPassed: 0 });
    expect(listReplays(store, { digest }).total).toBe(3);
  });

  it('records nothing for a cancelled replay, and refuses an unknown bundle or replay id', async () => {
    const before = store.info().txnSeq;
    const controller = new AbortController();
    controller.abort();
    await expect(
      replayStoredBundle(store, digest, { actor: 'dana', workerScript: worker, signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    expect(store.info().txnSeq).toBe(before);
    await expect(
      replayStoredBundle(store, 'e'.repeat(64), { actor: 'dana', workerScript: worker }),
    ).rejects.toMatchObject({ code: 'not-found' });
    expect(() => getReplay(store, 'nope')).toThrow(/no replay nope/);
  });
});

describe('replaying a bundle file', () => {
  it('replays a verified bundle from its staged files', async () => {
    const { bundleDigest, outcome, problems } = await replayBundleFile(sampleBundle, { workerScript: worker });
    expect(outcome.verdict, outcome.reason).toBe('reproduced');
    expect(bundleDigest).toBe(digest);
    expect(problems).toEqual([]);
  });

  it('does not replay a bundle that fails verification: failed, naming the file', async () => {
    const tampered = path.join(dir, 'tampered.bundle.zip');
    await tamperPayload(sampleBundle, tampered, 'data/eval/test.csv');
    const { outcome, problems } = await replayBundleFile(tampered, { workerScript: worker });
    expect(outcome.verdict).toBe('failed');
    expect(outcome.reason).toMatch(/^The bundle failed verification, so it was not replayed: .*data\/eval\/test\.csv/);
    expect(outcome.resources.cpuMs).toBe(0); // nothing ran
    expect(problems.map((p) => p.code)).toContain('checksum-mismatch');
  });
});

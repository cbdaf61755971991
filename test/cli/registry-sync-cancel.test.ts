import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../src-main/core/store/store';
import { listApprovals } from '../../src-main/core/governance/approvals';
import { syncRegistry } from '../../src-main/core/services/registry-sync';
import { CodedError } from '../../src-main/common/result';
import type { SyncProgress } from '../../src-main/common/schemas/registry';
import { twoReviewerTeam } from '../helpers/two-reviewer-team';
import { cliPath, sampleBundle } from '../helpers/cli';
import {
  registryMissing,
  runCliAsync,
  startProxy,
  startRegistry,
  type Tamper,
  type TestRegistry,
} from '../helpers/oci-registry';

/**
 * A sync cancelled part way (issue 15): the signal goes through the HTTP calls, so a request in flight is dropped; what
 * was imported before the cancel is kept whole, nothing else is written, the audit log records how far it got, and a
 * later sync finishes the rest. Dana's store (B) approves the bundle Ravi's store (A) published; A's syncs are cut.
 */

const env = { PROVDESK_PASSPHRASE: 'correct horse battery' };
let dir: string;
let registry: TestRegistry;
let repo: string;
let digest: string;
const at = (n: string) => path.join(dir, n);
const cli = (store: string, args: string[]) =>
  runCliAsync(cliPath, ['--store', at(store), ...args], { ...env, DOCKER_CONFIG: at('no-docker') });

async function syncA(repository: string, signal: AbortSignal, onSyncProgress?: (p: SyncProgress) => void) {
  const store = await openStore(at('a'));
  try {
    const result = await syncRegistry(store, repository, {
      actor: 'test',
      key: null,
      signal,
      env: { DOCKER_CONFIG: at('no-docker') },
      ...(onSyncProgress ? { onSyncProgress } : {}),
    }).catch((e: unknown) => e);
    const approvals = listApprovals(store, digest).length;
    const last = store.get<{ action: string; details: string }>(
      'SELECT action, details_json AS details FROM audit_log ORDER BY seq DESC LIMIT 1',
    )!;
    return { result, approvals, last: { action: last.action, details: JSON.parse(last.details) as object } };
  } finally {
    store.close();
  }
}

if (registryMissing) {
  it(`sync cancel tests skipped: ${registryMissing}`, () => {
    console.warn(`test/cli/registry-sync-cancel.test.ts skipped: ${registryMissing}`);
  });
}

describe.skipIf(registryMissing !== null)('sync cancelled part way', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-sync-cancel-'));
    registry = await startRegistry();
    repo = `${registry.host}/team/runs`;
    await twoReviewerTeam(cli, at('team.json'));
    expect((await cli('a', ['import', sampleBundle])).code).toBe(0);
    const pushed = await cli('a', ['--json', 'push', sampleBundle, repo]);
    expect(pushed.code, pushed.stderr).toBe(0);
    digest = pushed.json().bundleDigest as string;
    expect((await cli('b', ['pull', pushed.json().reference as string])).code).toBe(0);
    expect((await cli('b', ['replay', digest])).code).toBe(0);
    const approved = await cli('b', ['approve', digest.slice(0, 12), '--decision', 'approve', '--reason', 'ok']);
    expect(approved.code, approved.stderr).toBe(0);
    const synced = await cli('b', ['--json', 'sync', repo]);
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.json()).toMatchObject({ pushedDecisions: 1 });
  }, 240_000);
  afterAll(async () => {
    await registry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('cancelled after its first request: the request in flight is dropped, nothing is imported, the audit log says so', async () => {
    const controller = new AbortController();
    let requests = 0;
    const tamper: { current: Tamper | null } = {
      current: () => {
        // The second request arrives once the first has been answered: cancel with it in flight.
        if (++requests === 2) controller.abort();
        return false;
      },
    };
    const proxy = await startProxy(registry.host, tamper);
    try {
      const { result, approvals, last } = await syncA(`${proxy.host}/team/runs`, controller.signal);
      expect(result).toBeInstanceOf(CodedError);
      expect((result as CodedError).code).toBe('cancelled');
      expect((result as CodedError).message).toMatch(
        /^Sync cancelled after reading the repository: 0 decisions pushed, 0 teammate decisions imported, 0 witnesses kept/,
      );
      expect(approvals).toBe(0);
      expect(last).toEqual({
        action: 'registry.sync',
        details: expect.objectContaining({ cancelled: true, step: 'reading', importedDecisions: 0 }),
      });
      expect(requests).toBe(2); // nothing asked after the cancel
    } finally {
      await proxy.stop();
    }
  }, 60_000);

  it('cancelled after a teammate’s decision was imported: that decision stays, whole; the next sync finishes', async () => {
    const controller = new AbortController();
    const steps: string[] = [];
    const { result, approvals, last } = await syncA(repo, controller.signal, (p) => {
      steps.push(p.text);
      if (p.step === 'checkpoints') controller.abort();
    });
    expect((result as CodedError).code).toBe('cancelled');
    expect((result as CodedError).message).toMatch(
      /^Sync cancelled after reading checkpoints: 0 decisions pushed, 1 teammate decision imported, 0 witnesses kept/,
    );
    // The progress a person reads: each step with its count.
    expect(steps).toEqual(
      expect.arrayContaining([
        'Reading the repository’s tags',
        'Reading the published bundles: 0 of 1',
        'Pulling teammates’ decisions: 0 of 1',
        'Pulling teammates’ decisions: 1 of 1',
        expect.stringMatching(/^Reading checkpoints \(witnesses\): 0 of \d+$/),
      ]),
    );
    expect(approvals).toBe(1);
    expect(last).toEqual({
      action: 'registry.sync',
      details: expect.objectContaining({ cancelled: true, step: 'checkpoints', importedDecisions: 1 }),
    });
    const listed = (await cli('a', ['--json', 'list', '--state', 'approved'])).json() as {
      bundles: { bundleDigest: string }[];
    };
    expect(listed.bundles.map((b) => b.bundleDigest)).toEqual([digest]);
    const done = await syncA(repo, new AbortController().signal);
    expect(done.result).toMatchObject({ importedDecisions: 0, pushedDecisions: 0, witnesses: 1 });
    expect(done.approvals).toBe(1);
  }, 60_000);

  it('provdesk sync stops cleanly on Ctrl-C: exit 3, code cancelled, how far it got; no stack', async () => {
    // A proxy holds the read of the published bundle: the CLI is interrupted with that request in flight.
    let heldOne: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (heldOne = resolve));
    const tamper: { current: Tamper | null } = {
      current: (req) => {
        if (req.method !== 'GET' || !/\/manifests\/[0-9a-f]{16}$/.test(req.url ?? '')) return false;
        heldOne();
        return true;
      },
    };
    const proxy = await startProxy(registry.host, tamper);
    try {
      const child = spawn(
        process.execPath,
        [cliPath, '--store', at('a'), '--json', 'sync', '--no-checkpoint', `${proxy.host}/team/runs`],
        { env: { ...process.env, ...env, DOCKER_CONFIG: at('no-docker') }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      await held;
      child.kill('SIGINT');
      expect(await exited).toBe(3);
      expect(stderr).toMatch(/^provdesk: Sync cancelled after reading the repository: 0 decisions pushed/);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(JSON.parse(stdout)).toMatchObject({
        error: { code: 'cancelled', pushedDecisions: 0, importedDecisions: 0, witnesses: 0 },
      });
    } finally {
      await proxy.stop();
    }
  }, 60_000);

  it.skipIf(spawnSync('script', ['--version']).status !== 0)(
    'provdesk sync on a terminal prints its steps on stderr, one line rewritten',
    async () => {
      // util-linux script(1) gives the CLI a terminal; its output is the terminal's, stderr and stdout together.
      const command = [process.execPath, cliPath, '--store', at('a'), 'sync', '--no-checkpoint', repo]
        .map((a) => `'${a.replace(/'/g, "'\\''")}'`)
        .join(' ');
      const out = spawnSync('script', ['-qec', command, '/dev/null'], {
        encoding: 'utf8',
        env: { ...process.env, ...env, DOCKER_CONFIG: at('no-docker') },
        timeout: 60_000,
      });
      expect(out.status, out.stdout).toBe(0);
      expect(out.stdout).toContain('\r\x1b[KReading the repository’s tags');
      expect(out.stdout).toContain('\r\x1b[KReading the published bundles: 0 of 1');
      expect(out.stdout).toMatch(/\r\x1b\[KReading checkpoints \(witnesses\): \d+ of \d+/);
      expect(out.stdout).toContain(`Synced with ${repo}`);
    },
    60_000,
  );
});

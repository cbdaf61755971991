import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../src-main/core/store/store';
import { twoReviewerTeam } from '../helpers/two-reviewer-team';
import { cliPath, sampleBundle } from '../helpers/cli';
import { registryMissing, runCliAsync, startRegistry, type TestRegistry } from '../helpers/oci-registry';

/**
 * `provdesk sync`: Ravi's store (A) publishes the sample; Dana's (B) pulls, replays, approves and syncs; A syncs and
 * holds Dana's approval. Then A's history is cut by hand, its kept checkpoints and verified mark with it: A's own
 * `audit verify` sees nothing, `audit verify --registry` names the cut, and B flags A's next checkpoint as a fork.
 */

const env = { PROVDESK_PASSPHRASE: 'correct horse battery' };
let dir: string;
let registry: TestRegistry;
let repo: string;
let digest: string;
const at = (n: string) => path.join(dir, n);
const cli = (store: string, args: string[]) =>
  runCliAsync(cliPath, ['--store', at(store), ...args], { ...env, DOCKER_CONFIG: at('no-docker') });

if (registryMissing) {
  it(`team registry sync tests skipped: ${registryMissing}`, () => {
    console.warn(`test/cli/registry-sync.test.ts skipped: ${registryMissing}`);
  });
}

describe.skipIf(registryMissing !== null)(
  'provdesk sync: decisions as referrers, checkpoints as witnesses, forks',
  () => {
    beforeAll(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-registry-sync-'));
      registry = await startRegistry();
      repo = `${registry.host}/team/runs`;
      await twoReviewerTeam(cli, at('team.json'));
    }, 120_000);
    afterAll(async () => {
      await registry?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('A publishes; B pulls, replays, approves and syncs: the decision is a referrer of the bundle, B’s checkpoint is pushed', async () => {
      expect((await cli('a', ['import', sampleBundle])).code).toBe(0);
      const pushed = await cli('a', ['--json', 'push', sampleBundle, repo]);
      expect(pushed.code, pushed.stderr).toBe(0);
      digest = pushed.json().bundleDigest as string;
      expect((await cli('a', ['--json', 'sync', repo])).json()).toMatchObject({
        pushedDecisions: 0,
        pushedCheckpoint: { entries: expect.any(Number) },
      });
      expect((await cli('b', ['pull', pushed.json().reference as string])).code).toBe(0);
      expect((await cli('b', ['replay', digest])).code).toBe(0);
      const approved = await cli('b', [
        '--json',
        'approve',
        digest.slice(0, 12),
        '--decision',
        'approve',
        '--reason',
        'reproduced here',
      ]);
      expect(approved.code, approved.stderr).toBe(0);
      const synced = await cli('b', ['--json', 'sync', repo]);
      expect(synced.code, synced.stderr).toBe(0);
      expect(synced.json()).toMatchObject({
        pushedDecisions: 1,
        importedDecisions: 0,
        witnesses: 1,
        forks: [],
        pushedCheckpoint: { reference: expect.stringMatching(/:ckpt-/) },
      });
      // Distribution 2.8 has no referrers API: the referrers tag schema holds the decision.
      const index = await fetch(
        `http://${registry.host}/v2/team/runs/manifests/sha256-${(await manifestDigest()).slice(7)}`,
        { headers: { accept: 'application/vnd.oci.image.index.v1+json' } },
      );
      expect(index.status).toBe(200);
      expect(((await index.json()) as { manifests: { artifactType: string }[] }).manifests).toEqual([
        expect.objectContaining({ artifactType: 'application/vnd.provenance-desk.decision.v1' }),
      ]);
      const again = await cli('b', ['--json', 'sync', repo]);
      expect(again.json()).toMatchObject({ pushedDecisions: 0, importedDecisions: 0 });
    }, 180_000);

    async function manifestDigest(): Promise<string> {
      const res = await fetch(`http://${registry.host}/v2/team/runs/manifests/${digest.slice(0, 16)}`, {
        method: 'HEAD',
        headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
      });
      return res.headers.get('docker-content-digest')!;
    }

    it('A syncs and holds B’s approval (verified against the team, counted for the quorum)', async () => {
      const synced = await cli('a', ['--json', 'sync', repo]);
      expect(synced.code, synced.stderr).toBe(0);
      expect(synced.json()).toMatchObject({
        importedDecisions: 1,
        pushedDecisions: 0,
        refusedDecisions: [],
        chain: { problems: [] },
      });
      const listed = (await cli('a', ['--json', 'list', '--state', 'approved'])).json() as {
        bundles: { bundleDigest: string }[];
      };
      expect(listed.bundles.map((b) => b.bundleDigest)).toEqual([digest]);
      // registry list: the bundle with its state from the decisions that verify under A's team.
      const shown = await cli('a', ['--json', 'registry', 'list', repo]);
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.json()).toMatchObject({
        repository: repo,
        bundles: [
          {
            bundleDigest: digest,
            name: 'Iris species logistic regression',
            state: 'approved',
            approvedBy: ['dana@example.org'],
            reproducedBy: ['dana@example.org'],
            unverifiedDecisions: 0,
            inStore: true,
            reference: `${repo}:${digest.slice(0, 16)}`,
          },
        ],
      });
      expect((await cli('a', ['registry', 'list', repo])).stdout).toMatch(/approved by dana@example\.org/);
      const bad = await cli('a', ['--json', 'registry', 'list', `${repo}:tag`]);
      expect(bad.code).toBe(2);
      expect(bad.json().error).toMatchObject({ problem: 'registry-reference-invalid' });
    }, 120_000);

    it('registry list without a store: the bundles with name, size and pushed when; states unverified (no team), exit 0', async () => {
      const none = at('no-store-here');
      const listed = await runCliAsync(cliPath, ['--store', none, '--json', 'registry', 'list', repo], {
        DOCKER_CONFIG: at('no-docker'),
      });
      expect(listed.code, listed.stderr).toBe(0);
      expect(listed.json()).toMatchObject({
        repository: repo,
        verified: false,
        bundles: [
          {
            bundleDigest: digest,
            name: 'Iris species logistic regression',
            size: expect.any(Number),
            pushedAt: expect.stringMatching(/^\d{4}-/),
            state: 'unverified',
            approvedBy: [],
            unverifiedDecisions: 1, // Dana's approval, counted, not verified
            inStore: false,
          },
        ],
      });
      const human = await runCliAsync(cliPath, ['--store', none, 'registry', 'list', repo], {
        DOCKER_CONFIG: at('no-docker'),
      });
      expect(human.code).toBe(0);
      expect(human.stdout).toContain('unverified — no store/team');
      expect(human.stdout).toContain(`no store at ${none}: states cannot be verified without a team`);
      expect(existsSync(none)).toBe(false); // nothing was made or kept
    }, 60_000);

    it('A’s history cut by hand (kept checkpoints and mark with it): audit verify --registry names the cut; B flags A’s next checkpoint as a fork', async () => {
      const store = await openStore(at('a'));
      const storeId = store.storeId;
      try {
        store.transaction((tx) => {
          const top = tx.get<{ n: number }>('SELECT MAX(seq) AS n FROM audit_log')!.n;
          tx.run('DELETE FROM audit_log WHERE seq > ?', [top - 6]);
          tx.run('DELETE FROM audit_checkpoints');
          tx.run(
            `UPDATE audit_verified SET through_seq = 0, through_hash = ?, verified_at = NULL, touched_seq = NULL`,
            ['0'.repeat(64)],
          );
        });
      } finally {
        store.close();
      }
      const local = await cli('a', ['--json', 'audit', 'verify']);
      expect(local.json()).toMatchObject({ valid: true }); // nothing left in the store to catch it
      const checked = await cli('a', ['--json', 'audit', 'verify', '--registry', repo]);
      expect(checked.code).toBe(1);
      expect(checked.json()).toMatchObject({ valid: false, registry: { checked: 2, holding: 0 } });
      expect(checked.json().problems).toEqual(
        expect.arrayContaining([expect.objectContaining({ code: 'audit-tail-cut' })]),
      );
      // A syncs again: its chain is reported broken against the registry, and it publishes its (shorter) head.
      const aSync = await cli('a', ['--json', 'sync', repo]);
      expect(aSync.code).toBe(1);
      expect((aSync.json().chain as { problems: unknown[] }).problems.length).toBeGreaterThan(0);
      const bSync = await cli('b', ['--json', 'sync', repo]);
      expect(bSync.code).toBe(1);
      const forks = bSync.json().forks as { storeId: string; kind: string; message: string }[];
      expect(forks.length).toBeGreaterThan(0);
      expect(forks[0]).toMatchObject({ storeId, kind: expect.stringMatching(/lower-entries|same-entries-other-head/) });
      expect(forks[0]!.message).toMatch(new RegExp(`store ${storeId} \\(key [0-9a-f]{16}\\)`));
    }, 180_000);
  },
);

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
 * The referrers-tag race on Distribution 2.8 (issue 15): the `sha256-<hex>` tag is one index every writer rewrites,
 * with no compare-and-swap. Ravi (A) and Dana (B) each decide on the same bundle and sync at the same moment; a proxy
 * holds the first write of the tag until the other store's write arrives, so both were computed from the same old
 * index and the second drops the first's entry, every round. After both syncs the tag must list every decision.
 */

const env = { PROVDESK_PASSPHRASE: 'correct horse battery' };
const ROUNDS = 4;
let dir: string;
let registry: TestRegistry;
let proxy: { host: string; stop: () => Promise<void> };
let digest: string;
let subject: string;
const at = (n: string) => path.join(dir, n);
const cli = (store: string, args: string[]) =>
  runCliAsync(cliPath, ['--store', at(store), ...args], { ...env, DOCKER_CONFIG: at('no-docker') });

/** Holds the first write of a referrers tag until a second one arrives, then lets both go (once per `arm()`). */
const tamper: { current: Tamper | null } = { current: null };
let collided = 0;
function arm() {
  let waiting: (() => void) | null = null;
  tamper.current = (req, _res, forward) => {
    if (req.method !== 'PUT' || !/\/manifests\/sha256-[0-9a-f]{64}$/.test(req.url ?? '')) return false;
    if (!waiting) {
      waiting = () => forward();
      return true;
    }
    tamper.current = null; // one collision per round; the rewrites that follow go straight through
    collided++;
    waiting();
    forward();
    return true;
  };
}

async function indexed(): Promise<string[]> {
  const res = await fetch(`http://${registry.host}/v2/team/runs/manifests/sha256-${subject.slice(7)}`, {
    headers: { accept: 'application/vnd.oci.image.index.v1+json' },
  });
  expect(res.status).toBe(200);
  const index = (await res.json()) as { manifests: { annotations: Record<string, string> }[] };
  return index.manifests.map((m) => m.annotations['org.provenance-desk.decision.sha256']!);
}

if (registryMissing) {
  it(`referrers race tests skipped: ${registryMissing}`, () => {
    console.warn(`test/cli/registry-referrers-race.test.ts skipped: ${registryMissing}`);
  });
}

describe.skipIf(registryMissing !== null)('two teammates syncing decisions on one bundle at once', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-referrers-race-'));
    registry = await startRegistry();
    proxy = await startProxy(registry.host, tamper);
    const repo = `${registry.host}/team/runs`;
    await twoReviewerTeam(cli, at('team.json'));
    for (const s of ['a', 'b']) {
      expect((await cli(s, ['import', sampleBundle])).code).toBe(0);
    }
    const pushed = await cli('a', ['--json', 'push', sampleBundle, repo]);
    expect(pushed.code, pushed.stderr).toBe(0);
    digest = pushed.json().bundleDigest as string;
    subject = pushed.json().manifestDigest as string;
    for (const s of ['a', 'b']) expect((await cli(s, ['replay', digest])).code).toBe(0);
  }, 240_000);
  afterAll(async () => {
    await proxy?.stop();
    await registry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`both decisions are listed after each of ${ROUNDS} colliding rounds`, async () => {
    const repo = `${proxy.host}/team/runs`;
    const pushed: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      for (const s of ['a', 'b']) {
        const decided = await cli(s, [
          '--json',
          'approve',
          digest.slice(0, 12),
          '--decision',
          round % 2 ? 'approve' : 'reject',
          '--reason',
          `round ${round} by ${s}`,
        ]);
        expect(decided.code, decided.stdout + decided.stderr).toBe(0);
      }
      arm();
      const [a, b] = await Promise.all(['a', 'b'].map((s) => cli(s, ['--json', 'sync', '--no-checkpoint', repo])));
      expect(
        collided,
        `the proxy made the two writes collide: ${a!.stdout}${a!.stderr} / ${b!.stdout}${b!.stderr}`,
      ).toBe(round);
      for (const out of [a!, b!]) {
        expect(out.code, out.stderr).toBeLessThanOrEqual(1);
        expect(out.json()).toMatchObject({ pushedDecisions: 1 });
      }
      const listed = await indexed();
      expect(new Set(listed).size).toBe(listed.length);
      expect(listed.length, `round ${round}: ${a!.stdout} / ${b!.stdout}`).toBe(2 * round);
      pushed.push(...listed.filter((d) => !pushed.includes(d)));
      expect(pushed.length).toBe(2 * round); // nothing listed earlier went missing
    }
  }, 240_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, sampleBundle } from '../helpers/cli';
import { compareVariant } from '../helpers/compare-variants';
import { replacePayloadFiles } from '../helpers/zip-edit';

/**
 * The bypasses of issue 12, tried through the built CLI as a reviewer who wants to cut corners would try them.
 * On the main before it, each of these was accepted: the rules compared the approver with the crate's author,
 * looked module versions up by the pipeline name the bundle declares, stored unusable metadata as verified and
 * took any team file. Team: Ravi (admin, reviewer), Lena (reviewer, owner of `training`), Dana (contributor).
 */

const env = { PROVDESK_PASSPHRASE: 'correct horse battery' };
let dir: string;
const store = (who: string) => path.join(dir, who);
const file = (name: string) => path.join(dir, name);
const cli = (who: string, args: string[]) => runCli(['--store', store(who), ...args], env);
const json = (who: string, args: string[]) => {
  const r = cli(who, ['--json', ...args]);
  return {
    code: r.code,
    out: r.json() as Record<string, unknown> & { [k: string]: never },
    stdout: r.stdout,
    stderr: r.stderr,
  };
};
let digest: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-attacks-'));
  const keys: Record<string, string> = {};
  for (const [who, name] of [
    ['ravi', 'Ravi'],
    ['lena', 'Lena'],
    ['dana', 'Dana Reyes'],
  ] as const) {
    const made = json(who, [
      'identity',
      'create',
      '--name',
      name,
      '--email',
      `${who === 'dana' ? 'dana.reyes' : who}@example.org`,
    ]);
    expect(made.code, made.stderr).toBe(0);
    keys[who] = made.out['publicKey'] as unknown as string;
  }
  const team = file('team.json');
  expect(cli('ravi', ['team', 'create', '--name', 'ml', '--role', 'reviewer', '-o', team]).code).toBe(0);
  expect(
    cli('ravi', [
      'team',
      'add-member',
      team,
      '--name',
      'Lena',
      '--email',
      'lena@example.org',
      '--public-key',
      keys['lena']!,
      '--role',
      'reviewer',
    ]).code,
  ).toBe(0);
  expect(
    cli('ravi', [
      'team',
      'add-member',
      team,
      '--name',
      'Dana Reyes',
      '--email',
      'dana.reyes@example.org',
      '--public-key',
      keys['dana']!,
      '--role',
      'contributor',
    ]).code,
  ).toBe(0);
  expect(cli('ravi', ['team', 'set', team, '--owners', 'training=lena@example.org']).code).toBe(0);
  for (const who of ['ravi', 'lena', 'dana']) expect(cli(who, ['team', 'import', team]).code).toBe(0);
  digest = json('ravi', ['verify', sampleBundle]).out['bundleDigest'] as unknown as string;
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('governance that cannot be talked around', () => {
  it('self-approval by editing one field: a reviewer who signed her run cannot approve it, whoever the crate names', async () => {
    // Ravi's own run, with a colleague's email written into the RO-Crate's author.
    await compareVariant(sampleBundle, file('ravi-run.zip'), {
      author: { name: 'Lena', email: 'lena@example.org' },
      parameterC: 2,
    });
    expect(cli('ravi', ['sign', file('ravi-run.zip'), '-o', file('ravi-run.signed.zip')]).code).toBe(0);
    const imported = json('ravi', ['import', file('ravi-run.signed.zip')]);
    // The crate's different author is a warning beside the signer, never a reason.
    expect(imported.out['authorship']).toMatchObject({
      status: 'verified',
      signer: { email: 'ravi@example.org' },
      problems: [expect.objectContaining({ code: 'authorship-author-differs', severity: 'warning' })],
    });
    const run = imported.out['bundleDigest'] as unknown as string;
    expect(cli('ravi', ['replay', run]).code).toBe(0);
    const own = cli('ravi', ['approve', run, '--decision', 'approve', '--reason', 'looks right']);
    expect(own.code).toBe(1);
    expect(own.stdout).toMatch(/Not the run author: You \(ravi@example.org\) signed this run as its author/);
  });

  it('an unsigned run, with its author edited or missing, is not approvable under the team', async () => {
    await compareVariant(sampleBundle, file('no-author.zip'), { author: null, parameterC: 3 });
    const imported = json('ravi', ['import', file('no-author.zip')]);
    expect(imported.out['authorship']).toMatchObject({ status: 'unsigned' });
    const run = imported.out['bundleDigest'] as unknown as string;
    expect(cli('ravi', ['replay', run]).code).toBe(0);
    const blocked = json('ravi', ['approve', run, '--decision', 'approve', '--reason', 'ok']);
    expect(blocked.code).toBe(1);
    expect(blocked.out['rules']).toContainEqual(
      expect.objectContaining({
        id: 'signed-authorship',
        status: 'block',
        hint: 'provdesk sign BUNDLE -o signed.bundle.zip',
      }),
    );
    // A key outside the team is no better: a stranger's store signs the same run.
    expect(json('stranger', ['identity', 'create', '--name', 'Lena', '--email', 'lena@example.org']).code).toBe(0);
    expect(cli('stranger', ['sign', file('no-author.zip'), '-o', file('stranger.zip')]).code).toBe(0);
    const checked = json('ravi', ['verify', file('stranger.zip')]);
    expect(checked.out['authorship']).toMatchObject({
      status: 'unknown-key',
      signer: null,
      claimed: { email: 'lena@example.org' },
    });
  });

  it("renaming the pipeline does not skip the module owner, and approving one bundle never changes another's state", async () => {
    // Dana's signed run (training 2.0.1), approved by Lena, the module's owner, on her machine.
    expect(cli('dana', ['sign', sampleBundle, '-o', file('dana.zip')]).code).toBe(0);
    expect(cli('lena', ['import', file('dana.zip')]).code).toBe(0);
    expect(cli('lena', ['replay', digest]).code).toBe(0);
    const lenaDecision = json('lena', [
      'approve',
      digest,
      '--decision',
      'approve',
      '--reason',
      'replayed',
      '-o',
      file('lena.json'),
    ]);
    expect(lenaDecision.out['accepted']).toBe(true);
    expect(cli('ravi', ['import', file('dana.zip')]).code).toBe(0);
    expect(cli('ravi', ['attestation', 'import', file('lena.json')]).code).toBe(0);
    expect(
      (json('ravi', ['list', '--state', 'approved']).out['bundles'] as unknown as { bundleDigest: string }[]).map(
        (b) => b.bundleDigest,
      ),
    ).toEqual([digest]);

    // The same run with training 2.0.2, under another pipeline name: it still waits for Lena.
    await compareVariant(sampleBundle, file('renamed.zip'), {
      trainingVersion: '2.0.2',
      pipelineName: 'a pipeline nobody approved',
    });
    expect(cli('dana', ['sign', file('renamed.zip'), '-o', file('renamed.signed.zip')]).code).toBe(0);
    const renamed = json('ravi', ['import', file('renamed.signed.zip')]).out['bundleDigest'] as unknown as string;
    expect(cli('ravi', ['replay', renamed]).code).toBe(0);
    const decided = json('ravi', ['approve', renamed, '--decision', 'approve', '--reason', 'ok']);
    expect(decided.out).toMatchObject({
      accepted: true,
      state: 'pending',
      requiredOwners: [
        { module: 'training', from: '2.0.1', to: '2.0.2', owners: ['lena@example.org'], approvedBy: [] },
      ],
    });
    expect(decided.out['rules']).toContainEqual(expect.objectContaining({ id: 'module-owners', status: 'wait' }));
    // The earlier bundle is still approved.
    expect(
      (json('ravi', ['list', '--state', 'approved']).out['bundles'] as unknown as { bundleDigest: string }[]).map(
        (b) => b.bundleDigest,
      ),
    ).toEqual([digest]);
  });

  it('unusable metadata: verify says INVALID naming the problem; import keeps it as refused metadata; approve is blocked', async () => {
    const withCrate = (target: string, edit: (t: string) => string) =>
      replacePayloadFiles(sampleBundle, target, (read) => ({
        'data/ro-crate-metadata.json': Buffer.from(edit(read('data/ro-crate-metadata.json').toString('utf8'))),
      }));
    await withCrate(file('dup.zip'), (t) => t.replace('{', '{"@context": "x", '));
    await withCrate(file('sha.zip'), (t) => t.replace(/("sha256"\s*:\s*")[0-9a-f]{64}"/, `$1${'0'.repeat(64)}"`));
    for (const [name, code] of [
      ['dup.zip', 'json-duplicate-key'],
      ['sha.zip', 'crate-sha256-mismatch'],
    ] as const) {
      const verified = json('ravi', ['verify', file(name)]);
      expect(verified.code).toBe(1);
      expect(verified.out).toMatchObject({
        valid: false,
        problems: expect.arrayContaining([expect.objectContaining({ code })]),
      });
      expect(cli('ravi', ['verify', file(name)]).stdout).toMatch(/^INVALID \(metadata refused\)/);
    }
    const kept = cli('ravi', ['import', file('dup.zip')]);
    expect(kept.code).toBe(1);
    expect(kept.stdout).toMatch(/^KEPT AS REFUSED METADATA: [0-9a-f]{64}/);
    const refused = json('ravi', ['verify', file('dup.zip')]).out['bundleDigest'] as unknown as string;
    expect(
      (json('ravi', ['list']).out['bundles'] as unknown as { bundleDigest: string; status: string }[]).find(
        (b) => b.bundleDigest === refused,
      )?.status,
    ).toBe('refused-metadata');
    const blocked = json('ravi', ['approve', refused, '--decision', 'approve', '--reason', 'ok']);
    expect(blocked.code).toBe(1);
    expect(blocked.out['rules']).toContainEqual(
      expect.objectContaining({
        id: 'bundle-verified',
        status: 'block',
        message: expect.stringMatching(/metadata was refused/),
      }),
    );
  });
});

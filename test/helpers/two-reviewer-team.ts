import { expect } from 'vitest';

type RunCli = (
  store: string,
  args: string[],
) => Promise<{ code: number; stderr: string; json: () => Record<string, unknown> }>;

/**
 * The two-store setup the registry tests share: Ravi's identity in store `a`, Dana's in store `b`, and one signed
 * team of both as reviewers (signed authorship not required) written to `teamFile` and imported into both stores.
 */
export async function twoReviewerTeam(cli: RunCli, teamFile: string): Promise<void> {
  const ok = async (store: string, args: string[]) => {
    const out = await cli(store, args);
    expect(out.code, `provdesk ${args.join(' ')}: ${out.stderr}`).toBe(0);
    return out;
  };
  await ok('a', ['identity', 'create', '--name', 'Ravi', '--email', 'ravi@example.org']);
  const dana = (
    await ok('b', ['--json', 'identity', 'create', '--name', 'Dana', '--email', 'dana@example.org'])
  ).json();
  await ok('a', ['team', 'create', '--name', 'Iris reviewers', '--role', 'reviewer', '-o', teamFile]);
  await ok('a', [
    'team',
    'add-member',
    teamFile,
    '--name',
    'Dana',
    '--email',
    'dana@example.org',
    '--public-key',
    String(dana.publicKey),
    '--role',
    'reviewer',
  ]);
  await ok('a', ['team', 'set', teamFile, '--require-signed-authorship', 'false']);
  for (const s of ['a', 'b']) await ok(s, ['team', 'import', teamFile]);
}

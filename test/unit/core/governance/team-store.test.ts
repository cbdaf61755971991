import { afterEach, describe, expect, it } from 'vitest';
import { importTeam, readTeam, approvalPolicyHash, trustedKeys } from '../../../../src-main/core/governance/team-store';
import { parseTeam } from '../../../../src-main/core/governance/team-file';
import { listModules } from '../../../../src-main/core/governance/module-registry';
import { listAudit } from '../../../../src-main/core/audit/audit-log';
import { clockedStore } from './governance-helpers';
import { person } from './approval-fixtures';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const ravi = person('Ravi', 'ravi@example.org');
const lena = person('Lena', 'lena@example.org');
const kim = person('Kim', 'kim@example.org');
const member = (p: typeof ravi, extra: Record<string, unknown> = {}) => ({ name: p.name, email: p.email, publicKey: p.publicKey, ...extra });
const parsed = (v: unknown) => {
  const r = parseTeam(v);
  if (!r.team) throw new Error(JSON.stringify(r.problems));
  return r.team;
};

describe('team versions', () => {
  it('each change is a new version whose audit entry says what changed; owners of named modules are replaced', async () => {
    const { store, dispose } = await clockedStore();
    cleanups.push(dispose);
    expect(readTeam(store)).toBeNull();
    const hashBefore = approvalPolicyHash(store);
    importTeam(store, parsed({ members: [member(ravi), member(lena, { roles: ['contributor'] })], moduleOwners: { loader: ['lena@example.org'], train: ['ravi@example.org'] } }), 'ravi');
    expect(approvalPolicyHash(store)).toBe(hashBefore); // quorum 1 as before: earlier approvals still hold
    const second = importTeam(store, parsed({ members: [member(ravi, { revokedKeys: [kim.keyId] }), member(kim, { roles: ['admin'] })], moduleOwners: { loader: ['kim@example.org'] }, quorum: 2 }), 'ravi');
    expect(second).toMatchObject({ changed: true, team: { version: 2 } });
    expect(approvalPolicyHash(store)).not.toBe(hashBefore);
    const entry = listAudit(store, { action: 'team.import' }).entries[0]!;
    expect(entry.details).toMatchObject({
      version: 2,
      previousVersion: 1,
      quorum: 2,
      changes: { added: ['kim@example.org'], removed: ['lena@example.org'], keyChanged: [], revoked: [{ email: 'ravi@example.org', keyId: kim.keyId }], quorum: { from: 1, to: 2 } },
    });
    expect(listModules(store).map((m) => [m.name, m.owners])).toEqual([
      ['loader', ['kim@example.org']],
      ['train', ['ravi@example.org']],
    ]);
    // Kim's key is Kim's current key and revoked in Ravi's entry: a revocation is never outvoted.
    expect(trustedKeys(store, null).filter((k) => k.keyId === kim.keyId)).toEqual([expect.objectContaining({ email: 'kim@example.org', revoked: true })]);
  });
});

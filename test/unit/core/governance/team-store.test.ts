import { describe, expect, it } from 'vitest';
import { readTeam, approvalPolicyHash, trustedKeys } from '../../../../src-main/core/governance/team-store';
import { importTeam } from '../../../../src-main/core/governance/team-import';
import { listModules } from '../../../../src-main/core/governance/module-registry';
import { listAudit, verifyChain } from '../../../../src-main/core/audit/audit-log';
import { sha256Hex } from '../../../../src-main/core/audit/audit-chain';
import { canonicalJson } from '../../../../src-main/core/audit/canonical-json';
import { readPolicy } from '../../../../src-main/core/governance/policy-store';
import { keyFingerprint } from '../../../../src-main/common/schemas/team-document';
import { addBundle, auditActions, governanceStore, runMeta, sha } from './governance-helpers';
import { signStoredBundle } from './authorship-helpers';
import { person, teamOf } from './approval-fixtures';
import { memberOf, nextTeam, signedTeam, teamAdmin, teamText, withoutHistory } from './team-fixtures';

const ravi = person('Ravi', 'ravi@example.org');
const lena = person('Lena', 'lena@example.org');
const kim = person('Kim', 'kim@example.org');
const mallory = person('Mallory', 'mallory@example.org');

/** A store that already holds a plain team file, as stores did before signed teams. */
function legacyTeam(store: Awaited<ReturnType<typeof governanceStore>>['store'], team: ReturnType<typeof teamOf>) {
  const json = canonicalJson(team);
  store.transaction((tx) =>
    tx.run(
      "INSERT INTO team_versions (version, hash, team_json, imported_at, imported_by) VALUES (1, ?, ?, '2026-01-01T00:00:00.000Z', 'lee')",
      [sha256Hex(json), json],
    ),
  );
}

describe('team versions', () => {
  it('each change is a new signed version whose audit entry says what changed; owners of named modules are replaced', async () => {
    const { store } = await governanceStore();
    expect(readTeam(store)).toBeNull();
    const v1 = signedTeam([{ p: ravi }, { p: lena, roles: ['contributor'] }], {
      moduleOwners: { loader: ['lena@example.org'], train: ['ravi@example.org'] },
    });
    expect(importTeam(store, teamText(v1), 'ravi')).toMatchObject({ saved: true, changed: true, versions: [1] });
    const v2 = nextTeam(v1, (t) => {
      t.members = [t.members[0]!, memberOf(ravi, ['reviewer'], [kim.keyId]), memberOf(kim, ['admin'])];
      t.moduleOwners = { loader: ['kim@example.org'] };
      t.quorum = 2;
    });
    const second = importTeam(store, teamText(v2), 'ravi');
    expect(second).toMatchObject({
      changed: true,
      pinned: null,
      team: { version: 2, signed: true, signers: [teamAdmin.keyId], pinned: { version: 1 } },
    });
    const entry = listAudit(store, { action: 'team.import' }).entries[0]!;
    expect(entry.details).toMatchObject({
      version: 2,
      previousVersion: 1,
      quorum: 2,
      signers: [teamAdmin.keyId],
      changes: {
        added: ['kim@example.org'],
        removed: ['lena@example.org'],
        keyChanged: [],
        revoked: [{ email: 'ravi@example.org', keyId: kim.keyId }],
        quorum: { from: 1, to: 2 },
      },
    });
    expect(listModules(store).map((m) => [m.name, m.owners])).toEqual([
      ['loader', ['kim@example.org']],
      ['train', ['ravi@example.org']],
    ]);
    // Kim's key is Kim's current key and revoked in Ravi's entry: a revocation is never outvoted (and Kim is no admin).
    expect(trustedKeys(store, null).filter((k) => k.keyId === kim.keyId)).toEqual([
      expect.objectContaining({ email: 'kim@example.org', revoked: true }),
    ]);
    expect(readTeam(store)!.admins.map((a) => a.email)).toEqual(['ada.admin@example.org']);
    expect(verifyChain(store).valid).toBe(true);
  });

  it('the first signed import pins the team and names its admins with their fingerprints', async () => {
    const { store } = await governanceStore();
    const v2 = nextTeam(signedTeam([{ p: ravi, roles: ['admin'] }]), (t) => void (t.quorum = 2));
    const r = importTeam(store, teamText(v2), 'ravi');
    const admins = [
      {
        name: 'Ada Admin',
        email: 'ada.admin@example.org',
        keyId: teamAdmin.keyId,
        fingerprint: keyFingerprint(teamAdmin.keyId),
      },
      { name: 'Ravi', email: 'ravi@example.org', keyId: ravi.keyId, fingerprint: keyFingerprint(ravi.keyId) },
    ];
    expect(r).toMatchObject({ saved: true, changed: true, versions: [1, 2], pinned: { version: 2, admins } });
    expect(readTeam(store)).toMatchObject({
      version: 2,
      signed: true,
      pinned: { version: 2, at: '2026-03-01T09:00:00.000Z' },
      admins: admins.map(({ fingerprint: _f, ...a }) => a),
    });
    expect(listAudit(store, { action: 'team.import' }).entries[0]!.details).toMatchObject({
      pinned: { version: 2 },
      versions: [{ version: 1 }, { version: 2 }],
    });
  });

  it('a refused file is audited and the store keeps the team it had', async () => {
    const { store, tick } = await governanceStore();
    const v1 = signedTeam([{ p: ravi }]);
    importTeam(store, teamText(v1), 'ravi');
    tick();
    const takeover = nextTeam(v1, (t) => t.members.push(memberOf(mallory, ['admin'])), [mallory]);
    const r = importTeam(store, teamText(takeover), 'mallory');
    expect(r).toMatchObject({
      saved: false,
      changed: false,
      team: { version: 1 },
      problems: [{ code: 'team-not-signed-by-admins' }],
    });
    expect(readTeam(store)).toMatchObject({ version: 1, hash: r.team!.hash });
    expect(auditActions(store)).toEqual(['team.import', 'team.import-refused']);
    expect(listAudit(store, { action: 'team.import-refused' }).entries[0]).toMatchObject({
      actor: 'mallory',
      subject: 'team/2',
      details: { version: 2, storeVersion: 1, problems: [{ code: 'team-not-signed-by-admins' }] },
    });
    const again = importTeam(store, teamText(withoutHistory(v1)), 'ravi');
    expect(again).toMatchObject({ saved: true, changed: false });
    expect(auditActions(store)).toHaveLength(2); // unchanged: nothing written
  });

  it("refuses today's plain team file, though it lists the importer as admin (team-unsigned)", async () => {
    const { store } = await governanceStore();
    const plain = JSON.stringify({ members: [memberOf(mallory, ['admin'])], quorum: 1 });
    const r = importTeam(store, plain, 'mallory');
    expect(r).toMatchObject({
      saved: false,
      team: null,
      problems: [{ code: 'team-unsigned', message: expect.stringContaining('provdesk team create') }],
    });
    expect(readTeam(store)).toBeNull();
    expect(auditActions(store)).toEqual(['team.import-refused']);
  });

  it('a legacy unsigned team keeps working, marked unsigned, until the first signed import replaces it', async () => {
    const { store } = await governanceStore();
    legacyTeam(store, teamOf([{ p: ravi, roles: ['admin'] }], { quorum: 2 }));
    expect(readTeam(store)).toMatchObject({ version: 1, signed: false, admins: [], pinned: null, team: { quorum: 2 } });
    expect(trustedKeys(store, null).map((k) => k.email)).toEqual(['ravi@example.org']);
    // The legacy team names Ravi admin, but nobody administers an unsigned team: any signed team may pin over it.
    const r = importTeam(store, teamText(signedTeam([{ p: lena }])), 'lena');
    expect(r).toMatchObject({ changed: true, pinned: { version: 1 }, team: { version: 1, signed: true } });
    expect(listAudit(store, { action: 'team.import' }).entries[0]!.details).toMatchObject({
      previousSigned: false,
      changes: { added: ['ada.admin@example.org', 'lena@example.org'], removed: ['ravi@example.org'] },
    });
  });

  it("re-checks a stored bundle's authorship once the team makes its signer's key trusted", async () => {
    const { store } = await governanceStore();
    addBundle(store, sha('1'), runMeta('run 1', 'lena@example.org', [['loader', '1.0']]));
    signStoredBundle(store, sha('1'), lena); // no team, no identity: nobody's key is trusted yet
    const signature = () =>
      store.get<{ signature: string }>('SELECT signature FROM bundle_authorship WHERE digest = ?', [sha('1')])!
        .signature;
    expect(signature()).toBe('unchecked');
    importTeam(store, teamText(signedTeam([{ p: lena, roles: ['contributor'] }])), 'ravi');
    expect(signature()).toBe('valid');
  });

  it('the policy hash: unchanged without a team; with a team, it includes the quorum and whether authorship must be signed', async () => {
    const { store } = await governanceStore();
    const plain = sha256Hex(canonicalJson({ licensePolicy: readPolicy(store).hash, quorum: 1 }));
    // stores without a team keep the hash their decisions were made under
    expect(approvalPolicyHash(store)).toBe(plain);
    const v1 = signedTeam([{ p: ravi }], { requireSignedAuthorship: false });
    importTeam(store, teamText(v1), 'ravi');
    expect(approvalPolicyHash(store)).toBe(plain); // quorum 1, unsigned authorship allowed: as before
    const v2 = nextTeam(v1, (t) => void (t.requireSignedAuthorship = true));
    importTeam(store, teamText(v2), 'ravi');
    const signedAuthorship = approvalPolicyHash(store);
    expect(signedAuthorship).toBe(
      sha256Hex(canonicalJson({ licensePolicy: readPolicy(store).hash, quorum: 1, signedAuthorship: true })),
    );
    importTeam(store, teamText(nextTeam(v2, (t) => void (t.quorum = 2))), 'ravi');
    expect(approvalPolicyHash(store)).not.toBe(signedAuthorship);
  });

  it('a legacy team without requireSignedAuthorship changes the policy hash: its decisions are re-examined', async () => {
    const { store } = await governanceStore();
    const before = approvalPolicyHash(store);
    const { requireSignedAuthorship: _r, adminQuorum: _a, ...old } = teamOf([{ p: ravi }]);
    legacyTeam(store, old as ReturnType<typeof teamOf>);
    expect(approvalPolicyHash(store)).not.toBe(before);
  });
});

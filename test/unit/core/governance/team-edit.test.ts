import { describe, expect, it } from 'vitest';
import type { Identity } from '../../../../src-main/common/schemas/governance';
import {
  addMember,
  assertMayCoSign,
  assertMaySign,
  coSign,
  draftCreate,
  draftNext,
  revokeKey,
  setSettings,
  signDraft,
  signatureStatus,
  predecessorOf,
} from '../../../../src-main/core/governance/team-edit';
import {
  readTeamDocument,
  teamDocumentText,
  type TeamDocument,
} from '../../../../src-main/core/governance/team-document';
import { planTeamImport } from '../../../../src-main/core/governance/team-chain';
import { person, type Person } from './approval-fixtures';
import { memberOf, nextTeam, signedTeam, teamAdmin, teamText } from './team-fixtures';

const ada = teamAdmin;
const ben = person('Ben', 'ben@example.org');
const kim = person('Kim', 'kim@example.org');
const identityOf = (p: Person): Identity => ({
  keyId: p.keyId,
  publicKey: p.publicKey,
  name: p.name,
  email: p.email,
  createdAt: 't',
  protection: 'scrypt',
});
const read = (text: string): TeamDocument => readTeamDocument(text).document!;
const at = '2026-03-05T10:00:00.000Z';
/** A draft signed by `p`, written and read back as a file would be. */
const signedBy = (draft: ReturnType<typeof draftNext>, p: Person) => {
  const s = signDraft(draft, p.privateKey, p.keyId);
  return read(teamDocumentText(s.current, s.history));
};

describe('making team versions', () => {
  it('create: version 1 with the local identity as its first admin (and the roles asked for), self-signed', () => {
    const draft = draftCreate({ name: 'Iris reviewers', roles: ['reviewer'] }, identityOf(ada), at);
    assertMaySign(draft, identityOf(ada));
    const doc = signedBy(draft as ReturnType<typeof draftNext>, ada);
    expect(doc.current).toMatchObject({
      version: 1,
      previous: null,
      issuedAt: at,
      team: {
        name: 'Iris reviewers',
        adminQuorum: 1,
        requireSignedAuthorship: true,
        members: [{ email: 'ada.admin@example.org', roles: ['admin', 'reviewer'] }],
      },
    });
    expect(planTeamImport(null, doc)).toMatchObject({ kind: 'pin' });
  });

  it('add a member, then a role to them, then a new key (a rotation: the old key is revoked); each is version N+1 naming N', () => {
    const v1 = read(teamText(signedTeam()));
    const v2 = signedBy(
      draftNext(
        v1,
        (t) => addMember(t, { name: 'Ben', email: 'Ben@example.org', publicKey: ben.publicKey, role: 'reviewer' }),
        at,
      ),
      ada,
    );
    expect(v2.current).toMatchObject({ version: 2, previous: v1.current.hash });
    expect(v2.history.map((h) => h.hash)).toEqual([v1.current.hash]);
    const v3draft = draftNext(
      v2,
      (t) => addMember(t, { name: 'Ben', email: 'ben@example.org', publicKey: ben.publicKey, role: 'owner' }),
      at,
    );
    expect(v3draft.notes).toEqual(['Ben <ben@example.org> is now also owner']);
    const v3 = signedBy(v3draft, ada);
    const newKey = person('Ben', 'ben@example.org');
    const v4draft = draftNext(
      v3,
      (t) => addMember(t, { name: 'Ben', email: 'ben@example.org', publicKey: newKey.publicKey, role: 'owner' }),
      at,
    );
    expect(v4draft.notes[0]).toMatch(/key was rotated: the old key [0-9a-f]{16}… is revoked/);
    const v4 = signedBy(v4draft, ada);
    expect(v4.current.team.members[1]).toMatchObject({
      publicKey: newKey.publicKey,
      roles: ['owner', 'reviewer'],
      revokedKeys: [ben.keyId],
    });
    expect(planTeamImport(v1.current, v4)).toMatchObject({
      kind: 'advance',
      versions: [{ version: 2 }, { version: 3 }, { version: 4 }],
    });
    expect(() =>
      draftNext(
        v4,
        (t) => addMember(t, { name: 'Kim', email: 'kim@example.org', publicKey: ben.publicKey, role: 'reviewer' }),
        at,
      ),
    ).toThrow(/revoked in this team/);
    expect(() =>
      draftNext(
        v4,
        (t) => addMember(t, { name: 'Ben', email: 'ben@example.org', publicKey: newKey.publicKey, role: 'owner' }),
        at,
      ),
    ).toThrow(/nothing to change/);
  });

  it('only an admin of version N may sign version N+1', () => {
    const v1 = read(teamText(signedTeam([{ p: ben, roles: ['reviewer', 'owner'] }])));
    const draft = draftNext(v1, (t) => setSettings(t, { quorum: 2 }), at);
    expect(() => assertMaySign(draft, identityOf(ben))).toThrow(
      /only an admin of version 1 may sign version 2, and Ben <ben@example.org> .* is not one\. Its admins: Ada Admin/,
    );
    expect(() => assertMaySign(draft, null)).toThrow(/no signing identity/);
    // Making yourself admin in the new version does not make you an admin of the version it replaces.
    const takeover = draftNext(
      v1,
      (t) => ({ team: { ...t, members: [t.members[0]!, { ...t.members[1]!, roles: ['admin'] }] }, notes: [] }),
      at,
    );
    expect(() => assertMaySign(takeover, identityOf(ben))).toThrow(/only an admin of version 1/);
  });

  it('settings and revocation; a version with fewer admins than its admin quorum is refused before signing', () => {
    const v1 = read(teamText(signedTeam([{ p: ben }])));
    const settings = draftNext(
      v1,
      (t) => setSettings(t, { quorum: 2, requireSignedAuthorship: false, name: 'Iris' }),
      at,
    );
    expect(settings.team).toMatchObject({ quorum: 2, requireSignedAuthorship: false, name: 'Iris' });
    expect(settings.notes).toEqual([
      'name: (none) → Iris',
      'approval quorum: 1 → 2',
      'signed authorship required: true → false',
    ]);
    expect(() => draftNext(v1, (t) => setSettings(t, { quorum: 1 }), at)).toThrow(/nothing to change/);
    expect(() => draftNext(v1, (t) => setSettings(t, { adminQuorum: 2 }), at)).toThrow(
      /would have 1 admin, fewer than its admin quorum of 2/,
    );
    const revoked = draftNext(v1, (t) => revokeKey(t, { email: 'ben@example.org' }), at);
    expect(revoked.team.members[1]!.revokedKeys).toEqual([ben.keyId]);
    expect(revoked.notes[0]).toMatch(/current key [0-9a-f]{16}… is revoked/);
    expect(() => draftNext(v1, (t) => revokeKey(t, { email: 'ada.admin@example.org' }), at)).toThrow(
      /would have 0 admins/,
    );
    expect(() => draftNext(v1, (t) => revokeKey(t, { email: 'nobody@example.org' }), at)).toThrow(/not a member/);
  });

  it('an admin quorum of 2: the first admin signs, the status names who still must sign, the co-signature completes it', () => {
    const v1 = signedTeam([{ p: kim, roles: ['admin'] }], { adminQuorum: 2 }, ada, [ada, kim]);
    const base = read(teamText(v1));
    const one = signedBy(
      draftNext(
        base,
        (t) => addMember(t, { name: 'Ben', email: 'ben@example.org', publicKey: ben.publicKey, role: 'reviewer' }),
        at,
      ),
      ada,
    );
    const status = signatureStatus(one.current, predecessorOf(one));
    expect(status).toMatchObject({
      complete: false,
      signedBy: [{ email: 'ada.admin@example.org' }],
      stillToSign: [{ email: 'kim@example.org' }],
    });
    expect(planTeamImport(base.current, one)).toMatchObject({
      kind: 'refused',
      problems: [{ code: 'team-not-signed-by-admins', signed: 1, needed: 2 }],
    });
    expect(() => assertMayCoSign(one, identityOf(ada))).toThrow(/has signed version 2 already/);
    expect(() => assertMayCoSign(one, identityOf(ben))).toThrow(/is not an admin of version 2 or of version 1/);
    assertMayCoSign(one, identityOf(kim));
    const both = coSign(one, kim.privateKey, kim.keyId);
    expect(signatureStatus(both.current, predecessorOf(both))).toMatchObject({ complete: true, stillToSign: [] });
    expect(planTeamImport(base.current, read(teamDocumentText(both.current, both.history)))).toMatchObject({
      kind: 'advance',
      versions: [{ signers: [ada.keyId, kim.keyId].sort() }],
    });
  });

  it('nothing follows a version that does not hold', () => {
    const forged = read(teamText(nextTeam(signedTeam(), (t) => t.members.push(memberOf(ben, ['admin'])), [ben])));
    expect(() => draftNext(forged, (t) => setSettings(t, { quorum: 2 }), at)).toThrow(
      /version 2 of the team file does not hold/,
    );
  });
});

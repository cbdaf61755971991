import { describe, expect, it } from 'vitest';
import type { Identity, StoredTeam, TeamEditResult, TeamPin } from '../../../../src-main/common/schemas/governance';
import { keyFingerprint } from '../../../../src-main/common/schemas/team-document';
import { listAudit } from '../../../../src-main/core/audit/audit-log';
import { importTeam } from '../../../../src-main/core/governance/team-import';
import { readTeam } from '../../../../src-main/core/governance/team-store';
import { auditActions, clockedStore, governanceStore } from './governance-helpers';
import { person } from './approval-fixtures';
import { memberOf, nextTeam, signedTeam, teamText } from './team-fixtures';

type TeamGet = { team: StoredTeam | null; localAdmin: boolean };
type Imported = {
  saved: boolean;
  problems: { code: string; message: string }[];
  pinned: TeamPin | null;
  team: StoredTeam | null;
};

const ben = person('Ben', 'ben@example.org');

describe('the team channels (team:create, team:addMember, team:set)', () => {
  it('create pins version 1 with the local identity as admin; add a member and change settings as versions 2 and 3; a teammate imports the file', async () => {
    const { store, call, tick } = await governanceStore();
    await expect(call('team:create', { name: 'Iris', roles: ['reviewer'] })).rejects.toThrow(
      /refused: a team is signed by its admins: make your signing identity first/,
    );
    const ravi = await call<Identity>('identity:create', { name: 'Ravi', email: 'ravi@example.org' });
    await expect(call('team:create', { name: 'Iris', roles: [], passphrase: 'wrong passphrase' })).rejects.toThrow(
      /passphrase/,
    );
    expect(readTeam(store)).toBeNull();

    const created = await call<TeamEditResult>('team:create', { name: 'Iris', roles: ['reviewer'] });
    expect(created).toMatchObject({
      version: 1,
      imported: true,
      stillToSign: [],
      fileName: 'iris.team-v1.json',
      team: { version: 1, signed: true, signers: [ravi.keyId] },
    });
    expect(created.pinned).toEqual({
      version: 1,
      admins: [{ name: 'Ravi', email: 'ravi@example.org', keyId: ravi.keyId, fingerprint: keyFingerprint(ravi.keyId) }],
    });
    expect(await call<TeamGet>('team:get', {})).toMatchObject({
      localAdmin: true,
      team: { admins: [{ email: 'ravi@example.org' }], team: { members: [{ roles: ['admin', 'reviewer'] }] } },
    });
    await expect(call('team:create', { name: 'Again', roles: [] })).rejects.toThrow(
      /conflict: this store has a signed team already \(version 1\)/,
    );

    tick();
    const added = await call<TeamEditResult>('team:addMember', {
      name: 'Ben',
      email: 'ben@example.org',
      publicKey: ben.publicKey,
      role: 'reviewer',
    });
    expect(added).toMatchObject({
      version: 2,
      imported: true,
      pinned: null,
      notes: [expect.stringMatching(/^added Ben <ben@example.org> as reviewer/)],
      team: { version: 2 },
    });
    const set = await call<TeamEditResult>('team:set', { quorum: 2, requireSignedAuthorship: false });
    expect(set).toMatchObject({
      version: 3,
      imported: true,
      team: { version: 3, team: { quorum: 2, requireSignedAuthorship: false } },
    });
    await expect(call('team:set', { quorum: 2 })).rejects.toThrow(/conflict: the team has these settings already/);
    expect(auditActions(store)).toEqual(['identity.create', 'team.import', 'team.import', 'team.import']);
    expect(listAudit(store, { action: 'team.import' }).entries.map((e) => e.details.source)).toEqual([
      'team.set',
      'team.addMember',
      'team.create',
    ]);

    // The downloaded document carries its history: a store that never saw the team pins version 3 from it.
    const { document } = set;
    expect(JSON.parse(document)).toMatchObject({
      signed: { version: 3 },
      history: [{ signed: { version: 1 } }, { signed: { version: 2 } }],
    });
    const other = await clockedStore();
    try {
      expect(importTeam(other.store, document, 'ben')).toMatchObject({
        changed: true,
        versions: [1, 2, 3],
        pinned: { version: 3 },
      });
    } finally {
      other.dispose();
    }
  });

  it('refuses to change a team whose admin the local identity is not, and a legacy team (to be replaced by create)', async () => {
    const { call } = await governanceStore();
    const ravi = await call<Identity>('identity:create', { name: 'Ravi', email: 'ravi@example.org' });
    await expect(call('team:set', { quorum: 2 })).rejects.toThrow(/refused: this store has no signed team/);
    expect(
      await call<Imported>('team:import', { text: teamText(signedTeam([{ p: ravi, roles: ['reviewer'] }])) }),
    ).toMatchObject({ saved: true, pinned: { version: 1 } });
    expect((await call<TeamGet>('team:get', {})).localAdmin).toBe(false);
    await expect(
      call('team:addMember', { name: 'Ben', email: 'ben@example.org', publicKey: ben.publicKey, role: 'admin' }),
    ).rejects.toThrow(/refused: only an admin of version 1 may sign version 2, and Ravi <ravi@example.org>/);
  });

  it('team:import answers every refusal with its code, keeping the team', async () => {
    const { call } = await governanceStore();
    const plain = await call<Imported>('team:import', {
      text: JSON.stringify({ members: [memberOf(ben, ['admin'])] }),
    });
    expect(plain).toMatchObject({ saved: false, team: null, pinned: null, problems: [{ code: 'team-unsigned' }] });
    const v1 = signedTeam([{ p: ben }]);
    const v2 = nextTeam(v1, (t) => void (t.quorum = 2));
    await call('team:import', { text: teamText(v2) });
    expect(await call<Imported>('team:import', { text: teamText(v1) })).toMatchObject({
      saved: false,
      team: { version: 2 },
      problems: [{ code: 'team-rollback' }],
    });
    expect(await call<Imported>('team:import', { text: teamText(nextTeam(v2, () => {}, [ben])) })).toMatchObject({
      saved: false,
      problems: [{ code: 'team-not-signed-by-admins' }],
    });
  });
});

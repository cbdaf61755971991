import { sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { planTeamImport, type TeamImportPlan } from '../../../../src-main/core/governance/team-chain';
import {
  readTeamDocument,
  teamVersionHash,
  type TeamDocument,
} from '../../../../src-main/core/governance/team-document';
import { IN_TOTO_PAYLOAD_TYPE, pae } from '../../../../src-main/core/governance/dsse';
import { canonicalJson } from '../../../../src-main/core/audit/canonical-json';
import { person } from './approval-fixtures';
import { memberOf, nextTeam, signedTeam, teamAdmin, teamText, withoutHistory, type TeamDocJson } from './team-fixtures';

/**
 * The rules a signed team version must meet, each written as the attack it stops. Before signed teams, any of
 * these files was imported as given ("whoever imports the team file defines the team").
 */

const ada = teamAdmin;
const ben = person('Ben', 'ben@example.org'); // a reviewer
const mallory = person('Mallory', 'mallory@example.org'); // nobody in the team

const read = (doc: TeamDocJson): TeamDocument => {
  const r = readTeamDocument(teamText(doc));
  if (!r.document) throw new Error(JSON.stringify(r.problems));
  return r.document;
};
const stored = (doc: TeamDocJson) => read(withoutHistory(doc)).current;
const codes = (plan: TeamImportPlan) => (plan.kind === 'refused' ? plan.problems.map((p) => p.code) : []);
const refusal = (plan: TeamImportPlan) => {
  if (plan.kind !== 'refused') throw new Error(`not refused: ${plan.kind}`);
  return plan.problems[0]!;
};

const v1 = signedTeam([{ p: ben, roles: ['reviewer'] }]);
const v2 = nextTeam(v1, (t) => void (t.quorum = 2));

describe('a first signed import (nothing pinned yet)', () => {
  it('pins version 1 signed by its admin, naming who signed', () => {
    const plan = planTeamImport(null, read(v1));
    expect(plan).toMatchObject({ kind: 'pin', versions: [{ version: 1, signers: [ada.keyId] }] });
  });

  it('pins the newest version of a file whose history is a valid chain', () => {
    const plan = planTeamImport(null, read(nextTeam(v2, (t) => t.members.push(memberOf(mallory)))));
    expect(plan.kind === 'pin' && plan.versions.map((v) => v.version)).toEqual([1, 2, 3]);
  });

  it('refuses version 1 signed by a member who is not an admin', () => {
    const forged = signedTeam([{ p: ben, roles: ['reviewer'] }], {}, ada, [ben]);
    expect(refusal(planTeamImport(null, read(forged)))).toMatchObject({
      code: 'team-not-signed-by-admins',
      signed: 0,
      needed: 1,
    });
  });

  it('refuses version 1 that names a previous version', () => {
    const odd = nextTeam(v1, () => {}, [ada], { version: 1 });
    expect(codes(planTeamImport(null, read(withoutHistory(odd))))).toEqual(['team-chain-broken']);
  });

  it('refuses a history with a tampered version, even when the newest version is well signed', () => {
    const v3 = nextTeam(v2, (t) => void (t.quorum = 3));
    (v3.history![1]!.signed.members as unknown[]).push(memberOf(mallory, ['admin']));
    expect(refusal(planTeamImport(null, read(v3)))).toMatchObject({ code: 'team-signature-invalid', version: 2 });
  });

  it('refuses a history with a gap', () => {
    const v3 = nextTeam(v2, () => {});
    v3.history!.splice(1, 1);
    expect(refusal(planTeamImport(null, read(v3)))).toMatchObject({ code: 'team-missing-version', missing: 2 });
  });
});

describe('a later version against the stored one', () => {
  it('advances to version 2 signed by an admin of version 1', () => {
    expect(planTeamImport(stored(v1), read(v2))).toMatchObject({
      kind: 'advance',
      versions: [{ version: 2, signers: [ada.keyId] }],
    });
  });

  it('is unchanged for the same version again', () => {
    expect(planTeamImport(stored(v2), read(v2))).toEqual({ kind: 'unchanged' });
  });

  it('refuses a version re-signed by a member who is not an admin', () => {
    const forged = nextTeam(v1, (t) => void (t.quorum = 1), [ben]);
    const p = refusal(planTeamImport(stored(v1), read(forged)));
    expect(p).toMatchObject({ code: 'team-not-signed-by-admins', signed: 0, needed: 1 });
    expect(p.message).toMatch(
      /^version 2 is signed by 0 of the admins of version 1, which it replaces; 1 must sign\. The admins: Ada Admin <ada\.admin@example\.org>\./,
    );
  });

  it('refuses a version signed by an outsider', () => {
    const forged = nextTeam(v1, (t) => t.members.push(memberOf(mallory, ['reviewer'])), [mallory]);
    expect(codes(planTeamImport(stored(v1), read(forged)))).toEqual(['team-not-signed-by-admins']);
  });

  it('refuses a take-over: an outsider who made themselves admin of the new version and signed it', () => {
    const takeover = nextTeam(v1, (t) => t.members.push(memberOf(mallory, ['admin'])), [mallory]);
    const p = refusal(planTeamImport(stored(v1), read(takeover)));
    expect(p).toMatchObject({ code: 'team-not-signed-by-admins', version: 2 });
    expect(p.message).toMatch(/of the admins of version 1/);
  });

  it('refuses a version signed by the old admins but not by enough of its own (TUF: both thresholds)', () => {
    const raised = nextTeam(v1, (t) => {
      t.members.push(memberOf(mallory, ['admin']));
      t.adminQuorum = 2;
    });
    const p = refusal(planTeamImport(stored(v1), read(raised)));
    expect(p).toMatchObject({ code: 'team-not-signed-by-admins', signed: 1, needed: 2 });
    expect(p.message).toMatch(
      /^version 2 is signed by 1 of its own admins \(Ada Admin <ada.admin@example.org>\); 2 must sign/,
    );
  });

  it('refuses a rollback to version 1 once version 2 is in use', () => {
    const p = refusal(planTeamImport(stored(v2), read(v1)));
    expect(p).toMatchObject({ code: 'team-rollback', expected: '2', actual: '1' });
    expect(p.message).toMatch(/version 1, older than the version 2 this store holds/);
  });

  it('refuses a changed file with the same version, even one its admin signed', () => {
    const fork = nextTeam(v1, (t) => void (t.quorum = 3));
    expect(refusal(planTeamImport(stored(v2), read(fork)))).toMatchObject({
      code: 'team-version-conflict',
      expected: teamVersionHash(v2.signed),
      actual: teamVersionHash(fork.signed),
    });
  });

  it('refuses a gap: a file without the versions between (no history, or a history missing one)', () => {
    const v3 = nextTeam(v2, (t) => void (t.quorum = 1));
    expect(refusal(planTeamImport(stored(v1), read(withoutHistory(v3))))).toMatchObject({
      code: 'team-missing-version',
      missing: 2,
    });
    const partial = { ...v3, history: v3.history!.slice(0, 1) };
    const p = refusal(planTeamImport(stored(v1), read(partial)));
    expect(p).toMatchObject({ code: 'team-missing-version', missing: 2 });
    expect(p.message).toMatch(/version 2 is missing/);
    expect(planTeamImport(stored(v1), read(v3))).toMatchObject({
      kind: 'advance',
      versions: [{ version: 2 }, { version: 3 }],
    });
  });

  it('refuses tampered history: an edited version 2, or another version 2 the next version was not made from', () => {
    const v3 = nextTeam(v2, () => {});
    const edited = structuredClone(v3);
    edited.history![1]!.signed.quorum = 5;
    expect(codes(planTeamImport(stored(v1), read(edited)))).toEqual(['team-signature-invalid']);
    const fork = nextTeam(v1, (t) => void (t.quorum = 4)); // well signed, but not the version 2 that version 3 names
    const swapped = { ...v3, history: [v3.history![0]!, withoutHistory(fork)] };
    expect(refusal(planTeamImport(stored(v1), read(swapped)))).toMatchObject({ code: 'team-chain-broken', version: 3 });
  });

  it('refuses a version that names another predecessor than the stored one', () => {
    const stray = nextTeam(v1, () => {}, [ada], { previous: 'f'.repeat(64) });
    expect(refusal(planTeamImport(stored(v1), read(stray)))).toMatchObject({
      code: 'team-chain-broken',
      expected: teamVersionHash(v1.signed),
      actual: 'f'.repeat(64),
    });
  });

  it('refuses a signature copied from another version', () => {
    const copied = nextTeam(v1, (t) => void (t.quorum = 3), []);
    copied.signatures = v1.signatures;
    expect(refusal(planTeamImport(stored(v1), read(copied)))).toMatchObject({
      code: 'team-signature-invalid',
      keyIds: [ada.keyId],
    });
  });

  it("refuses an admin's signature made for a decision envelope over the same bytes (another payload type)", () => {
    const reused = nextTeam(v1, (t) => void (t.quorum = 3), []);
    const decisionSig = sign(
      null,
      pae(IN_TOTO_PAYLOAD_TYPE, Buffer.from(canonicalJson(reused.signed))),
      ada.privateKey,
    ).toString('base64');
    reused.signatures = [{ keyid: ada.keyId, sig: decisionSig }];
    expect(codes(planTeamImport(stored(v1), read(reused)))).toEqual(['team-signature-invalid']);
  });

  it('counts one signature per key: the same admin twice is not an admin quorum of 2', () => {
    const two = nextTeam(
      v1,
      (t) => {
        t.members.push(memberOf(mallory, ['admin']));
        t.adminQuorum = 2;
      },
      [ada, mallory],
    );
    const three = nextTeam(two, (t) => void (t.quorum = 2), [ada, ada]);
    expect(planTeamImport(stored(v1), read(two)).kind).toBe('advance');
    expect(refusal(planTeamImport(stored(two), read(three)))).toMatchObject({
      code: 'team-not-signed-by-admins',
      signed: 1,
      needed: 2,
    });
  });

  it('refuses a version signed by an admin whose key the stored version revoked', () => {
    const withBen = nextTeam(v1, (t) => void (t.members[1]!.roles = ['admin']));
    const benRevoked = nextTeam(withBen, (t) => t.members[0]!.revokedKeys.push(ben.keyId), [ada]);
    const byBen = nextTeam(benRevoked, (t) => void (t.quorum = 9), [ben]);
    expect(planTeamImport(stored(withBen), read(benRevoked)).kind).toBe('advance');
    expect(codes(planTeamImport(stored(benRevoked), read(byBen)))).toEqual(['team-not-signed-by-admins']);
  });
});

import { createHash, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TEAM_PAYLOAD_TYPE, keyFingerprint } from '../../../../src-main/common/schemas/team-document';
import {
  readTeamDocument,
  teamAdmins,
  teamDocumentText,
  teamSigningInput,
  teamVersionHash,
} from '../../../../src-main/core/governance/team-document';
import { canonicalJson } from '../../../../src-main/core/audit/canonical-json';
import { parsePublicKey } from '../../../../src-main/core/governance/ed25519-keys';
import { person } from './approval-fixtures';
import { memberOf, nextTeam, signedTeam, teamAdmin, teamText } from './team-fixtures';

const ben = person('Ben', 'ben@example.org');

describe('the signed team document', () => {
  it("signs DSSE's PAE of the team payload type and the canonical JSON of `signed`; the hash is SHA-256 of that JSON", () => {
    const doc = signedTeam([{ p: ben }]);
    const body = canonicalJson(doc.signed);
    const input = teamSigningInput(doc.signed);
    expect(input.toString('utf8')).toBe(
      `DSSEv1 ${TEAM_PAYLOAD_TYPE.length} ${TEAM_PAYLOAD_TYPE} ${Buffer.byteLength(body)} ${body}`,
    );
    expect(
      verify(null, input, parsePublicKey(teamAdmin.publicKey), Buffer.from(doc.signatures[0]!.sig, 'base64')),
    ).toBe(true);
    expect(teamVersionHash(doc.signed)).toBe(createHash('sha256').update(body).digest('hex'));
    expect(doc.signed).toMatchObject({ _type: 'urn:provenance-desk:team:1', version: 1, previous: null });
  });

  it('reads every version with its hash and normalised team; writes it back readable, history oldest first', () => {
    const v2 = nextTeam(signedTeam([{ p: ben }]), (t) =>
      t.members.push({ ...memberOf(person('Kim', 'KIM@example.org')) }),
    );
    const r = readTeamDocument(teamText(v2));
    expect(r.problems).toEqual([]);
    expect(r.document!.current).toMatchObject({
      version: 2,
      previous: teamVersionHash(v2.history![0]!.signed),
      hash: teamVersionHash(v2.signed),
      where: 'signed',
    });
    expect(r.document!.current.team.members.map((m) => m.email)).toEqual([
      'ada.admin@example.org',
      'ben@example.org',
      'kim@example.org',
    ]);
    expect(r.document!.history.map((h) => [h.version, h.where])).toEqual([[1, 'history.0']]);
    const text = teamDocumentText(r.document!.current, r.document!.history);
    expect(JSON.parse(text)).toEqual(JSON.parse(teamText(v2)));
    expect(text).toMatch(/^\{\n {2}"signed": \{\n {4}"_type"/);
  });

  it('refuses a plain (unsigned) team file, naming `provdesk team create`', () => {
    const plain = JSON.stringify({ members: [memberOf(ben, ['admin'])], quorum: 1 });
    const r = readTeamDocument(plain);
    expect(r.problems).toEqual([{ code: 'team-unsigned', message: expect.stringContaining('`provdesk team create`') }]);
  });

  it('refuses what is not a signed team document: not JSON, unknown fields, a bad member key, a wrong type', () => {
    expect(readTeamDocument('{"signed": ').problems[0]).toMatchObject({
      code: 'team-invalid',
      message: expect.stringMatching(/not valid JSON/),
    });
    const doc = signedTeam([{ p: ben }]);
    expect(readTeamDocument(JSON.stringify({ ...doc, note: 'x' })).problems[0]).toMatchObject({ code: 'team-invalid' });
    expect(readTeamDocument(JSON.stringify({ ...doc, signed: { ...doc.signed, extra: 1 } })).problems[0]).toMatchObject(
      { code: 'team-invalid', entity: expect.stringMatching(/^signed/) },
    );
    expect(
      readTeamDocument(JSON.stringify({ ...doc, signed: { ...doc.signed, _type: 'urn:other' } })).problems[0],
    ).toMatchObject({ code: 'team-invalid', entity: 'signed._type' });
    const badKey = { ...doc, signed: { ...doc.signed, members: [{ ...memberOf(ben), publicKey: 'A'.repeat(44) }] } };
    expect(readTeamDocument(JSON.stringify(badKey)).problems[0]).toMatchObject({
      code: 'team-bad-key',
      entity: 'signed.members.0.publicKey',
    });
    expect(
      readTeamDocument(JSON.stringify({ ...doc, signatures: [{ keyid: 'x', sig: 'y' }] })).problems[0],
    ).toMatchObject({ code: 'team-invalid' });
  });

  it('an admin is a member with role admin whose current key is not revoked; fingerprints group the key id by four', () => {
    const doc = signedTeam([
      { p: ben, roles: ['admin', 'reviewer'], revokedKeys: [] },
      { p: person('Kim', 'kim@example.org'), roles: ['admin'] },
    ]);
    const team = readTeamDocument(teamText(doc)).document!.current.team;
    expect(teamAdmins(team).map((a) => a.email)).toEqual([
      'ada.admin@example.org',
      'ben@example.org',
      'kim@example.org',
    ]);
    team.members[0]!.revokedKeys.push(ben.keyId); // revoked anywhere: revoked
    expect(teamAdmins(team).map((a) => a.email)).toEqual(['ada.admin@example.org', 'kim@example.org']);
    expect(keyFingerprint('0123456789abcdef'.repeat(4))).toBe(
      '0123 4567 89ab cdef 0123 4567 89ab cdef 0123 4567 89ab cdef 0123 4567 89ab cdef',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { parseTeam, parseTeamText, teamKeys } from '../../../../src-main/core/governance/team-file';
import { person } from './approval-fixtures';

const ravi = person('Ravi', 'Ravi@Example.org');
const old = person('Ravi (old laptop)', 'ravi@example.org');

describe('team file', () => {
  it('parses, fills defaults and normalises emails and revoked keys to key ids', () => {
    const { team, problems } = parseTeamText(
      JSON.stringify({
        members: [{ name: 'Ravi', email: ravi.email, publicKey: ravi.publicKey, revokedKeys: [old.publicKey] }],
        moduleOwners: { loader: ['Ravi@Example.org'] },
      }),
    );
    expect(problems).toEqual([]);
    expect(team).toMatchObject({
      quorum: 1,
      moduleOwners: { loader: ['ravi@example.org'] },
      members: [{ email: 'ravi@example.org', roles: ['reviewer'], revokedKeys: [old.keyId] }],
    });
    const keys = teamKeys(team!);
    expect(keys).toEqual([
      {
        keyId: ravi.keyId,
        publicKey: ravi.publicKey,
        name: 'Ravi',
        email: 'ravi@example.org',
        roles: ['reviewer'],
        revoked: false,
      },
      {
        keyId: old.keyId,
        publicKey: null,
        name: 'Ravi',
        email: 'ravi@example.org',
        roles: ['reviewer'],
        revoked: true,
      },
    ]);
  });

  it('names what is wrong: bad JSON, unknown fields, bad roles, bad keys, duplicates', () => {
    expect(parseTeamText('{"members": [').problems[0]).toMatchObject({
      code: 'team-invalid',
      message: expect.stringContaining('not valid JSON'),
    });
    expect(
      parseTeam({ members: [], extra: 1 })
        .problems.map((p) => p.message)
        .join(' '),
    ).toMatch(/members/);
    expect(
      parseTeam({ members: [{ name: 'x', email: 'x@y', publicKey: ravi.publicKey, roles: ['boss'] }] }).problems[0],
    ).toMatchObject({
      message: 'member 1: role 1 must be one of "contributor", "reviewer", "owner", "admin"',
      entity: 'members.0.roles.0',
    });
    expect(parseTeam({ members: [{ name: 'x', email: 'x@y', publicKey: 'A'.repeat(60) }] }).problems[0]).toMatchObject({
      code: 'team-bad-key',
      entity: 'members.0.publicKey',
    });
    const dup = parseTeam({
      members: [
        { name: 'a', email: 'a@y', publicKey: ravi.publicKey },
        { name: 'b', email: 'A@y', publicKey: ravi.publicKey },
      ],
    });
    expect(dup.team).toBeNull();
    expect(dup.problems.map((p) => p.code).sort()).toEqual(['team-duplicate-key', 'team-duplicate-member']);
    expect(
      parseTeam({ members: [{ name: 'x', email: 'x@y', publicKey: ravi.publicKey }], quorum: 0 }).problems[0]?.message,
    ).toMatch(/quorum/);
    expect(
      parseTeam({ members: [{ name: 'x', email: 'x@y', publicKey: ravi.publicKey, revokedKeys: ['nope'] }] })
        .problems[0],
    ).toMatchObject({ code: 'team-bad-key' });
  });

  it('a member whose current key is listed as revoked has a revoked key', () => {
    const { team } = parseTeam({
      members: [{ name: 'R', email: 'r@y', publicKey: ravi.publicKey, revokedKeys: [ravi.keyId] }],
    });
    expect(teamKeys(team!)).toEqual([expect.objectContaining({ keyId: ravi.keyId, revoked: true })]);
  });
});

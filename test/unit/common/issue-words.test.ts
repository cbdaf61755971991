import { describe, expect, it } from 'vitest';
import { teamFileSchema } from '../../../src-main/common/schemas/governance';
import { fieldName } from '../../../src-main/common/issue-words';
import { parseTeam } from '../../../src-main/core/governance/team-file';

const words = (value: unknown) => parseTeam(value).problems.map((p) => p.message);

describe('issueWords: zod issues in words naming the field', () => {
  it('names list items as people count them', () => {
    expect(fieldName(['members', 0, 'name'])).toBe('member 1: name');
    expect(fieldName(['members', 2])).toBe('member 3');
    expect(fieldName([])).toBe('the file');
    expect(fieldName(['quorum'])).toBe('quorum');
  });

  it('a team file with a member missing fields, a wrong type, an empty list and an unknown field', () => {
    expect(words({ members: [{ email: 'a@example.org' }] })).toEqual([
      'member 1: name is missing (text expected)',
      'member 1: publicKey is missing (text expected)',
    ]);
    expect(words({ members: [], quorum: 'two' })).toEqual([
      'members needs at least 1 entry',
      'quorum must be a number',
    ]);
    expect(
      words({
        members: [{ name: '', email: 'a@example.org', publicKey: 'x'.repeat(44), roles: ['boss'] }],
        colour: 'red',
      }),
    ).toEqual([
      'member 1: name is empty',
      'member 1: role 1 must be one of "contributor", "reviewer", "owner", "admin"',
      'the team has a field this file does not know: "colour"',
    ]);
    expect(words('not an object')).toEqual(['the team must be an object']);
    // Never zod's own phrasing.
    for (const m of words({ members: [{}] })) expect(m).not.toMatch(/expected string, received/);
  });

  it('the schema still accepts a good member', () => {
    expect(
      teamFileSchema.safeParse({ members: [{ name: 'Ravi', email: 'ravi@example.org', publicKey: 'x'.repeat(44) }] })
        .success,
    ).toBe(true);
  });
});

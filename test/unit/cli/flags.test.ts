import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract } from '../../../src-main/common/contract';
import { governanceChannelSchemas as gov } from '../../../src-main/common/schemas/governance';
import { flagName, number, parseFlags } from '../../../src-main/cli/flags';
import { CliExit, exitCodeFor } from '../../../src-main/cli/output';

/** The message and exit code of a flag the schema refuses. */
function refused(run: () => unknown): { code: number; message: string } {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(CliExit);
    return { code: exitCodeFor(e), message: (e as Error).message };
  }
  throw new Error('expected the flags to be refused');
}

describe('CLI flags parsed with the contract schemas', () => {
  it('returns the parsed request, defaults applied and unset flags left out', () => {
    expect(parseFlags(contract['bundles:list'].request, { query: 'iris', state: undefined, limit: 20_000 })).toEqual({
      query: 'iris',
      sort: 'importedAt',
      direction: 'desc',
      offset: 0,
      limit: 20_000,
    });
  });

  it('an enum names the flag, its choices and what was given (exit 2)', () => {
    expect(refused(() => parseFlags(contract['access:grants'].request, { state: 'gone' }))).toEqual({
      code: 2,
      message: '--state takes active, expired, revoked, not "gone"',
    });
    expect(
      refused(() => parseFlags(contract['audit:export'].request.pick({ format: true }), { format: 'xml' })).message,
    ).toBe('--format takes jsonl or csv, not "xml"');
  });

  it('a number: the words the command gives, the value as typed', () => {
    const quorum = gov.teamSetRequest.pick({ quorum: true });
    expect(parseFlags(quorum, { quorum: number('3') })).toEqual({ quorum: 3 });
    expect(
      refused(() =>
        parseFlags(quorum, { quorum: number('two') }, { quorum: { expected: 'a whole number from 1 to 100' } }),
      ).message,
    ).toBe('--quorum takes a whole number from 1 to 100, not "two"');
    expect(
      refused(() =>
        parseFlags(quorum, { quorum: number('0') }, { quorum: { expected: 'a whole number from 1 to 100' } }),
      ).message,
    ).toBe('--quorum takes a whole number from 1 to 100, not 0');
  });

  it("otherwise the schema's own message, under the flag as typed", () => {
    const grant = contract['access:grant'].request.omit({ bundle: true });
    const r = refused(() =>
      parseFlags(
        grant,
        { grantee: ' ', dataset: 'a.csv', agreement: 'DUA', expiresAt: 'soon' },
        { expiresAt: { flag: '--expires' } },
      ),
    );
    expect(r.message).toMatch(/^--grantee: who the grant is for; --expires: /);
  });

  it('a repeated flag names the element that is refused', () => {
    const roles = gov.teamCreateRequest.pick({ name: true, roles: true });
    expect(
      refused(() => parseFlags(roles, { name: 'Iris', roles: ['reviewer', 'boss'] }, { roles: { flag: '--role' } }))
        .message,
    ).toBe('--role takes contributor, reviewer, owner, admin, not "boss"');
  });

  it('names fields as their flags', () => {
    expect(flagName('adminQuorum')).toBe('--admin-quorum');
    expect(flagName('requireSignedAuthorship')).toBe('--require-signed-authorship');
    expect(number(undefined)).toBeUndefined();
    expect(number('1e3')).toBe('1e3');
    expect(z.number().safeParse(number('12')).success).toBe(true);
  });
});

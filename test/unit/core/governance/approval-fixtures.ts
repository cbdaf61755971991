import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { TeamFile } from '../../../../src-main/common/schemas/governance';
import { keyIdOfPublicKey, publicKeyBase64 } from '../../../../src-main/core/governance/ed25519-keys';
import type { RuleInput } from '../../../../src-main/core/governance/approval-rules';
import type { AuthorshipReport } from '../../../../src-main/common/schemas/authorship';

/** A person with a fresh Ed25519 key, as a team file lists them. */
export interface Person {
  name: string;
  email: string;
  keyId: string;
  publicKey: string;
  privateKey: KeyObject;
}

export function person(name: string, email: string): Person {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { name, email, keyId: keyIdOfPublicKey(publicKey), publicKey: publicKeyBase64(publicKey), privateKey };
}

export function teamOf(
  members: { p: Person; roles?: TeamFile['members'][number]['roles']; revokedKeys?: string[] }[],
  extra: Partial<TeamFile> = {},
): TeamFile {
  return {
    members: members.map(({ p, roles, revokedKeys }) => ({
      name: p.name,
      email: p.email,
      publicKey: p.publicKey,
      roles: roles ?? ['reviewer'],
      revokedKeys: revokedKeys ?? [],
    })),
    moduleOwners: {},
    quorum: 1,
    adminQuorum: 1,
    requireSignedAuthorship: true,
    ...extra,
  };
}

export const hex = (c: string) => c.repeat(64);

/** The run's author in passingInput: Dana signed it. */
export const dana = person('Dana', 'dana@example.org');

/** A verified author signature by `p` (what signature-trust reports for a bundle `p` signed with a trusted key). */
export function signedBy(
  p: Pick<Person, 'name' | 'email' | 'keyId'>,
  problems: AuthorshipReport['problems'] = [],
): AuthorshipReport {
  const signer = { name: p.name, email: p.email, keyId: p.keyId };
  return { status: 'verified', signer, claimed: signer, signedAt: '2026-01-01T00:00:00Z', problems };
}

/** Everything passing for a reviewer who is not the author (the bundle is signed by Dana), without a team file. */
export function passingInput(approver: Person, overrides: Partial<RuleInput> = {}): RuleInput {
  return {
    bundle: {
      digest: hex('a'),
      status: 'verified',
      refusal: null,
      authorship: signedBy(dana),
      modules: [{ name: 'loader', repository: null, version: '1.0' }],
    },
    replay: {
      id: 'r1',
      verdict: 'reproduced',
      reason: 'every metric within tolerance',
      metrics: [{ name: 'accuracy', pass: true, reported: 0.9, replayed: 0.9 }],
    },
    licenseVerdict: 'allowed',
    approver: { name: approver.name, email: approver.email, keyId: approver.keyId },
    decision: 'approve',
    justifications: {},
    team: null,
    keys: [],
    policyHash: hex('p'),
    decisions: [],
    baseline: [],
    moduleOwners: {},
    settled: null,
    ...overrides,
  };
}

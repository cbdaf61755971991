import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { TeamFile } from '../../../../src-main/common/schemas/governance';
import { keyIdOfPublicKey, publicKeyBase64 } from '../../../../src-main/core/governance/ed25519-keys';
import type { RuleInput } from '../../../../src-main/core/governance/approval-rules';

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

export function teamOf(members: { p: Person; roles?: TeamFile['members'][number]['roles']; revokedKeys?: string[] }[], extra: Partial<TeamFile> = {}): TeamFile {
  return {
    members: members.map(({ p, roles, revokedKeys }) => ({ name: p.name, email: p.email, publicKey: p.publicKey, roles: roles ?? ['reviewer'], revokedKeys: revokedKeys ?? [] })),
    moduleOwners: {},
    quorum: 1,
    adminQuorum: 1,
    requireSignedAuthorship: true,
    ...extra,
  };
}

export const hex = (c: string) => c.repeat(64);

/** Everything passing for a reviewer who is not the author, without a team file. */
export function passingInput(approver: Person, overrides: Partial<RuleInput> = {}): RuleInput {
  return {
    bundle: { digest: hex('a'), status: 'verified', authorEmail: 'dana@example.org', modules: [{ name: 'loader', version: '1.0' }] },
    replay: { id: 'r1', verdict: 'reproduced', reason: 'every metric within tolerance', metrics: [{ name: 'accuracy', pass: true, reported: 0.9, replayed: 0.9 }] },
    licenseVerdict: 'allowed',
    approver: { name: approver.name, email: approver.email, keyId: approver.keyId },
    decision: 'approve',
    justifications: {},
    team: null,
    keys: [],
    policyHash: hex('p'),
    decisions: [],
    previous: null,
    moduleOwners: {},
    ...overrides,
  };
}

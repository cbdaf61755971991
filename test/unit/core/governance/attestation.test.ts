import { describe, expect, it } from 'vitest';
import {
  approvalStatement,
  signStatement,
  verifyAttestation,
  type ApprovalPredicate,
} from '../../../../src-main/core/governance/attestation';
import { signEnvelope } from '../../../../src-main/core/governance/dsse';
import { teamKeys } from '../../../../src-main/core/governance/team-file';
import { hex, person, teamOf } from './approval-fixtures';

const ravi = person('Ravi', 'ravi@example.org');
const lena = person('Lena', 'lena@example.org');
const files = [
  { path: 'data/model/model.onnx', sha256: hex('1') },
  { path: 'data/eval/test.csv', sha256: hex('2') },
];
const predicate = (signer = ravi): ApprovalPredicate => ({
  decision: 'approve',
  reason: 'reproduced on my machine',
  justifications: {},
  replay: {
    id: 'r1',
    verdict: 'reproduced',
    metrics: [{ name: 'accuracy', reported: 0.9, replayed: 0.9, delta: 0, pass: true }],
    outputSha256: hex('3'),
  },
  licenseVerdict: 'allowed',
  policyHash: hex('p'),
  approver: { name: signer.name, email: signer.email, keyId: signer.keyId },
  time: '2026-03-01T10:00:00.000Z',
  audit: { seq: 7, head: hex('h') },
});
const keys = teamKeys(teamOf([{ p: ravi }, { p: lena }]));
const envelope = signStatement(approvalStatement(hex('a'), files, predicate()), ravi.privateKey, ravi.keyId);
const codes = (r: ReturnType<typeof verifyAttestation>) => r.problems.map((p) => p.code);
const statementOf = (e: typeof envelope) =>
  JSON.parse(Buffer.from(e.payload, 'base64').toString('utf8')) as Record<string, unknown>;

describe('signed approvals', () => {
  it('an in-toto Statement v1 about the bundle digest and every payload file', () => {
    const st = statementOf(envelope);
    expect(envelope.payloadType).toBe('application/vnd.in-toto+json');
    expect(st._type).toBe('https://in-toto.io/Statement/v1');
    expect(st.predicateType).toBe('urn:provenance-desk:approval:1');
    expect(st.subject).toEqual([
      { name: 'bundle', digest: { sha256: hex('a') } },
      { name: 'data/eval/test.csv', digest: { sha256: hex('2') } },
      { name: 'data/model/model.onnx', digest: { sha256: hex('1') } },
    ]);
  });

  it('verifies with the team keys, naming the signer, the bundle and the decision', () => {
    const report = verifyAttestation(JSON.stringify(envelope), { keys, bundle: { digest: hex('a'), files } });
    expect(report).toMatchObject({
      valid: true,
      signer: { name: 'Ravi', email: 'ravi@example.org', keyId: ravi.keyId },
      bundleDigest: hex('a'),
      decision: 'approve',
      problems: [],
    });
    expect(report.predicate).toMatchObject({ audit: { seq: 7 } });
  });

  it('THREATS 26: replayed onto another bundle digest', () => {
    const report = verifyAttestation(envelope, { keys, bundle: { digest: hex('b') } });
    expect(report.valid).toBe(false);
    expect(codes(report)).toEqual(['attestation-wrong-bundle']);
    expect(report.problems[0]!.message).toMatch(/is about bundle a+, not b+/);
  });

  it('a bundle whose payload files differ from the subjects', () => {
    const changed = [{ path: 'data/model/model.onnx', sha256: hex('9') }, files[1]!];
    const report = verifyAttestation(envelope, { keys, bundle: { digest: hex('a'), files: changed } });
    expect(report.problems[0]).toMatchObject({
      code: 'attestation-wrong-bundle',
      path: 'data/model/model.onnx',
      expected: hex('1'),
      actual: hex('9'),
    });
    expect(
      codes(verifyAttestation(envelope, { keys, bundle: { digest: hex('a'), files: files.slice(0, 1) } })),
    ).toEqual(['attestation-wrong-bundle']);
  });

  it('THREATS 26: signed by an unknown key', () => {
    const stranger = person('S', 's@example.org');
    const forged = signStatement(
      approvalStatement(hex('a'), files, predicate(stranger)),
      stranger.privateKey,
      stranger.keyId,
    );
    const report = verifyAttestation(forged, { keys });
    expect(report).toMatchObject({ valid: false, signer: null });
    expect(codes(report)).toEqual(['attestation-unknown-key']);
    // Claiming a team member's key id does not help: the signature does not verify with that key.
    const claimed = { ...forged, signatures: [{ keyid: ravi.keyId, sig: forged.signatures[0]!.sig }] };
    expect(codes(verifyAttestation(claimed, { keys }))).toEqual(['attestation-bad-signature']);
  });

  it('THREATS 26: signed by a revoked key', () => {
    const revoked = teamKeys(teamOf([{ p: ravi, revokedKeys: [ravi.keyId] }]));
    expect(codes(verifyAttestation(envelope, { keys: revoked }))).toEqual(['attestation-revoked-key']);
    const rotated = teamKeys(teamOf([{ p: lena, revokedKeys: [ravi.keyId] }]));
    expect(codes(verifyAttestation(envelope, { keys: rotated }))).toEqual(['attestation-revoked-key']);
  });

  it('THREATS 26: a wrong payload type', () => {
    expect(codes(verifyAttestation({ ...envelope, payloadType: 'application/json' }, { keys }))).toEqual([
      'attestation-payload-type',
    ]);
    // Re-signed with the wrong type by a team member: still refused.
    const resigned = signEnvelope(
      'application/json',
      Buffer.from(envelope.payload, 'base64'),
      ravi.privateKey,
      ravi.keyId,
    );
    expect(codes(verifyAttestation(resigned, { keys }))).toEqual(['attestation-payload-type']);
  });

  it('a wrong signature: changed decision, changed signature bytes', () => {
    const st = statementOf(envelope) as { predicate: { decision: string } };
    st.predicate.decision = 'reject';
    const altered = { ...envelope, payload: Buffer.from(JSON.stringify(st)).toString('base64') };
    expect(codes(verifyAttestation(altered, { keys }))).toEqual(['attestation-bad-signature']);
    const sig = Buffer.from(envelope.signatures[0]!.sig, 'base64');
    sig[10] = sig[10]! ^ 0xff;
    expect(
      codes(
        verifyAttestation({ ...envelope, signatures: [{ keyid: ravi.keyId, sig: sig.toString('base64') }] }, { keys }),
      ),
    ).toEqual(['attestation-bad-signature']);
    expect(codes(verifyAttestation({ ...envelope, signatures: [] }, { keys }))).toEqual(['attestation-unsigned']);
  });

  it('a signed statement naming another approver than its signer', () => {
    const lying = signStatement(approvalStatement(hex('a'), files, predicate(lena)), ravi.privateKey, ravi.keyId);
    expect(codes(verifyAttestation(lying, { keys }))).toEqual(['attestation-signer-mismatch']);
  });

  it('signed but not an approval statement', () => {
    const other = signEnvelope(
      'application/vnd.in-toto+json',
      Buffer.from(
        JSON.stringify({
          _type: 'https://in-toto.io/Statement/v1',
          subject: [{ name: 'x', digest: { sha256: hex('a') } }],
          predicateType: 'https://slsa.dev/provenance/v1',
          predicate: {},
        }),
      ),
      ravi.privateKey,
      ravi.keyId,
    );
    const report = verifyAttestation(other, { keys });
    expect(codes(report)).toEqual(['attestation-statement-invalid']);
    expect(report.signer?.email).toBe('ravi@example.org');
  });

  it('input that is not an envelope', () => {
    expect(verifyAttestation('{', { keys }).problems[0]).toMatchObject({
      code: 'attestation-invalid',
      message: expect.stringMatching(/not a JSON document/),
    });
    expect(verifyAttestation('{"payload": 1}', { keys }).problems[0]).toMatchObject({
      code: 'attestation-invalid',
      message: expect.stringMatching(/not a DSSE envelope/),
    });
  });
});

import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { Problem } from '../../common/problem';
import { dsseEnvelopeSchema, type AttestationReport, type DsseEnvelope } from '../../common/schemas/governance';
import { parseJsonSafely } from '../bundle/safe-json';
import { IN_TOTO_PAYLOAD_TYPE, decodeBase64Strict, signEnvelope, verifyEnvelopeSignature } from './dsse';
import { parsePublicKey } from './ed25519-keys';
import type { TrustedKey } from './team-file';

/** A signed approval: an in-toto Statement v1 about the bundle (and each payload file) in a DSSE envelope. */

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const APPROVAL_PREDICATE_TYPE = 'urn:provenance-desk:approval:1';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const person = z.object({ name: z.string(), email: z.string(), keyId: hex64 });

export const approvalPredicateSchema = z.object({
  decision: z.enum(['approve', 'reject']),
  reason: z.string(),
  justifications: z.record(z.string(), z.string()),
  replay: z
    .object({
      id: z.string(),
      verdict: z.string(),
      metrics: z.array(
        z.object({
          name: z.string(),
          reported: z.number().nullable(),
          replayed: z.number().nullable(),
          delta: z.number().nullable(),
          pass: z.boolean(),
        }),
      ),
      outputSha256: z.string().nullable(),
    })
    .nullable(),
  licenseVerdict: z.string().nullable(),
  policyHash: z.string(),
  approver: person,
  time: z.string(),
  audit: z.object({ seq: z.number().int(), head: z.string() }), // the store's chain head when the decision was made
  // the team version it was made under (absent before signed teams)
  teamVersion: z.number().int().nullable().optional(),
});
export type ApprovalPredicate = z.infer<typeof approvalPredicateSchema>;

const subjectSchema = z.object({ name: z.string(), digest: z.record(z.string(), z.string()) });
const statementSchema = z.object({
  _type: z.literal(STATEMENT_TYPE),
  subject: z.array(subjectSchema).min(1),
  predicateType: z.literal(APPROVAL_PREDICATE_TYPE),
  predicate: approvalPredicateSchema,
});
export type ApprovalStatement = z.infer<typeof statementSchema>;

export function approvalStatement(
  bundleDigest: string,
  files: { path: string; sha256: string }[],
  predicate: ApprovalPredicate,
): ApprovalStatement {
  const subject = [
    { name: 'bundle', digest: { sha256: bundleDigest } },
    ...[...files]
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
      .map((f) => ({ name: f.path, digest: { sha256: f.sha256 } })),
  ];
  return { _type: STATEMENT_TYPE, subject, predicateType: APPROVAL_PREDICATE_TYPE, predicate };
}

export function signStatement(statement: ApprovalStatement, privateKey: KeyObject, keyId: string): DsseEnvelope {
  return signEnvelope(IN_TOTO_PAYLOAD_TYPE, Buffer.from(JSON.stringify(statement), 'utf8'), privateKey, keyId);
}

export interface VerifyAttestationOptions {
  keys: TrustedKey[];
  /** When given: the bundle the decision must be about (its digest, and its payload files when known). */
  bundle?: { digest: string; files?: { path: string; sha256: string }[] };
}

const invalid = (problems: Problem[], extra: Partial<AttestationReport> = {}): AttestationReport => ({
  valid: false,
  signer: null,
  bundleDigest: null,
  decision: null,
  predicate: null,
  problems,
  ...extra,
});

/**
 * THREATS 26: a wrong signature, an unknown or revoked key, a wrong payload type, a statement about
 * another bundle — each is a named problem and `valid: false`. The signer comes from the trusted key,
 * never from what the payload claims.
 */
export function verifyAttestation(
  input: string | Buffer | unknown,
  options: VerifyAttestationOptions,
): AttestationReport {
  let raw = input;
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    const json = parseJsonSafely(Buffer.isBuffer(input) ? input : Buffer.from(input, 'utf8'), {
      maxBytes: 32 * 1024 * 1024,
    });
    if (!json.ok)
      return invalid([{ code: 'attestation-invalid', message: `not a JSON document: ${json.problem.message}` }]);
    raw = json.value;
  }
  const env = dsseEnvelopeSchema.safeParse(raw);
  if (!env.success)
    return invalid([
      {
        code: 'attestation-invalid',
        message: `not a DSSE envelope: ${env.error.issues.map((i) => `${i.path.join('.') || 'envelope'}: ${i.message}`).join('; ')}`,
      },
    ]);
  const envelope = env.data;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    return invalid([
      {
        code: 'attestation-payload-type',
        message: `payload type ${JSON.stringify(envelope.payloadType)} is not ${IN_TOTO_PAYLOAD_TYPE}`,
        expected: IN_TOTO_PAYLOAD_TYPE,
        actual: envelope.payloadType,
      },
    ]);
  }
  if (envelope.signatures.length === 0)
    return invalid([{ code: 'attestation-unsigned', message: 'the envelope has no signature' }]);

  const problems: Problem[] = [];
  let signer: TrustedKey | null = null;
  for (const s of envelope.signatures) {
    const candidates = s.keyid ? options.keys.filter((k) => k.keyId === s.keyid) : options.keys;
    if (candidates.length === 0) {
      problems.push({
        code: 'attestation-unknown-key',
        message: `signed by key ${s.keyid ? s.keyid.slice(0, 16) : '(no key id)'}, which is not in the team's keys`,
        ...(s.keyid ? { actual: s.keyid } : {}),
      });
      continue;
    }
    for (const key of candidates) {
      if (key.revoked) {
        problems.push({
          code: 'attestation-revoked-key',
          message: `signed by key ${key.keyId.slice(0, 16)} of ${key.email}, which the team has revoked`,
        });
        continue;
      }
      if (key.publicKey && verifyEnvelopeSignature(envelope, s.sig, publicKeyOf(key.publicKey))) {
        signer = key;
        break;
      }
      if (s.keyid)
        problems.push({
          code: 'attestation-bad-signature',
          message: `the signature does not verify with key ${key.keyId.slice(0, 16)} of ${key.email}: the envelope was altered or signed by another key`,
        });
    }
    if (signer) break;
  }
  if (!signer) {
    if (problems.length === 0)
      problems.push({
        code: 'attestation-bad-signature',
        message: "no signature verifies with any of the team's keys",
      });
    return invalid(problems);
  }

  const payload = decodeBase64Strict(envelope.payload)!; // it verified, so it decodes
  const json = parseJsonSafely(payload, { maxBytes: 32 * 1024 * 1024 });
  const statement = json.ok ? statementSchema.safeParse(json.value) : null;
  const who = { name: signer.name, email: signer.email, keyId: signer.keyId };
  if (!statement?.success) {
    const why = statement
      ? statement.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
      : 'not JSON';
    return invalid(
      [
        {
          code: 'attestation-statement-invalid',
          message: `signed, but not an approval statement (${APPROVAL_PREDICATE_TYPE}): ${why}`,
        },
      ],
      { signer: who },
    );
  }
  const st = statement.data;
  const bundleSubject = st.subject.find((s) => s.name === 'bundle');
  const digest = bundleSubject?.digest.sha256 ?? null;
  const out: Problem[] = [];
  if (!digest || !/^[0-9a-f]{64}$/.test(digest))
    out.push({
      code: 'attestation-statement-invalid',
      message: 'the statement names no bundle digest (subject "bundle" with sha256)',
    });
  if (st.predicate.approver.keyId !== signer.keyId) {
    out.push({
      code: 'attestation-signer-mismatch',
      message: `the statement names approver key ${st.predicate.approver.keyId.slice(0, 16)} but was signed by ${signer.keyId.slice(0, 16)}`,
    });
  }
  if (options.bundle && digest !== options.bundle.digest) {
    out.push({
      code: 'attestation-wrong-bundle',
      message: `the decision is about bundle ${digest ?? '(none)'}, not ${options.bundle.digest}`,
      expected: options.bundle.digest,
      actual: digest ?? '',
    });
  } else if (options.bundle?.files) {
    const claimed = new Map(st.subject.filter((s) => s !== bundleSubject).map((s) => [s.name, s.digest.sha256]));
    for (const f of options.bundle.files) {
      if (claimed.get(f.path) !== f.sha256)
        out.push({
          code: 'attestation-wrong-bundle',
          message: `${f.path} differs from the file the decision names`,
          path: f.path,
          algorithm: 'sha256',
          expected: claimed.get(f.path) ?? '(absent)',
          actual: f.sha256,
        });
      claimed.delete(f.path);
    }
    for (const p of claimed.keys())
      out.push({
        code: 'attestation-wrong-bundle',
        message: `the decision names ${p}, which the bundle does not have`,
        path: p,
      });
  }
  return {
    valid: out.length === 0,
    signer: who,
    bundleDigest: digest,
    decision: st.predicate.decision,
    predicate: st.predicate as unknown as Record<string, unknown>,
    problems: out,
  };
}

function publicKeyOf(base64: string): KeyObject {
  return parsePublicKey(base64);
}

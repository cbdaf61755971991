import { createHash, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { Problem } from '../../common/problem';
import type { AuthorshipCode } from '../../common/problem-codes';
import { dsseEnvelopeSchema, type DsseEnvelope } from '../../common/schemas/governance';
import { AUTHORSHIP_MAX_BYTES, AUTHORSHIP_TAG_FILE } from '../bundle/authorship-file';
import { parseJsonSafely } from '../bundle/safe-json';
import { IN_TOTO_PAYLOAD_TYPE, decodeBase64Strict, signEnvelope, verifyEnvelopeSignature } from './dsse';
import { parsePublicKey } from './ed25519-keys';
import type { TrustedKey } from './team-file';

/**
 * The author's signature over a bundle (BUNDLE-FORMAT section 1): a DSSE envelope of an in-toto Statement v1
 * whose subjects are the bundle digest and every payload file's SHA-256. It travels in the bag as the tag file
 * `authorship.dsse.json`, so it signs the payload without changing the bundle digest.
 */

export { AUTHORSHIP_MAX_BYTES, AUTHORSHIP_TAG_FILE };
export const AUTHORSHIP_PREDICATE_TYPE = 'urn:provenance-desk:authorship:1';
const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
export const authorshipPredicateSchema = z.object({
  signer: z.object({ name: z.string().max(200), email: z.string().max(320), keyId: hex64 }),
  bundleName: z.string().max(1000).nullable(),
  signedAt: z.string().max(100),
});
export type AuthorshipPredicate = z.infer<typeof authorshipPredicateSchema>;

const statementSchema = z.object({
  _type: z.literal(STATEMENT_TYPE),
  subject: z.array(z.object({ name: z.string(), digest: z.record(z.string(), z.string()) })).min(1),
  predicateType: z.literal(AUTHORSHIP_PREDICATE_TYPE),
  predicate: authorshipPredicateSchema,
});
export type AuthorshipStatement = z.infer<typeof statementSchema>;

/** Payload files as the bag holds them: `data/<path>` (decoded) with its SHA-256. */
export interface SignedFile {
  path: string;
  sha256: string;
}

const byPath = (a: SignedFile, b: SignedFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export function authorshipStatement(
  bundleDigest: string,
  files: SignedFile[],
  predicate: AuthorshipPredicate,
): AuthorshipStatement {
  const subject = [
    { name: 'bundle', digest: { sha256: bundleDigest } },
    ...[...files].sort(byPath).map((f) => ({ name: f.path, digest: { sha256: f.sha256.toLowerCase() } })),
  ];
  return { _type: STATEMENT_TYPE, subject, predicateType: AUTHORSHIP_PREDICATE_TYPE, predicate };
}

export function signAuthorship(statement: AuthorshipStatement, privateKey: KeyObject, keyId: string): DsseEnvelope {
  return signEnvelope(IN_TOTO_PAYLOAD_TYPE, Buffer.from(JSON.stringify(statement), 'utf8'), privateKey, keyId);
}

/** The tag file's bytes as written: pretty JSON so a reviewer can read who signed. */
export function authorshipFileText(envelope: DsseEnvelope): string {
  return `${JSON.stringify(envelope, null, 2)}\n`;
}

/**
 * What an envelope proves about a bundle, before trust is decided: which key signed (checked when the key is
 * among `keys`), what it claims, and what is wrong with it. Kept at import, so the status can follow the team.
 */
export interface AuthorshipFacts {
  envelopeSha256: string;
  keyId: string | null; // the key that signed (signature 'valid') or says it did
  signature: 'valid' | 'bad' | 'unchecked'; // unchecked: the key was not known when it was read
  claimed: AuthorshipPredicate['signer'] | null;
  bundleName: string | null;
  signedAt: string | null;
  problems: Problem[]; // any one makes the signature invalid, whoever signed
}

const problem = (code: AuthorshipCode, message: string, extra: Partial<Problem> = {}): Problem => ({
  code,
  message,
  path: AUTHORSHIP_TAG_FILE,
  ...extra,
});

/** Reads an `authorship.dsse.json` against the bundle it travels in. Never throws on bad input. */
export function readAuthorship(
  bytes: Uint8Array,
  bundle: { digest: string; files: SignedFile[] },
  keys: TrustedKey[],
): AuthorshipFacts {
  const envelopeSha256 = createHash('sha256').update(bytes).digest('hex');
  const facts: AuthorshipFacts = {
    envelopeSha256,
    keyId: null,
    signature: 'bad',
    claimed: null,
    bundleName: null,
    signedAt: null,
    problems: [],
  };
  const fail = (p: Problem) => ({ ...facts, problems: [...facts.problems, p] });
  // The payload is one base64 string (about 3 MB at 20,000 files): far past the 1 MiB default for a string.
  const json = parseJsonSafely(
    bytes,
    { maxBytes: AUTHORSHIP_MAX_BYTES, maxStringLength: AUTHORSHIP_MAX_BYTES },
    AUTHORSHIP_TAG_FILE,
  );
  if (!json.ok)
    return fail(
      problem('authorship-malformed', `the authorship signature is not readable JSON: ${json.problem.message}`),
    );
  const env = dsseEnvelopeSchema.safeParse(json.value);
  if (!env.success)
    return fail(
      problem(
        'authorship-malformed',
        `the authorship signature is not a DSSE envelope: ${env.error.issues.map((i) => `${i.path.join('.') || 'envelope'}: ${i.message}`).join('; ')}`,
      ),
    );
  const envelope = env.data;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE)
    return fail(
      problem(
        'authorship-payload-type',
        `payload type ${JSON.stringify(envelope.payloadType)} is not ${IN_TOTO_PAYLOAD_TYPE}`,
        { expected: IN_TOTO_PAYLOAD_TYPE, actual: envelope.payloadType },
      ),
    );
  if (envelope.signatures.length === 0)
    return fail(problem('authorship-malformed', 'the authorship envelope holds no signature'));
  const payload = decodeBase64Strict(envelope.payload);
  if (!payload) return fail(problem('authorship-malformed', 'the envelope payload is not strict base64'));
  const parsed = parseJsonSafely(payload, { maxBytes: AUTHORSHIP_MAX_BYTES }, 'authorship statement');
  const statement = parsed.ok ? statementSchema.safeParse(parsed.value) : null;
  if (!statement?.success) {
    const why = statement
      ? statement.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
      : parsed.ok
        ? ''
        : parsed.problem.message;
    return fail(
      problem(
        'authorship-statement-invalid',
        `the envelope does not hold an authorship statement (${AUTHORSHIP_PREDICATE_TYPE}): ${why}`,
      ),
    );
  }
  const st = statement.data;
  facts.claimed = st.predicate.signer;
  facts.bundleName = st.predicate.bundleName;
  facts.signedAt = st.predicate.signedAt;
  facts.problems.push(...subjectProblems(st, bundle));

  // The key: one the team trusts verifies it; a key id alone (no trusted key) leaves it unchecked.
  const named = envelope.signatures.map((s) => s.keyid).filter((k): k is string => !!k);
  facts.keyId = named[0] ?? st.predicate.signer.keyId;
  let sawKnownKey = false;
  for (const s of envelope.signatures) {
    const candidates = keys.filter((k) => k.publicKey && (!s.keyid || k.keyId === s.keyid));
    for (const key of candidates) {
      sawKnownKey = true;
      if (verifyEnvelopeSignature(envelope, s.sig, parsePublicKey(key.publicKey!))) {
        facts.keyId = key.keyId;
        facts.signature = 'valid';
        break;
      }
    }
    if (facts.signature === 'valid') break;
  }
  if (facts.signature !== 'valid') {
    facts.signature = sawKnownKey ? 'bad' : 'unchecked';
    if (sawKnownKey)
      facts.problems.push(
        problem(
          'authorship-bad-signature',
          `the signature does not verify with key ${facts.keyId.slice(0, 16)}: the envelope or the bundle was altered after signing`,
        ),
      );
  }
  if (facts.signature === 'valid' && st.predicate.signer.keyId !== facts.keyId) {
    facts.problems.push(
      problem(
        'authorship-signer-mismatch',
        `the statement names key ${st.predicate.signer.keyId.slice(0, 16)} but was signed with ${facts.keyId.slice(0, 16)}`,
      ),
    );
  }
  return facts;
}

/** The subjects must be exactly this bundle: its digest, and every payload file with its SHA-256. */
function subjectProblems(st: AuthorshipStatement, bundle: { digest: string; files: SignedFile[] }): Problem[] {
  const out: Problem[] = [];
  const bundleSubject = st.subject.find((s) => s.name === 'bundle');
  const claimedDigest = bundleSubject?.digest['sha256']?.toLowerCase() ?? null;
  if (claimedDigest !== bundle.digest) {
    out.push(
      problem(
        'authorship-wrong-bundle',
        `the signature is for bundle ${claimedDigest ?? '(none named)'}, not this one (${bundle.digest})`,
        { expected: bundle.digest, actual: claimedDigest ?? '' },
      ),
    );
  }
  const claimed = new Map(
    st.subject.filter((s) => s !== bundleSubject).map((s) => [s.name, s.digest['sha256']?.toLowerCase()]),
  );
  let listed = 0;
  for (const f of bundle.files) {
    const want = claimed.get(f.path);
    claimed.delete(f.path);
    if (want === f.sha256.toLowerCase()) continue;
    if (listed++ < 20) {
      out.push(
        problem(
          'authorship-wrong-bundle',
          want === undefined
            ? `${f.path} is not among the signed files`
            : `${f.path} differs from the file that was signed`,
          { algorithm: 'sha256', expected: want ?? '(absent)', actual: f.sha256, path: f.path },
        ),
      );
    }
  }
  for (const name of [...claimed.keys()].slice(0, 20))
    out.push(
      problem('authorship-wrong-bundle', `the signature names ${name}, which the bundle does not have`, { path: name }),
    );
  return out;
}

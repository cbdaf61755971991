// Approvals at scale: signing and verifying a decision about a bundle with many payload files (baseline: one
// raw Ed25519 signature over the same bytes), unlocking the key (baseline: the AES-GCM decryption alone), and
// the rules over a store with many bundles (baseline: bundles:list over the same store).
import { createCipheriv, createDecipheriv, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { openStore } from '../src-main/core/store/store';
import {
  approvalStatement,
  signStatement,
  verifyAttestation,
  type ApprovalPredicate,
} from '../src-main/core/governance/attestation';
import { keyIdOfPublicKey, publicKeyBase64 } from '../src-main/core/governance/ed25519-keys';
import { scryptKeyProtector } from '../src-main/core/keys/key-protector';
import { checkApproval } from '../src-main/core/governance/approvals';
import { approvalInbox } from '../src-main/core/governance/approval-inbox';
import { listBundles } from '../src-main/core/services/bundle-queries';

function time(fn: () => void, reps: number): number {
  fn();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return (performance.now() - t0) / reps;
}
async function timeAsync(fn: () => Promise<unknown>, reps: number): Promise<number> {
  await fn();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) await fn();
  return (performance.now() - t0) / reps;
}

const hex = (i: number) => i.toString(16).padStart(64, '0');
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const keyId = keyIdOfPublicKey(publicKey);
const keys = [
  {
    keyId,
    publicKey: publicKeyBase64(publicKey),
    name: 'R',
    email: 'r@x.org',
    roles: ['reviewer' as const],
    revoked: false,
  },
];
const predicate: ApprovalPredicate = {
  decision: 'approve',
  reason: 'ok',
  justifications: {},
  replay: null,
  licenseVerdict: 'allowed',
  policyHash: hex(1),
  approver: { name: 'R', email: 'r@x.org', keyId },
  time: new Date(0).toISOString(),
  audit: { seq: 1, head: hex(2) },
};

console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'} x${cpus().length}, node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}`,
);
console.log(
  '| payload files | envelope | raw Ed25519 sign (baseline) | sign statement | ratio | verify (with file list) | ratio |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const n of [10, 1_000, 20_000]) {
  const files = Array.from({ length: n }, (_, i) => ({ path: `data/part/file-${i}.csv`, sha256: hex(i) }));
  const bytes = Buffer.from(JSON.stringify(approvalStatement(hex(9), files, predicate)));
  const reps = n >= 20_000 ? 5 : 50;
  const base = time(() => sign(null, bytes, privateKey), reps);
  let envelope = signStatement(approvalStatement(hex(9), files, predicate), privateKey, keyId);
  const signMs = time(
    () => (envelope = signStatement(approvalStatement(hex(9), files, predicate), privateKey, keyId)),
    reps,
  );
  const verifyMs = time(() => {
    if (!verifyAttestation(envelope, { keys, bundle: { digest: hex(9), files } }).valid) throw new Error('invalid');
  }, reps);
  console.log(
    `| ${n} | ${(JSON.stringify(envelope).length / 1e3).toFixed(0)} kB | ${base.toFixed(2)} ms | ${signMs.toFixed(2)} ms | ${(signMs / base).toFixed(1)}x | ${verifyMs.toFixed(2)} ms | ${(verifyMs / base).toFixed(1)}x |`,
  );
}

const secret = randomBytes(48);
const protector = scryptKeyProtector('correct horse battery');
const stored = await protector.protect(secret, 'k');
const aesKey = randomBytes(32);
const iv = randomBytes(12);
const c = createCipheriv('aes-256-gcm', aesKey, iv);
const ct = Buffer.concat([c.update(secret), c.final()]);
const tag = c.getAuthTag();
const aes = time(() => {
  const d = createDecipheriv('aes-256-gcm', aesKey, iv);
  d.setAuthTag(tag);
  Buffer.concat([d.update(ct), d.final()]);
}, 200);
const unlock = await timeAsync(() => protector.unprotect(stored, 'k'), 5);
console.log('\n| key unlock | AES-256-GCM alone (baseline) | scrypt N=2^15 r=8 + AES-256-GCM | ratio |');
console.log('| --- | ---: | ---: | ---: |');
console.log(
  `| 48-byte PKCS#8 key | ${(aes * 1000).toFixed(1)} µs | ${unlock.toFixed(0)} ms | ${(unlock / aes).toFixed(0)}x |`,
);

console.log(
  '\n| stored bundles (half approved, one pipeline) | bundles:list (baseline) | approvals:check one bundle | ratio | approvals:inbox (all) | ratio |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
for (const n of [100, 1_000]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'provdesk-gov-bench-'));
  const store = await openStore(dir);
  const meta = (i: number) =>
    JSON.stringify({
      name: `run ${i}`,
      author: { email: 'dana@x.org' },
      modules: [
        { name: 'loader', version: `1.${i % 7}` },
        { name: 'train', version: '2.0' },
      ],
      pipeline: { name: 'p' },
      files: [],
      datasets: [],
      license: 'MIT',
    });
  store.transaction((tx) => {
    for (let i = 0; i < n; i++) {
      tx.run(
        `INSERT INTO bundles (digest, name, author, imported_at, imported_by, source_name, status, completeness, files, bytes, verification_json, metadata_json) VALUES (?, ?, NULL, ?, 'x', 'x.zip', 'verified', 'green', 1, 1, '{}', ?)`,
        [hex(i), `run ${i}`, new Date(i * 1000).toISOString(), meta(i)],
      );
      tx.run(
        `INSERT INTO bundle_licenses (digest, policy_version, policy_hash, verdict, evaluated_at, report_json) VALUES (?, 1, 'h', 'allowed', 't', '{}')`,
        [hex(i)],
      );
      if (i % 2 === 0) {
        tx.run(
          `INSERT INTO approvals (id, digest, decision, key_id, approver_name, approver_email, reason, justifications_json, policy_hash, decided_at, envelope_json) VALUES (?, ?, 'approve', ?, 'R', 'r@x.org', 'ok', '{}', ?, ?, '{}')`,
          [`a${i}`, hex(i), keyId, 'unused', new Date(i * 1000).toISOString()],
        );
      }
    }
  });
  const listReq = { sort: 'importedAt' as const, direction: 'desc' as const, offset: 0, limit: 500 };
  const base = time(() => listBundles(store, listReq), 5);
  const check = time(() => checkApproval(store, hex(n - 1), null), 5);
  const inbox = time(() => approvalInbox(store, null), 1);
  console.log(
    `| ${n} | ${base.toFixed(1)} ms | ${check.toFixed(1)} ms | ${(check / base).toFixed(1)}x | ${inbox.toFixed(0)} ms | ${(inbox / base).toFixed(0)}x |`,
  );
  store.close();
  rmSync(dir, { recursive: true, force: true });
}

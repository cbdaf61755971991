import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../../../../src-main/core/store/store';
import { checkBundle } from '../../../../src-main/core/services/bundle-check';
import { importBundle } from '../../../../src-main/core/services/import-bundle';
import { getBundle, listBundles } from '../../../../src-main/core/services/bundle-queries';
import { checkApproval } from '../../../../src-main/core/governance/approvals';
import { refreshAuthorshipTrust } from '../../../../src-main/core/governance/authorship-store';
import { authorshipKeys } from '../../../../src-main/core/governance/signature-trust';
import { listDriftAlerts } from '../../../../src-main/core/drift/detect-drift';
import { listAudit, verifyChain } from '../../../../src-main/core/audit/audit-log';
import { teamKeys } from '../../../../src-main/core/governance/team-file';
import { replacePayloadFiles, rewriteZip } from '../../../helpers/zip-edit';
import { createHash } from 'node:crypto';
import { addAuthorship } from '../../../helpers/sign-zip';
import { sampleBundle } from '../../../helpers/cli';
import { person, teamOf } from '../governance/approval-fixtures';

let dir: string;
let store: Store;
beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'provdesk-check-'));
  store = await openStore(path.join(dir, 'store'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const ravi = person('Ravi', 'ravi@example.org');
const mallory = person('Mallory', 'mallory@example.org');
const file = (name: string) => path.join(dir, name);
const check = async (
  source: string,
  keys = [ravi].map((p) => ({
    keyId: p.keyId,
    publicKey: p.publicKey,
    name: p.name,
    email: p.email,
    roles: ['reviewer' as const],
    revoked: false,
  })),
) => {
  const c = await checkBundle(source, { keys });
  await c.verified.cleanup();
  return c;
};
/** The store's local identity, as `identity create` records it (the private key is not needed here). */
const trustLocally = (p: typeof ravi) =>
  store.transaction((tx) =>
    tx.run(
      "INSERT INTO identities (key_id, name, email, public_key, created_at, protection, local) VALUES (?, ?, ?, ?, '2026-01-01', 'scrypt', 1)",
      [p.keyId, p.name, p.email, p.publicKey],
    ),
  );

const crate = (edit: (text: string) => string) => async (target: string) =>
  replacePayloadFiles(sampleBundle, target, (read) => ({
    'data/ro-crate-metadata.json': Buffer.from(edit(read('data/ro-crate-metadata.json').toString('utf8'))),
  }));

describe('metadata well-formedness (CLI.md: verify checks it)', () => {
  const refusedCrates: [string, (target: string) => Promise<void>, string][] = [
    ['not JSON', crate((t) => t.slice(0, 40)), 'json-syntax'],
    ['a duplicate key', crate((t) => t.replace('{', '{"@context": "x", ')), 'json-duplicate-key'],
    ['a __proto__ key', crate((t) => t.replace('{', '{"__proto__": {"polluted": true}, ')), 'json-forbidden-key'],
    [
      'nesting too deep',
      crate((t) => t.replace('{', `{"deep": ${'['.repeat(100)}${']'.repeat(100)}, `)),
      'json-too-deep',
    ],
    ['no @graph', crate(() => '{"@context": "https://w3id.org/ro/crate/1.1/context"}'), 'crate-no-graph'],
  ];
  it.each(refusedCrates)('a crate with %s makes the bundle invalid, naming the problem', async (_what, make, code) => {
    await make(file('bad.zip'));
    const c = await check(file('bad.zip'));
    expect(c.verified.report.valid).toBe(true); // the bag itself verifies
    expect(c.report.valid).toBe(false);
    expect(c.refusals.map((p) => p.code)).toContain(code);
    expect(c.report.problems).toContainEqual(expect.objectContaining({ code, path: 'data/ro-crate-metadata.json' }));
  });

  it('a crate sha256 that disagrees with the manifest makes the bundle invalid (BUNDLE-FORMAT: it must equal it)', async () => {
    await crate((t) => t.replace(/("sha256"\s*:\s*")[0-9a-f]{64}"/, '$1' + 'f'.repeat(64) + '"'))(file('sha.zip'));
    const c = await check(file('sha.zip'));
    expect(c.report.valid).toBe(false);
    expect(c.report.problems).toContainEqual(expect.objectContaining({ code: 'crate-sha256-mismatch' }));
  });

  it('a clean bundle and a bag without any crate stay valid (the LoC conformance bags have none)', async () => {
    expect((await check(sampleBundle)).report).toMatchObject({ valid: true, problems: [] });
    const loc = await check(path.resolve(__dirname, '../../../fixtures/bagit/v1.0/valid/basicBag'));
    expect(loc.report).toMatchObject({ valid: true, problems: [] });
    // reported, not refused
    expect(loc.metadata?.problems).toContainEqual(expect.objectContaining({ code: 'crate-missing' }));
  });

  it('import keeps a refused-metadata bundle as such: listed with its problems, never approvable, no drift, exit-worthy', async () => {
    await crate((t) => t.replace('{', '{"__proto__": {}, '))(file('proto.zip'));
    const result = await importBundle(store, file('proto.zip'), { actor: 'dana' });
    expect(result).toMatchObject({ imported: true, refused: false, status: 'refused-metadata' });
    expect(result.problems).toContainEqual(expect.objectContaining({ code: 'json-forbidden-key' }));
    const digest = result.bundleDigest!;
    expect(
      listBundles(store, { sort: 'importedAt', direction: 'desc', offset: 0, limit: 10 }).bundles[0],
    ).toMatchObject({ bundleDigest: digest, status: 'refused-metadata' });
    expect(getBundle(store, digest).summary.status).toBe('refused-metadata');
    expect(checkApproval(store, digest, null).blocking.map((r) => r.id)).toContain('bundle-verified');
    expect(listDriftAlerts(store, { digest })).toEqual([]);
    expect(listAudit(store, { offset: 0, limit: 5, action: 'bundle.import' }).entries[0]?.details).toMatchObject({
      status: 'refused-metadata',
      refusals: [expect.objectContaining({ code: 'json-forbidden-key' })],
    });
    expect(verifyChain(store).valid).toBe(true);
  });
});

describe('weakly protected bags', () => {
  it('an md5-only bag imports as weak with the digest its payload gives (the same as the sha256 copy), never approvable', async () => {
    await rewriteZip(sampleBundle, file('md5.zip'), (entries) => {
      const prefix = [...entries.keys()].find((n) => n.endsWith('bagit.txt'))!.replace(/bagit\.txt$/, '');
      const lines = [...entries.keys()]
        .filter((n) => n.startsWith(`${prefix}data/`) && !n.endsWith('/'))
        .map((n) => `${createHash('md5').update(entries.get(n)!).digest('hex')}  ${n.slice(prefix.length)}`);
      entries.delete(`${prefix}manifest-sha256.txt`);
      entries.delete(`${prefix}tagmanifest-sha256.txt`);
      entries.set(`${prefix}manifest-md5.txt`, Buffer.from(`${lines.join('\n')}\n`));
    });
    const sha256Copy = await check(sampleBundle);
    const result = await importBundle(store, file('md5.zip'), { actor: 'dana' });
    expect(result).toMatchObject({
      imported: true,
      refused: false,
      status: 'weak',
      bundleDigest: sha256Copy.report.bundleDigest,
    });
    expect(checkApproval(store, result.bundleDigest!, null).blocking.map((r) => r.id)).toContain('bundle-verified');
  });

  it('an md5-only copy of a bundle stored with SHA-256 is already present, saying which bundle and that this copy was weaker (issue 17)', async () => {
    await rewriteZip(sampleBundle, file('md5.zip'), (entries) => {
      const prefix = [...entries.keys()].find((n) => n.endsWith('bagit.txt'))!.replace(/bagit\.txt$/, '');
      const lines = [...entries.keys()]
        .filter((n) => n.startsWith(`${prefix}data/`) && !n.endsWith('/'))
        .map((n) => `${createHash('md5').update(entries.get(n)!).digest('hex')}  ${n.slice(prefix.length)}`);
      entries.delete(`${prefix}manifest-sha256.txt`);
      entries.delete(`${prefix}tagmanifest-sha256.txt`);
      entries.set(`${prefix}manifest-md5.txt`, Buffer.from(`${lines.join('\n')}\n`));
    });
    const first = await importBundle(store, sampleBundle, { actor: 'dana' });
    expect(first.presentAs).toBeUndefined();
    const weak = await importBundle(store, file('md5.zip'), { actor: 'dana' });
    expect(weak).toMatchObject({
      imported: false,
      status: 'verified',
      bundleDigest: first.bundleDigest,
      presentAs: { name: 'Iris species logistic regression', copyWeak: true },
    });
    const again = await importBundle(store, sampleBundle, { actor: 'dana' });
    expect(again.presentAs).toMatchObject({ name: 'Iris species logistic regression', copyWeak: false });
  });
});

describe('authorship', () => {
  it('a signature by a trusted key verifies; the bundle digest is the unsigned one', async () => {
    await addAuthorship(sampleBundle, file('signed.zip'), ravi);
    const [plain, signed] = [await check(sampleBundle), await check(file('signed.zip'))];
    expect(signed.report.bundleDigest).toBe(plain.report.bundleDigest);
    expect(signed.report.valid).toBe(true);
    expect(signed.authorship).toMatchObject({
      status: 'verified',
      signer: { name: 'Ravi', email: 'ravi@example.org', keyId: ravi.keyId },
      signedAt: '2026-12-01T10:00:00Z',
    });
    expect(plain.authorship.status).toBe('unsigned');
  });

  it('a key the team does not hold is unknown: reported with what the envelope claims, never trusted', async () => {
    await addAuthorship(sampleBundle, file('mallory.zip'), { ...mallory, name: 'Ravi', email: 'ravi@example.org' });
    const c = await check(file('mallory.zip'));
    expect(c.report.valid).toBe(true);
    expect(c.authorship).toMatchObject({
      status: 'unknown-key',
      signer: null,
      claimed: { email: 'ravi@example.org', keyId: mallory.keyId },
    });
  });

  it('attack: a signature moved onto other bytes, a forged signature, or one for another bundle is invalid, and the bundle with it', async () => {
    await addAuthorship(sampleBundle, file('signed.zip'), ravi);
    // The signed envelope copied into a bundle with a changed model: the subjects no longer match.
    await replacePayloadFiles(file('signed.zip'), file('moved.zip'), () => ({
      'data/model/model.onnx': Buffer.from('other model'),
    }));
    const moved = await check(file('moved.zip'));
    expect(moved.authorship.status).toBe('invalid');
    expect(moved.report.valid).toBe(false);
    expect(moved.authorship.problems).toContainEqual(
      expect.objectContaining({ code: 'authorship-wrong-bundle', path: 'data/model/model.onnx' }),
    );
    // Mallory's signature under Ravi's key id: it does not verify with Ravi's key.
    await addAuthorship(sampleBundle, file('forged.zip'), { ...mallory, keyId: ravi.keyId });
    expect((await check(file('forged.zip'))).authorship.problems).toContainEqual(
      expect.objectContaining({ code: 'authorship-bad-signature' }),
    );
    // A genuine signature about another bundle digest.
    await addAuthorship(
      sampleBundle,
      file('other.zip'),
      ravi,
      (st) => (st.subject[0]!.digest = { sha256: 'a'.repeat(64) }),
    );
    expect((await check(file('other.zip'))).authorship).toMatchObject({
      status: 'invalid',
      problems: [
        expect.objectContaining({
          code: 'authorship-wrong-bundle',
          expected: expect.any(String),
          actual: 'a'.repeat(64),
        }),
      ],
    });
  });

  it('import records the signature; its status follows the team: unknown until the key is trusted, revoked once revoked', async () => {
    await addAuthorship(sampleBundle, file('signed.zip'), ravi);
    const result = await importBundle(store, file('signed.zip'), { actor: 'dana' });
    expect(result.authorship?.status).toBe('unknown-key');
    const digest = result.bundleDigest!;
    expect(getBundle(store, digest).authorship.status).toBe('unknown-key');
    trustLocally(ravi);
    store.transaction((tx) => refreshAuthorshipTrust(tx, authorshipKeys(tx)));
    expect(getBundle(store, digest).authorship).toMatchObject({
      status: 'verified',
      signer: { email: 'ravi@example.org' },
    });
    expect(
      listBundles(store, { sort: 'importedAt', direction: 'desc', offset: 0, limit: 10 }).bundles[0]?.authorship,
    ).toMatchObject({ status: 'verified', signer: { keyId: ravi.keyId } });
    // Judged against a team that revoked the key, the same stored facts say revoked.
    const team = teamOf([{ p: ravi, revokedKeys: [ravi.keyId] }]);
    const { authorshipReport } = await import('../../../../src-main/core/governance/authorship-report');
    const { storedAuthorshipFacts } = await import('../../../../src-main/core/governance/authorship-store');
    expect(authorshipReport(storedAuthorshipFacts(store, digest), teamKeys(team)).status).toBe('revoked-key');
  });

  it('a signed copy of a stored unsigned bundle adds its signature (same digest); a stored signature is never replaced by import', async () => {
    trustLocally(ravi);
    const first = await importBundle(store, sampleBundle, { actor: 'dana' });
    await addAuthorship(sampleBundle, file('signed.zip'), ravi);
    const again = await importBundle(store, file('signed.zip'), { actor: 'dana' });
    expect(again).toMatchObject({
      imported: false,
      bundleDigest: first.bundleDigest,
      authorship: { status: 'verified' },
      authorshipAdded: true,
    });
    expect(
      (await importBundle(store, file('signed.zip'), { actor: 'dana' })).warnings.map((w) => w.code),
    ).not.toContain('authorship-not-taken'); // the same signature again
    expect(listAudit(store, { offset: 0, limit: 5, action: 'bundle.authorship' }).total).toBe(1);
    await addAuthorship(sampleBundle, file('mallory.zip'), mallory);
    const third = await importBundle(store, file('mallory.zip'), { actor: 'dana' });
    expect(third.authorship).toMatchObject({ status: 'verified', signer: { email: 'ravi@example.org' } });
    expect(third.warnings).toContainEqual(expect.objectContaining({ code: 'authorship-not-taken' }));
  });
});

import { appVersion } from '../app-paths';
import { bundleDigestOfFiles } from '../integrity/bundle-digest';
import { unsafePathReason } from '../integrity/bag-path';
import type { Problem } from '../../common/problem';
import { CodedError } from '../../common/result';
import { environmentSchema } from '../../common/schemas/bundle';
import type { AuthorshipPredicate } from '../governance/authorship';
import { signBundleAuthorship, type AuthorshipSigner, type SignedAuthorship } from '../governance/sign-authorship';
import { replaySpecSchema } from '../bundle/replay-spec';
import { type BundleDescription, ENVIRONMENT_PATH, GENERATED_PATHS } from './bundle-description';
import { buildCrate } from './crate-build';
import type { HashedPayload } from './tag-files';
import { type PayloadInput, writeBagZip } from './write-bag-zip';

export interface WrittenBundle {
  file: string;
  bundleDigest: string;
  files: number;
  bytes: number;
  warnings: Problem[];
  signer: AuthorshipPredicate['signer'] | null; // who signed it (authorship.dsse.json), when asked to
  signedAt: string | null;
}

export interface WriteBundleOptions {
  now?: Date; // Bagging-Date (default: today, UTC)
  softwareAgent?: string;
  compressionLevel?: number; // deflate level for compressible files, 0-9 (default 1); incompressible files are stored
  // the author's signature, made from the hashes of this one pass
  sign?: { signer: AuthorshipSigner; now?: () => Date };
}

/**
 * Writes a bundle ZIP as BUNDLE-FORMAT defines it: the described files (from disk or memory), then
 * data/replay.json and data/env/environment.json when the description has them, then the RO-Crate, which
 * names every other file's sha256. `sources` gives the bytes of each described file, by payload path.
 */
export async function writeBundle(
  target: string,
  description: BundleDescription,
  sources: Map<string, PayloadInput>,
  options: WriteBundleOptions = {},
): Promise<WrittenBundle> {
  checkDescription(description, sources);
  const inputs: PayloadInput[] = description.files.map((f) => sources.get(f.path) as PayloadInput);
  const json = (v: unknown) => Buffer.from(`${JSON.stringify(v, null, 2)}\n`, 'utf8');
  if (description.replay) inputs.push({ path: 'replay.json', bytes: json(description.replay) });
  if (description.environment && !description.environmentFile)
    inputs.push({ path: ENVIRONMENT_PATH, bytes: json(description.environment) });
  const date = (options.now ?? new Date()).toISOString().slice(0, 10);
  const warnings: WrittenBundle['warnings'] = [];
  const signing: { sign?: WriteBundleOptions['sign']; made: SignedAuthorship | null } = {
    sign: options.sign,
    made: null,
  };
  const authorship = (hashed: HashedPayload[]) => {
    const files = hashed.map((p) => ({ path: `data/${p.path}`, sha256: p.sha256 }));
    signing.made = signBundleAuthorship(
      signing.sign!.signer,
      { digest: bundleDigestOfFiles(files), files, name: description.name },
      (signing.sign!.now ?? (() => new Date()))(),
    );
    return signing.made.text;
  };
  const result = await writeBagZip(
    target,
    inputs,
    (hashed) => {
      const crate = buildCrate(description, hashed);
      warnings.push(...crate.warnings);
      return {
        generated: [{ path: 'ro-crate-metadata.json', bytes: Buffer.from(crate.json, 'utf8') }],
        bagInfo: {
          baggingDate: date,
          softwareAgent: options.softwareAgent ?? `provdesk ${appVersion()}`,
          externalIdentifier: description.run.id,
        },
      };
    },
    { compressionLevel: options.compressionLevel ?? 1, ...(options.sign ? { authorship } : {}) },
  );
  return {
    file: result.file,
    bundleDigest: bundleDigestOfFiles(result.payload.map((p) => ({ path: `data/${p.path}`, sha256: p.sha256 }))),
    files: result.payload.length,
    bytes: result.payload.reduce((n, p) => n + p.size, 0),
    warnings,
    signer: signing.made?.signer ?? null,
    signedAt: signing.made?.signedAt ?? null,
  };
}

/** What would make an invalid bundle is refused before a byte is written. */
function checkDescription(d: BundleDescription, sources: Map<string, PayloadInput>): void {
  const seen = new Set<string>();
  for (const f of d.files) {
    const why = unsafePathReason(f.path);
    if (why)
      throw new CodedError('invalid-request', `file path "${f.path}" cannot be packed: ${why}`, { path: f.path });
    const ownEnvironment = f.path === ENVIRONMENT_PATH && d.environmentFile === true;
    if ((GENERATED_PATHS as readonly string[]).includes(f.path) && !ownEnvironment)
      throw new CodedError(
        'invalid-request',
        `"${f.path}" is written by the packer itself; rename the file or leave it out`,
        { path: f.path },
      );
    const folded = f.path.normalize('NFC').toLowerCase();
    if (seen.has(folded))
      throw new CodedError(
        'invalid-request',
        `"${f.path}" is listed twice (names that differ only in case or normalisation collide)`,
        { path: f.path },
      );
    seen.add(folded);
    if (!sources.has(f.path)) throw new CodedError('internal', `no source for described file ${f.path}`);
  }
  if (d.replay) {
    const parsed = replaySpecSchema.safeParse(d.replay);
    if (!parsed.success)
      throw new CodedError(
        'invalid-request',
        `replay: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
      );
  }
  if (d.environment) {
    const parsed = environmentSchema.safeParse(d.environment);
    if (!parsed.success)
      throw new CodedError(
        'invalid-request',
        `environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
  }
  for (const [name, v] of Object.entries(d.metrics)) {
    if (!Number.isFinite(v)) throw new CodedError('invalid-request', `metric "${name}" is not a finite number`);
  }
}

import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ImportResult } from '../../common/schemas/bundle';
import type { Progress } from '../../common/schemas/job';
import { CodedError } from '../../common/result';
import type { Store } from '../store/store';
import { appendAudit } from '../audit/audit-log';
import { authorshipKeys, storedAuthorship } from '../governance/signature-trust';
import { bundleCrateName, bundleStatus } from '../store/repos/bundles-repo';
import { openZipBundle } from '../bundle/zip-bundle';
import { DEFAULT_LIMITS } from '../bundle/archive-limits';
import { parseManifest as parseBagManifest } from '../integrity/manifest-parse';
import { bundleDigestOfFiles } from '../integrity/bundle-digest';
import { blobExists, pullBlob, pushFileBlob, pushScope, pushSmallBlob, sha256OfFile } from '../registry/blobs';
import { uploadSession } from '../registry/upload-sessions';
import { transferLayers } from '../registry/transfer-layers';
import {
  ANNOTATION,
  BUNDLE_ARTIFACT,
  BUNDLE_LAYER,
  EMPTY_CONFIG,
  EMPTY_CONFIG_BYTES,
  OCI_MANIFEST,
  bundleLayer,
  getManifest,
  manifestBytes,
  putManifest,
  type Manifest,
} from '../registry/manifest';
import { formatReference, parseReference } from '../registry/reference';
import { registryError } from '../registry/errors';
import { openRegistry, rate, type SessionOptions } from '../registry/session';
import { checkBundle } from './bundle-check';
import { exportBundle, recordTransfer, transferEntries } from './export-bundle';
import { transferZip, transferZipFits, type TransferZip } from '../bundle-writer/transfer-zip';
import { importBundle } from './import-bundle';
import { resolveDigest } from './bundle-queries';

export interface RegistryCallOptions extends SessionOptions {
  actor: string;
  onProgress?: (p: Progress) => void;
  now?: () => Date;
}

export interface PushResult {
  reference: string;
  manifestDigest: string;
  bundleDigest: string;
  layerDigest: string;
  size: number;
  name: string | null;
  signer: { name: string; email: string; keyId: string } | null;
}

export interface PullResult extends ImportResult {
  reference: string;
  manifestDigest: string;
}

/**
 * `provdesk push`: a bundle (a zip file, or a stored bundle by digest) as an OCI artifact: the empty config, the zip
 * as one layer (streamed, resumable across runs), annotations naming the bundle. A file is verified first: nothing
 * that does not verify is published; a stored bundle was verified when the store took it and is not verified again. The
 * tag defaults to the bundle digest's first 16 hex characters. Audited `registry.push`.
 */
export async function pushBundle(
  store: Store,
  source: string,
  reference: string,
  options: RegistryCallOptions,
): Promise<PushResult> {
  const ref = parseReference(reference);
  if (ref.digest) throw registryError('registry-reference-invalid', `push to a tag, not a digest (${reference})`);
  const temp = mkdtempSync(path.join(store.blobs.stagingDir(), 'push-'));
  const stopChecking = new AbortController();
  try {
    // A file's verification and its upload run side by side; its stages show while no upload bytes are moving. A push
    // that fails or stops otherwise stops the verification too (finally, below).
    let sending = false;
    const bundle = await bundleToPush(store, source, temp, {
      ...options,
      signal: options.signal ? AbortSignal.any([options.signal, stopChecking.signal]) : stopChecking.signal,
      ...(options.onProgress
        ? {
            onProgress: (p: Progress) => {
              if (!sending) options.onProgress!(p);
            },
          }
        : {}),
    });
    const { client } = await openRegistry(ref, options);
    const started = Date.now();
    const progress = (done: number, total: number) => {
      sending = done < total;
      options.onProgress?.({
        stage: 'upload',
        bytesDone: done,
        bytesTotal: total,
        filesDone: 0,
        filesTotal: 1,
        ...rate(started, done, total),
      });
    };
    await pushSmallBlob(client, ref.repository, EMPTY_CONFIG_BYTES);
    // A layer whose digest is known before it is sent (a file, or a stored bundle's zip pushed before) is not sent
    // again when the repository holds it. An upload an earlier run left unfinished continues from the registry's
    // offset. A stored bundle's zip is made as it is sent, so its digest is taken on the way.
    const size = typeof bundle.file === 'string' ? statSync(bundle.file).size : bundle.file.size;
    const known = bundle.layerDigest;
    const session = uploadSession(store.dir, ref.registry, ref.repository, bundle.uploadKey);
    // A file that turns out not to verify stops its upload at once; what was sent is never committed.
    const refused = new AbortController();
    bundle.about.catch(() => refused.abort());
    let layer: { digest: string; size: number; resumedAt: number };
    try {
      layer =
        known && (await blobExists(client, ref.repository, known, pushScope(ref.repository)))
          ? { digest: known, size, resumedAt: size }
          : await pushFileBlob(client, ref.repository, bundle.file, {
              ...(typeof bundle.file === 'string' && known ? { digest: known } : {}),
              session,
              beforeFinish: async () => void (await bundle.about),
              onProgress: progress,
              signal: options.signal ? AbortSignal.any([options.signal, refused.signal]) : refused.signal,
            });
    } catch (e) {
      if (!refused.signal.aborted) throw e;
      session.drop();
      await bundle.about; // throws why
      throw e;
    }
    if (typeof bundle.file !== 'string') transferLayers(store.dir).set(bundle.file.identity, { digest: layer.digest });
    const about = await bundle.about;
    const tag = ref.tag ?? about.digest.slice(0, 16);
    const created = (options.now ?? (() => new Date()))().toISOString();
    const annotations: Record<string, string> = {
      [ANNOTATION.bundleDigest]: about.digest,
      [ANNOTATION.created]: created,
      ...(about.name ? { [ANNOTATION.title]: about.name.slice(0, 1000) } : {}),
      ...(about.signer
        ? {
            [ANNOTATION.authors]: `${about.signer.name} <${about.signer.email}>`,
            [ANNOTATION.signerEmail]: about.signer.email,
            [ANNOTATION.signerKeyId]: about.signer.keyId,
          }
        : {}),
    };
    const manifest: Manifest = {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: BUNDLE_ARTIFACT,
      config: { ...EMPTY_CONFIG },
      layers: [
        {
          mediaType: BUNDLE_LAYER,
          digest: layer.digest,
          size: layer.size,
          annotations: { [ANNOTATION.title]: `${about.digest.slice(0, 16)}.bundle.zip` },
        },
      ],
      annotations,
    };
    const manifestDigest = await putManifest(client, ref.repository, tag, manifestBytes(manifest));
    const pushed = formatReference({ ...ref, tag, digest: null });
    store.transaction((tx) => {
      appendAudit(tx, {
        actor: options.actor,
        action: 'registry.push',
        subject: about.digest,
        details: { reference: pushed, manifestDigest, layerDigest: layer.digest, bytes: layer.size },
      });
    });
    return {
      reference: pushed,
      manifestDigest,
      bundleDigest: about.digest,
      layerDigest: layer.digest,
      size: layer.size,
      name: about.name,
      signer: about.signer,
    };
  } finally {
    stopChecking.abort();
    rmSync(temp, { recursive: true, force: true });
  }
}

interface AboutBundle {
  digest: string;
  name: string | null;
  signer: PushResult['signer'];
}

interface BundleToPush {
  file: string | TransferZip;
  /** The zip's SHA-256 (`sha256:…`) when known before sending (a stored bundle's zip pushed before: remembered). */
  layerDigest: string | null;
  /** What the upload session is kept under: the layer digest, or the zip's identity. */
  uploadKey: string;
  /**
   * What the manifest names. For a zip file, its verification, which may still be running while the zip is sent: the
   * upload is finished (the blob committed) only once it holds, and cancelled when it does not.
   */
  about: Promise<AboutBundle>;
}

async function bundleToPush(
  store: Store,
  source: string,
  temp: string,
  options: RegistryCallOptions,
): Promise<BundleToPush> {
  if (existsSync(source)) {
    if (statSync(source).isDirectory())
      throw new CodedError(
        'invalid-request',
        `${source} is a folder: push takes a .zip bundle or a stored bundle's digest (import the folder, then push its digest)`,
        { input: true },
      );
    // A zip of a bundle this store holds verified: the store's copy is sent, so the file needs no verification.
    const held = await heldDigestOf(store, source);
    if (held) return storedBundle(store, held, temp, options);
    // The verification runs while the zip's digest is taken and while the zip is sent (it reads the file from the page
    // cache beside them); only a bundle that verifies is committed and named in a manifest.
    const about = verifiedAbout(store, source, options);
    about.catch(() => undefined); // awaited by the push; observed here so a failure first elsewhere is not unhandled
    const layerDigest = await sha256OfFile(source, options.signal);
    return { file: path.resolve(source), layerDigest, uploadKey: layerDigest, about };
  }
  if (!/^[0-9a-f]{8,64}$/i.test(source))
    throw new CodedError('invalid-request', `${source} is neither a bundle file nor a stored bundle's digest`, {
      input: true,
    });
  const digest = resolveDigest(store, source.toLowerCase());
  if (!digest) throw new CodedError('not-found', `no bundle with digest ${source} in this store`);
  return storedBundle(store, digest, temp, options);
}

async function verifiedAbout(store: Store, source: string, options: RegistryCallOptions): Promise<AboutBundle> {
  const checked = await checkBundle(source, {
    stage: false,
    keys: authorshipKeys(store),
    ...(options.signal ? { signal: options.signal } : {}),
    // Its stages show until the upload starts reporting bytes.
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  await checked.verified.cleanup();
  if (!checked.report.valid || !checked.digest) {
    const first = checked.report.problems[0];
    throw new CodedError(
      'refused',
      `${path.basename(source)} does not verify, so it is not published${first ? `: ${first.code}: ${first.message}` : ''}`,
      { problems: checked.report.problems.slice(0, 20) },
    );
  }
  return {
    digest: checked.digest,
    name: checked.metadata?.name ?? null,
    signer: checked.authorship.status === 'verified' ? checked.authorship.signer : null,
  };
}

/**
 * The bundle digest a zip's sha256 manifest names (read from its central directory and that one small tag file,
 * nothing else), when this store holds that bundle verified; else null (the zip is then verified as any other).
 */
async function heldDigestOf(store: Store, file: string): Promise<string | null> {
  let src;
  try {
    src = await openZipBundle(file, DEFAULT_LIMITS, 1);
  } catch {
    return null;
  }
  try {
    const text = src.refusal.length === 0 ? src.listing.tags.get('manifest-sha256.txt') : undefined;
    if (!text) return null;
    const manifest = parseBagManifest(text.toString('utf8'), 'manifest-sha256.txt', 'sha256', 'payload', false);
    if (manifest.refused || manifest.problems.length > 0 || manifest.entries.size === 0) return null;
    const digest = bundleDigestOfFiles([...manifest.entries].map(([p, sha256]) => ({ path: p, sha256 })));
    return bundleStatus(store, digest) === 'verified' ? digest : null;
  } finally {
    await src.close();
  }
}

async function storedBundle(
  store: Store,
  digest: string,
  temp: string,
  options: RegistryCallOptions,
): Promise<BundleToPush> {
  // The store verified it when it came in and keeps it content-addressed: it is not verified again. The copy sent is
  // stored (not deflated), the same bytes each time: made as it is sent where it fits a plain zip, else written first.
  const authorship = storedAuthorship(store, digest);
  const about = {
    digest,
    name: bundleCrateName(store, digest) ?? null,
    signer: authorship.status === 'verified' ? authorship.signer : null,
  };
  const entries = transferEntries(store, digest);
  if (transferZipFits(entries)) {
    recordTransfer(store, digest, options.actor);
    const zip = transferZip(entries);
    const layerDigest = transferLayers(store.dir).get(zip.identity)?.digest ?? null;
    return { file: zip, layerDigest, uploadKey: `zip-${zip.identity}`, about: Promise.resolve(about) };
  }
  // Near 4 GiB (ZIP64) or on a Node without native CRC-32: written to a private file first, hashed as it is written.
  const file = path.join(temp, `${digest.slice(0, 16)}.bundle.zip`);
  const hash = createHash('sha256');
  await exportBundle(store, digest, file, options.actor, { transfer: { tap: (chunk) => hash.update(chunk) } });
  const layerDigest = `sha256:${hash.digest('hex')}`;
  return { file, layerDigest, uploadKey: layerDigest, about: Promise.resolve(about) };
}

/**
 * `provdesk pull`: the manifest (bounded, digest-checked), then the bundle layer streamed to a private file and
 * refused past its announced size or on another digest, then imported exactly as `import` does, the audit entry
 * naming the reference. Nothing is kept of a pull that fails.
 */
export async function pullBundle(store: Store, reference: string, options: RegistryCallOptions): Promise<PullResult> {
  const ref = parseReference(reference);
  if (!ref.tag && !ref.digest)
    throw registryError(
      'registry-reference-invalid',
      `pull needs a tag or digest (${reference}:TAG); provdesk registry list ${reference} lists them`,
    );
  const { client } = await openRegistry(ref, options);
  const named = formatReference(ref);
  const found = await getManifest(client, ref.repository, ref.digest ?? ref.tag!);
  if (!found) throw registryError('registry-not-found', `${named} is not in the registry`);
  const layer = bundleLayer(found.manifest, named);
  const temp = mkdtempSync(path.join(store.blobs.stagingDir(), 'pull-'));
  try {
    const file = path.join(temp, 'bundle.zip');
    const started = Date.now();
    await pullBlob(
      client,
      ref.repository,
      layer,
      file,
      (done, total) =>
        options.onProgress?.({
          stage: 'download',
          bytesDone: done,
          bytesTotal: total,
          filesDone: 0,
          filesTotal: 1,
          ...rate(started, done, total),
        }),
      options.signal,
    );
    const imported = await importBundle(store, file, {
      actor: options.actor,
      sourceName: named,
      origin: {
        registry: ref.registry,
        repository: ref.repository,
        reference: named,
        manifestDigest: found.digest,
        layerDigest: layer.digest,
      },
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    const announced = found.manifest.annotations?.[ANNOTATION.bundleDigest];
    const warnings =
      announced && imported.bundleDigest && announced !== imported.bundleDigest
        ? [
            ...imported.warnings,
            {
              code: 'registry-digest-mismatch' as const,
              message: `the manifest announces bundle ${announced}, but the layer holds bundle ${imported.bundleDigest}`,
              severity: 'warning' as const,
            },
          ]
        : imported.warnings;
    return { ...imported, warnings, reference: named, manifestDigest: found.digest };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

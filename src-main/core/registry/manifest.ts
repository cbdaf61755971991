import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { RegistryClient } from './client';
import { unexpected } from './client';
import { registryError } from './errors';
import { header, readBounded } from './http';
import { pullScope, pushScope, type Descriptor } from './blobs';
import { DIGEST } from './reference';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const EMPTY_CONFIG = {
  mediaType: 'application/vnd.oci.empty.v1+json',
  digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  size: 2,
} as const;
export const EMPTY_CONFIG_BYTES = Buffer.from('{}');
export const BUNDLE_ARTIFACT = 'application/vnd.provenance-desk.bundle.v1';
export const BUNDLE_LAYER = 'application/vnd.provenance-desk.bundle.v1+zip';
export const ANNOTATION = {
  bundleDigest: 'org.provenance-desk.bundle.digest',
  signerKeyId: 'org.provenance-desk.bundle.signer.keyid',
  signerEmail: 'org.provenance-desk.bundle.signer.email',
  title: 'org.opencontainers.image.title',
  authors: 'org.opencontainers.image.authors',
  created: 'org.opencontainers.image.created',
} as const;

export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024; // the distribution spec's advice for a registry's own limit
export const MAX_LAYER_BYTES = 256 * 2 ** 30;

const annotationsSchema = z
  .record(z.string().max(256), z.string().max(4096))
  .refine((a) => Object.keys(a).length <= 64, 'too many annotations');
const descriptorSchema = z
  .object({
    mediaType: z.string().max(256),
    digest: z.string().regex(DIGEST),
    size: z.number().int().nonnegative().max(MAX_LAYER_BYTES),
    annotations: annotationsSchema.optional(),
    artifactType: z.string().max(256).optional(),
  })
  .passthrough();

export const manifestSchema = z
  .object({
    schemaVersion: z.literal(2),
    mediaType: z.literal(OCI_MANIFEST).optional(),
    artifactType: z.string().max(256).optional(),
    config: descriptorSchema,
    layers: z.array(descriptorSchema).max(64),
    subject: descriptorSchema.optional(),
    annotations: annotationsSchema.optional(),
  })
  .passthrough();
export type Manifest = z.infer<typeof manifestSchema>;

export function manifestBytes(manifest: Manifest): Buffer {
  return Buffer.from(JSON.stringify(manifest), 'utf8');
}

export function sha256Digest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** PUT a manifest under a tag (or its digest); returns its digest, which the registry must agree with. */
export async function putManifest(
  client: RegistryClient,
  repository: string,
  reference: string,
  bytes: Buffer,
): Promise<string> {
  const digest = sha256Digest(bytes);
  const res = await client.request('PUT', `/v2/${repository}/manifests/${reference}`, {
    scope: pushScope(repository),
    headers: { 'content-type': OCI_MANIFEST },
    body: bytes,
  });
  if (res.statusCode !== 201)
    throw await unexpected(res, client.ref.registry, `storing the manifest ${repository}:${reference}`);
  res.resume();
  const said = header(res.headers, 'docker-content-digest');
  if (said && said !== digest)
    throw registryError(
      'registry-digest-mismatch',
      `${client.ref.registry} stored the manifest under ${said}, not its digest ${digest}`,
    );
  return digest;
}

/**
 * A manifest by tag or digest, bounded and hashed: by digest its bytes must hash to it; by tag the registry's
 * Docker-Content-Digest, when sent, must be the bytes' digest. Parsed as an OCI image manifest or refused.
 */
export async function getManifest(
  client: RegistryClient,
  repository: string,
  reference: string,
): Promise<{ manifest: Manifest; digest: string; bytes: Buffer } | null> {
  const res = await client.request('GET', `/v2/${repository}/manifests/${reference}`, {
    scope: pullScope(repository),
    headers: { accept: OCI_MANIFEST },
  });
  if (res.statusCode === 404) {
    res.resume();
    return null;
  }
  if (res.statusCode !== 200)
    throw await unexpected(res, client.ref.registry, `fetching the manifest ${repository}:${reference}`);
  const bytes = await readBounded(res, MAX_MANIFEST_BYTES, 'manifest');
  const digest = sha256Digest(bytes);
  if (DIGEST.test(reference) && digest !== reference)
    throw registryError(
      'registry-digest-mismatch',
      `${client.ref.registry} answered ${reference} with a manifest whose digest is ${digest}; refused`,
      { expected: reference, actual: digest },
    );
  const said = header(res.headers, 'docker-content-digest');
  if (said && said !== digest)
    throw registryError(
      'registry-digest-mismatch',
      `${client.ref.registry} says the manifest ${repository}:${reference} is ${said}, but its bytes are ${digest}; refused`,
      { expected: said, actual: digest },
    );
  return { manifest: parseManifest(bytes, `${client.ref.registry}/${repository}:${reference}`), digest, bytes };
}

export function parseManifest(bytes: Buffer, where: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw registryError('registry-bad-response', `${where} is not a JSON manifest`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw registryError(
      'registry-bad-response',
      `${where} is not an OCI image manifest: ${first ? `${first.path.join('.') || 'manifest'}: ${first.message}` : 'invalid'}`,
    );
  }
  return parsed.data;
}

/** The bundle layer of a bundle artifact's manifest, or why this is no bundle. */
export function bundleLayer(manifest: Manifest, where: string): Descriptor {
  const type = manifest.artifactType ?? manifest.config.mediaType;
  if (type !== BUNDLE_ARTIFACT)
    throw registryError(
      'registry-not-a-bundle',
      `${where} is not a Provenance Desk bundle (its artifact type is ${JSON.stringify(type).slice(0, 120)}, not ${BUNDLE_ARTIFACT})`,
    );
  const layers = manifest.layers.filter((l) => l.mediaType === BUNDLE_LAYER);
  if (layers.length !== 1)
    throw registryError(
      'registry-not-a-bundle',
      `${where} has ${layers.length} bundle layers; a bundle artifact has exactly one`,
    );
  return layers[0]!;
}

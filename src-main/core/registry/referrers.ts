import { z } from 'zod';
import type { RegistryClient } from './client';
import { unexpected } from './client';
import { registryError } from './errors';
import { header, readBounded } from './http';
import { pullScope, pushScope, pushSmallBlob, type Descriptor } from './blobs';
import {
  EMPTY_CONFIG,
  EMPTY_CONFIG_BYTES,
  MAX_MANIFEST_BYTES,
  OCI_INDEX,
  OCI_MANIFEST,
  manifestBytes,
  sha256Digest,
  type Manifest,
} from './manifest';
import { DIGEST } from './reference';

/**
 * Referrers (OCI distribution spec 1.1): an artifact whose `subject` is another manifest. Where the registry has
 * the referrers API (`GET /v2/<name>/referrers/<digest>`) it lists them; where it has not (Distribution 2.8), the
 * client keeps the referrers tag schema: an image index tagged `sha256-<hex>` listing each referrer's descriptor.
 */

const indexSchema = z
  .object({
    schemaVersion: z.literal(2),
    mediaType: z.literal(OCI_INDEX).optional(),
    manifests: z
      .array(
        z
          .object({
            mediaType: z.string().max(256),
            digest: z.string().regex(DIGEST),
            size: z.number().int().nonnegative().max(MAX_MANIFEST_BYTES),
            artifactType: z.string().max(256).optional(),
            annotations: z.record(z.string().max(256), z.string().max(4096)).optional(),
          })
          .passthrough(),
      )
      .max(10_000),
  })
  .passthrough();
export type ReferrerDescriptor = z.infer<typeof indexSchema>['manifests'][number];

export const fallbackTag = (digest: string) => digest.replace(':', '-');

/**
 * What a listing learns once and reuses: whether the registry has the referrers API (null: not asked yet) and, for
 * the tag schema, the repository's tags (a subject without a `sha256-<hex>` tag has no referrers: nothing to ask).
 */
export interface ReferrersContext {
  api: boolean | null;
  tags?: Set<string>;
}

/** Every referrer of `subject` (filtered by artifact type), from the API or the tag schema. */
export async function listReferrers(
  client: RegistryClient,
  repository: string,
  subject: string,
  artifactType?: string,
  context: ReferrersContext = { api: null },
): Promise<ReferrerDescriptor[]> {
  const query = artifactType ? `?artifactType=${encodeURIComponent(artifactType)}` : '';
  let index: z.infer<typeof indexSchema> | null = null;
  const fallback = async () =>
    context.tags && !context.tags.has(fallbackTag(subject)) ? null : fallbackIndex(client, repository, subject);
  if (context.api === false) {
    index = await fallback();
    const all = index?.manifests ?? [];
    return artifactType ? all.filter((m) => m.artifactType === artifactType) : all;
  }
  const res = await client.request('GET', `/v2/${repository}/referrers/${subject}${query}`, {
    scope: pullScope(repository),
    headers: { accept: OCI_INDEX },
  });
  if (res.statusCode === 200 && (header(res.headers, 'content-type') ?? '').startsWith(OCI_INDEX)) {
    context.api = true;
    index = parseIndex(
      await readBounded(res, MAX_MANIFEST_BYTES, 'referrers list'),
      `${client.ref.registry}/${repository} referrers of ${subject}`,
    );
  } else if (res.statusCode === 404 || res.statusCode === 200) {
    res.resume();
    context.api = false;
    index = await fallback();
  } else {
    throw await unexpected(res, client.ref.registry, `listing the referrers of ${subject.slice(0, 19)}`);
  }
  const all = index?.manifests ?? [];
  return artifactType ? all.filter((m) => m.artifactType === artifactType) : all;
}

async function fallbackIndex(
  client: RegistryClient,
  repository: string,
  subject: string,
): Promise<z.infer<typeof indexSchema> | null> {
  const res = await client.request('GET', `/v2/${repository}/manifests/${fallbackTag(subject)}`, {
    scope: pullScope(repository),
    headers: { accept: OCI_INDEX },
  });
  if (res.statusCode === 404) {
    res.resume();
    return null;
  }
  if (res.statusCode !== 200)
    throw await unexpected(res, client.ref.registry, `reading the referrers tag of ${subject.slice(0, 19)}`);
  return parseIndex(
    await readBounded(res, MAX_MANIFEST_BYTES, 'referrers index'),
    `${client.ref.registry}/${repository}:${fallbackTag(subject)}`,
  );
}

function parseIndex(bytes: Buffer, where: string): z.infer<typeof indexSchema> {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw registryError('registry-bad-response', `${where} is not JSON`);
  }
  const parsed = indexSchema.safeParse(json);
  if (!parsed.success)
    throw registryError(
      'registry-bad-response',
      `${where} is not an OCI image index: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    );
  return parsed.data;
}

/**
 * Pushes `bytes` as an artifact referring to `subject`: the blob, the manifest by digest, and, unless the registry
 * answers with `OCI-Subject` (it indexes referrers itself), the `sha256-<hex>` index with this referrer added.
 */
export async function pushReferrer(
  client: RegistryClient,
  repository: string,
  subject: Descriptor,
  artifact: { artifactType: string; mediaType: string; bytes: Buffer; annotations: Record<string, string> },
): Promise<{ digest: string; descriptor: ReferrerDescriptor }> {
  await pushSmallBlob(client, repository, EMPTY_CONFIG_BYTES);
  const blob = await pushSmallBlob(client, repository, artifact.bytes);
  const manifest: Manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    artifactType: artifact.artifactType,
    config: { ...EMPTY_CONFIG },
    layers: [{ mediaType: artifact.mediaType, digest: blob, size: artifact.bytes.length }],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    annotations: artifact.annotations,
  };
  const bytes = manifestBytes(manifest);
  const digest = sha256Digest(bytes);
  const res = await client.request('PUT', `/v2/${repository}/manifests/${digest}`, {
    scope: pushScope(repository),
    headers: { 'content-type': OCI_MANIFEST },
    body: bytes,
  });
  if (res.statusCode !== 201)
    throw await unexpected(res, client.ref.registry, `storing a referrer of ${subject.digest.slice(0, 19)}`);
  res.resume();
  const descriptor: ReferrerDescriptor = {
    mediaType: OCI_MANIFEST,
    digest,
    size: bytes.length,
    artifactType: artifact.artifactType,
    annotations: artifact.annotations,
  };
  if (!header(res.headers, 'oci-subject')) await addToReferrersTag(client, repository, subject.digest, descriptor);
  return { digest, descriptor };
}

const TAG_WRITES = 6; // rewrites of the referrers tag before giving up to a crowd of writers
const TAG_CONFIRMATIONS = 2; // reads that must show our descriptor after our last write

/**
 * Adds `descriptor` to the `sha256-<hex>` referrers tag of `subject`. The tag is one document every writer rewrites,
 * and Distribution 2.8 has no compare-and-swap on a manifest: two teammates syncing at the same moment both read it,
 * each adds its own entry and the second write drops the first's. So after writing, the tag is read again (twice, a
 * random few tens of milliseconds apart, so a writer that read before our write and writes after it is seen); while
 * our descriptor is missing, what is there now is merged with it and written again, up to 6 times. Each writer keeps
 * every entry it read, so concurrent writers converge on the union. A referrer still dropped after that (a writer
 * slower than both reads) is pushed again by its store's next sync, which lists the referrers first.
 */
async function addToReferrersTag(
  client: RegistryClient,
  repository: string,
  subject: string,
  descriptor: ReferrerDescriptor,
): Promise<void> {
  let writes = 0;
  let confirmed = 0;
  for (;;) {
    const index = await fallbackIndex(client, repository, subject);
    const manifests = index?.manifests ?? [];
    if (manifests.some((m) => m.digest === descriptor.digest)) {
      if (writes === 0 || ++confirmed >= TAG_CONFIRMATIONS) return;
      await pause();
      continue;
    }
    if (writes >= TAG_WRITES)
      throw registryError(
        'registry-upload-failed',
        `${client.ref.registry}/${repository}: the referrers tag of ${subject.slice(0, 19)} lost this referrer to other writers ${TAG_WRITES} times in a row; sync again`,
      );
    if (writes > 0) await pause(); // lost to another writer: let it finish first
    confirmed = 0;
    const next = { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [...manifests, descriptor] };
    const put = await client.request('PUT', `/v2/${repository}/manifests/${fallbackTag(subject)}`, {
      scope: pushScope(repository),
      headers: { 'content-type': OCI_INDEX },
      body: Buffer.from(JSON.stringify(next)),
    });
    if (put.statusCode !== 201)
      throw await unexpected(put, client.ref.registry, `updating the referrers tag of ${subject.slice(0, 19)}`);
    put.resume();
    writes++;
  }
}

/** 20-80 ms, random: writers that collided once do not collide again in step. */
const pause = () => new Promise((resolve) => setTimeout(resolve, 20 + Math.floor(Math.random() * 60)));

/** A small artifact's one layer, bounded and digest-checked (a decision, a checkpoint). */
export async function fetchSmallArtifact(
  client: RegistryClient,
  repository: string,
  manifest: Manifest,
  mediaType: string,
  max: number,
): Promise<Buffer> {
  const layer = manifest.layers.find((l) => l.mediaType === mediaType);
  if (!layer)
    throw registryError(
      'registry-bad-response',
      `${client.ref.registry}/${repository}: the artifact has no ${mediaType} layer`,
    );
  if (layer.size > max)
    throw registryError(
      'registry-too-large',
      `${client.ref.registry}/${repository}: a ${mediaType} of ${layer.size} bytes is over the ${max} allowed`,
    );
  const res = await client.request('GET', `/v2/${repository}/blobs/${layer.digest}`, {
    scope: pullScope(repository),
    follow: true,
  });
  if (res.statusCode !== 200) throw await unexpected(res, client.ref.registry, `fetching ${layer.digest.slice(0, 19)}`);
  const bytes = await readBounded(res, Math.min(max, layer.size), mediaType);
  if (sha256Digest(bytes) !== layer.digest)
    throw registryError(
      'registry-digest-mismatch',
      `${client.ref.registry}/${repository}: ${layer.digest} arrived with other bytes; refused`,
    );
  return bytes;
}

/** Every tag of a repository, page by page (`?n=&last=`, the Link header), bounded. */
export async function listTags(client: RegistryClient, repository: string, max = 100_000): Promise<string[]> {
  const tags: string[] = [];
  let next: string | null = `/v2/${repository}/tags/list?n=1000`;
  while (next && tags.length < max) {
    const res = await client.request('GET', next, { scope: pullScope(repository) });
    if (res.statusCode === 404) {
      res.resume();
      return tags;
    }
    if (res.statusCode !== 200) throw await unexpected(res, client.ref.registry, `listing the tags of ${repository}`);
    const link = header(res.headers, 'link');
    const body = await readBounded(res, 16 * 1024 * 1024, 'tag list');
    let parsed;
    try {
      parsed = z.object({ tags: z.array(z.string().max(128)).nullable() }).parse(JSON.parse(body.toString('utf8')));
    } catch {
      throw registryError(
        'registry-bad-response',
        `${client.ref.registry}: the tag list of ${repository} is not as the distribution spec writes it`,
      );
    }
    const page = parsed.tags ?? [];
    tags.push(...page);
    const m = link ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(link) : null;
    next = m && page.length > 0 ? m[1]! : null;
  }
  return tags;
}

import { registryBundleSchema, type RegistryBundle, type RegistryListing } from '../../common/schemas/registry';
import type { Store } from '../store/store';
import { verifyAttestationInStore } from '../governance/attestation-store';
import { approvalPredicateSchema } from '../governance/attestation';
import { readIdentity } from '../governance/local-identity';
import { readTeam } from '../governance/team-store';
import { bundleExists } from '../store/repos/bundles-repo';
import { ANNOTATION, BUNDLE_ARTIFACT, BUNDLE_LAYER } from '../registry/manifest';
import { ManifestCache, listedManifest, manifestByDigest } from '../registry/manifest-cache';
import { formatReference, parseReference } from '../registry/reference';
import { fetchSmallArtifact, listReferrers, listTags, type ReferrersContext } from '../registry/referrers';
import { openRegistry } from '../registry/session';
import type { RegistryClient } from '../registry/client';
import type { RegistryCallOptions } from './registry-bundles';
import { DECISION_ARTIFACT, DECISION_LAYER } from './registry-sync';

const MAX_DECISION_BYTES = 1024 * 1024;
const CONCURRENCY = 16;

async function mapLimit<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      signal?.throwIfAborted();
      const i = next++;
      out[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return out;
}

/**
 * `provdesk registry list REPO`: the repository's bundles (every tag whose manifest is a bundle artifact; one row
 * per manifest), newest first, each with its state from the decisions that refer to it, verified against this store's
 * team (a decision that does not verify is counted apart and never in the state). 16 requests in flight. Without a
 * store (`store` null) there is no team to verify decisions against: every bundle's state is `unverified`, its
 * decisions counted (not fetched) in `unverifiedDecisions`, and nothing is kept.
 */
export async function listRegistry(
  store: Store | null,
  repository: string,
  options: RegistryCallOptions,
): Promise<RegistryListing> {
  const ref = parseReference(repository, { requireRepositoryOnly: true });
  const { client } = await openRegistry(ref, options);
  const repo = ref.repository;
  const allTags = await listTags(client, repo);
  const referrers: ReferrersContext = { api: null, tags: new Set(allTags) };
  const tags = allTags.filter((t) => !t.startsWith('ckpt-') && !/^sha256-[0-9a-f]{64}$/.test(t));
  // Manifests are kept by digest in the store folder: a repeat listing fetches only the ones it has not seen.
  const cache = store ? ManifestCache.inStore(store.dir) : new ManifestCache(null);
  const manifests = await mapLimit(
    tags,
    CONCURRENCY,
    async (tag) => ({ tag, found: await listedManifest(client, repo, tag, cache, tags.length).catch(() => null) }),
    options.signal,
  );
  const byDigest = new Map<string, { tags: string[]; found: NonNullable<(typeof manifests)[number]['found']> }>();
  let skipped = 0;
  for (const { tag, found } of manifests) {
    if (!found || (found.manifest.artifactType ?? found.manifest.config.mediaType) !== BUNDLE_ARTIFACT) {
      skipped++;
      continue;
    }
    const seen = byDigest.get(found.digest);
    if (seen) seen.tags.push(tag);
    else byDigest.set(found.digest, { tags: [tag], found });
  }
  const quorum = store ? (readTeam(store)?.team.quorum ?? 1) : 1;
  const local = store ? readIdentity(store) : null;
  const named = formatReference(ref);
  const bundles = await mapLimit(
    [...byDigest.entries()],
    CONCURRENCY,
    async ([digest, { tags: names, found }]) => {
      const a = found.manifest.annotations ?? {};
      const bundleDigest = /^[0-9a-f]{64}$/.test(a[ANNOTATION.bundleDigest] ?? '') ? a[ANNOTATION.bundleDigest]! : null;
      const layer = found.manifest.layers.find((l) => l.mediaType === BUNDLE_LAYER);
      const decisions = !bundleDigest
        ? { approvedBy: [], rejectedBy: [], reproducedBy: [], unverified: 0 }
        : store
          ? await decisionsOf(store, client, repo, digest, bundleDigest, local, referrers, cache)
          : {
              approvedBy: [],
              rejectedBy: [],
              reproducedBy: [],
              unverified: (await listReferrers(client, repo, digest, DECISION_ARTIFACT, referrers)).length,
            };
      const state: RegistryBundle['state'] = !store
        ? 'unverified'
        : decisions.rejectedBy.length > 0
          ? 'rejected'
          : decisions.approvedBy.length >= quorum
            ? 'approved'
            : decisions.reproducedBy.length > 0
              ? 'reproduced'
              : 'pending';
      const tag = names.find((t) => bundleDigest?.startsWith(t)) ?? names[0]!;
      return registryBundleSchema.parse({
        reference: `${named}:${tag}`,
        tags: names.sort(),
        manifestDigest: digest,
        bundleDigest,
        name: a[ANNOTATION.title]?.slice(0, 500) ?? null,
        signer: a[ANNOTATION.authors]?.slice(0, 300) ?? null,
        size: layer?.size ?? 0,
        pushedAt: a[ANNOTATION.created]?.slice(0, 40) ?? null,
        state,
        reproducedBy: decisions.reproducedBy,
        approvedBy: decisions.approvedBy,
        rejectedBy: decisions.rejectedBy,
        unverifiedDecisions: decisions.unverified,
        inStore: store !== null && bundleDigest !== null && bundleExists(store, bundleDigest),
      });
    },
    options.signal,
  );
  cache.save();
  bundles.sort((x, y) => (y.pushedAt ?? '').localeCompare(x.pushedAt ?? '') || x.reference.localeCompare(y.reference));
  return { repository: named, bundles, tags: tags.length, skipped, verified: store !== null };
}

async function decisionsOf(
  store: Store,
  client: RegistryClient,
  repo: string,
  subject: string,
  bundleDigest: string,
  local: ReturnType<typeof readIdentity>,
  context: ReferrersContext,
  cache: ManifestCache,
) {
  const approvedBy = new Set<string>();
  const rejectedBy = new Set<string>();
  const reproducedBy = new Set<string>();
  let unverified = 0;
  for (const d of await listReferrers(client, repo, subject, DECISION_ARTIFACT, context)) {
    const artifact = await manifestByDigest(client, repo, d.digest, cache).catch(() => null);
    if (!artifact) continue;
    let bytes: Buffer;
    try {
      bytes = await fetchSmallArtifact(client, repo, artifact.manifest, DECISION_LAYER, MAX_DECISION_BYTES);
    } catch {
      unverified++;
      continue;
    }
    const report = verifyAttestationInStore(
      store,
      bytes,
      local,
      bundleExists(store, bundleDigest) ? { digest: bundleDigest } : { digest: bundleDigest, files: [] },
    );
    const predicate = approvalPredicateSchema.safeParse(report.predicate);
    if (!report.valid || !report.signer || !predicate.success || report.bundleDigest !== bundleDigest) {
      unverified++;
      continue;
    }
    const who = report.signer.email;
    if (predicate.data.replay?.verdict === 'reproduced') reproducedBy.add(who);
    if (predicate.data.decision === 'approve') approvedBy.add(who);
    else rejectedBy.add(who);
  }
  return {
    approvedBy: [...approvedBy].sort(),
    rejectedBy: [...rejectedBy].sort(),
    reproducedBy: [...reproducedBy].sort(),
    unverified,
  };
}

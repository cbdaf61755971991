import type { Problem } from '../../common/problem';
import type { Checkpoint } from '../../common/schemas/audit';
import type { Store } from '../store/store';
import { appendAudit, scanChain } from '../audit/audit-log';
import { canonicalJson } from '../audit/canonical-json';
import { sha256Hex } from '../audit/audit-chain';
import { checkpointSignatureProblem, signCheckpoint } from '../audit/audit-export';
import { checkpointProblem, parseCheckpoint } from '../audit/checkpoints';
import type { StoreSigningKey } from '../audit/store-key';
import { existingStoreKeyId } from '../audit/store-key';
import { listApprovals } from '../governance/approvals';
import { envelopeSha256, importDecision } from '../governance/import-decision';
import { bundleExists } from '../store/repos/bundles-repo';
import {
  forkExists,
  insertFork,
  insertWitness,
  listForks,
  witnessBySha256,
  witnessesOf,
  type Fork,
} from '../store/repos/witnesses-repo';
import type { RegistryClient } from '../registry/client';
import { forkBetween } from '../registry/forks';
import { getManifest, OCI_MANIFEST } from '../registry/manifest';
import { parseReference, formatReference } from '../registry/reference';
import {
  fetchSmallArtifact,
  listReferrers,
  listTags,
  pushReferrer,
  type ReferrersContext,
} from '../registry/referrers';
import { openRegistry } from '../registry/session';
import { pushSmallBlob } from '../registry/blobs';
import { EMPTY_CONFIG, EMPTY_CONFIG_BYTES, manifestBytes, putManifest, type Manifest } from '../registry/manifest';
import type { RegistryCallOptions } from './registry-bundles';

export const DECISION_ARTIFACT = 'application/vnd.provenance-desk.decision.v1';
export const DECISION_LAYER = 'application/vnd.dsse.envelope.v1+json';
export const CHECKPOINT_ARTIFACT = 'application/vnd.provenance-desk.checkpoint.v1';
export const CHECKPOINT_LAYER = 'application/vnd.provenance-desk.checkpoint.v1+json';
const DECISION_SHA = 'org.provenance-desk.decision.sha256';
const MAX_DECISION_BYTES = 1024 * 1024;
const MAX_CHECKPOINT_BYTES = 64 * 1024;

export interface SyncOptions extends RegistryCallOptions {
  /** The store key, to sign and push a checkpoint of this store's head; null pushes none. */
  key: StoreSigningKey | null;
}

export interface RegistryChainCheck {
  checked: number; // this store's checkpoints found in the registry
  holding: number;
  problems: Problem[];
}

export interface SyncResult {
  repository: string;
  pushedDecisions: number;
  pushedCheckpoint: { reference: string; entries: number; head: string } | null;
  importedDecisions: number;
  refusedDecisions: { bundleDigest: string; problems: Problem[] }[];
  unpublished: string[]; // bundles with decisions whose bundle is not in the repository (push them first)
  witnesses: number; // teammates' checkpoints newly kept
  forks: Fork[]; // found by this sync
  chain: RegistryChainCheck; // this store's chain against its own checkpoints in the registry
}

const checkpointTag = (c: Checkpoint) => `ckpt-${c.storeId}-${c.entries}-${c.head.slice(0, 12)}`;

/**
 * `provdesk sync REPO`: pushes this store's decisions (as referrers of their bundle's manifest) and a signed
 * checkpoint of its audit head; pulls teammates' decisions (verified and imported as `attestation import` does:
 * quorum, module owners) and their checkpoints, kept as witnesses, each compared with what was seen of that store
 * before (a fork is recorded and audited); and checks this store's chain against its own checkpoints there.
 */
export async function syncRegistry(store: Store, repository: string, options: SyncOptions): Promise<SyncResult> {
  const ref = parseReference(repository, { requireRepositoryOnly: true });
  const { client } = await openRegistry(ref, options);
  const repo = ref.repository;
  const named = formatReference(ref);
  const tags = await listTags(client, repo);
  const tagSet = new Set(tags);
  // The referrers tag of a subject without one in the tag list is not asked for (Distribution 2.8: no API).
  const referrersContext: ReferrersContext = { api: null, tags: tagSet };
  const result: SyncResult = {
    repository: named,
    pushedDecisions: 0,
    pushedCheckpoint: null,
    importedDecisions: 0,
    refusedDecisions: [],
    unpublished: [],
    witnesses: 0,
    forks: [],
    chain: { checked: 0, holding: 0, problems: [] },
  };

  // Decisions, bundle by bundle: only bundles published under their default tag can carry referrers.
  const local = listApprovals(store);
  const byBundle = new Map<string, typeof local>();
  for (const r of local) byBundle.set(r.bundleDigest, [...(byBundle.get(r.bundleDigest) ?? []), r]);
  const published = tags.filter((t) => /^[0-9a-f]{16}$/.test(t));
  for (const digest of byBundle.keys()) if (!tagSet.has(digest.slice(0, 16))) result.unpublished.push(digest);
  for (const tag of published) {
    options.signal?.throwIfAborted();
    const found = await getManifest(client, repo, tag);
    const bundleDigest = found?.manifest.annotations?.['org.provenance-desk.bundle.digest'];
    if (!found || !bundleDigest || !bundleDigest.startsWith(tag)) continue;
    const subject = { mediaType: OCI_MANIFEST, digest: found.digest, size: found.bytes.length };
    const referrers = await listReferrers(client, repo, found.digest, DECISION_ARTIFACT, referrersContext);
    const remote = new Set(referrers.map((d) => d.annotations?.[DECISION_SHA]).filter(Boolean));
    const mine = byBundle.get(bundleDigest) ?? [];
    for (const record of mine) {
      const sha = envelopeSha256(record.envelope);
      if (remote.has(sha)) continue;
      await pushReferrer(client, repo, subject, {
        artifactType: DECISION_ARTIFACT,
        mediaType: DECISION_LAYER,
        bytes: Buffer.from(JSON.stringify(record.envelope)),
        annotations: {
          [DECISION_SHA]: sha,
          'org.provenance-desk.bundle.digest': bundleDigest,
          'org.opencontainers.image.authors': record.approver.email.slice(0, 300),
        },
      });
      result.pushedDecisions++;
    }
    if (!bundleExists(store, bundleDigest)) continue; // a teammate's decision needs the bundle here: pull it first
    const have = new Set(mine.map((r) => envelopeSha256(r.envelope)));
    for (const d of referrers) {
      const hinted = d.annotations?.[DECISION_SHA];
      if (hinted && have.has(hinted)) continue;
      const artifact = await getManifest(client, repo, d.digest);
      if (!artifact) continue;
      const bytes = await fetchSmallArtifact(client, repo, artifact.manifest, DECISION_LAYER, MAX_DECISION_BYTES);
      const imported = importDecision(store, bytes, options.actor);
      if (imported.imported) result.importedDecisions++;
      else if (!imported.problems.some((p) => p.code === 'approval-import-duplicate'))
        result.refusedDecisions.push({ bundleDigest, problems: imported.problems });
    }
  }

  // Checkpoints: every store's, from their tags; this store's checked against its chain, teammates' witnessed.
  const own: Checkpoint[] = [];
  const ownKey = existingStoreKeyId(store.dir);
  for (const tag of tags.filter((t) => t.startsWith('ckpt-'))) {
    options.signal?.throwIfAborted();
    const found = await getManifest(client, repo, tag);
    if (!found || found.manifest.artifactType !== CHECKPOINT_ARTIFACT) continue;
    const bytes = await fetchSmallArtifact(client, repo, found.manifest, CHECKPOINT_LAYER, MAX_CHECKPOINT_BYTES);
    const { checkpoint } = parseCheckpoint(bytes);
    // unsigned, forged or misfiled: not evidence
    if (!checkpoint || checkpointSignatureProblem(checkpoint) || checkpointTag(checkpoint) !== tag) continue;
    if (checkpoint.storeId === store.storeId) {
      if (!ownKey || checkpoint.keyId === ownKey) own.push(checkpoint);
      else
        result.chain.problems.push({
          code: 'checkpoint-key-untrusted',
          message: `${named}:${tag} claims to be this store's checkpoint but is signed by key ${checkpoint.keyId.slice(0, 16)}…, not this store's key`,
        });
      continue;
    }
    const forks = keepWitness(store, checkpoint, `${named}:${tag}`, options.actor);
    if (forks.witnessed) result.witnesses++;
    result.forks.push(...forks.found);
  }
  const checked = checkOwnChain(store, own);
  result.chain = { ...checked, problems: [...result.chain.problems, ...checked.problems] };

  // This store's head, signed and pushed last (after the decisions it imported were audited).
  if (options.key) {
    const report = scanChain(store).checker.report();
    const checkpoint = signCheckpoint(
      store,
      options.key,
      report.entries,
      report.head,
      (options.now ?? (() => new Date()))(),
    );
    if (!tagSet.has(checkpointTag(checkpoint))) {
      await pushCheckpoint(client, repo, checkpoint);
      result.pushedCheckpoint = {
        reference: `${named}:${checkpointTag(checkpoint)}`,
        entries: checkpoint.entries,
        head: checkpoint.head,
      };
    }
  }
  store.transaction((tx) => {
    appendAudit(tx, {
      actor: options.actor,
      action: 'registry.sync',
      subject: named,
      details: {
        pushedDecisions: result.pushedDecisions,
        importedDecisions: result.importedDecisions,
        refusedDecisions: result.refusedDecisions.length,
        witnesses: result.witnesses,
        forks: result.forks.length,
        checkpoint: result.pushedCheckpoint,
        chainProblems: result.chain.problems.length,
      },
    });
  });
  return result;
}

async function pushCheckpoint(client: RegistryClient, repo: string, checkpoint: Checkpoint): Promise<void> {
  const bytes = Buffer.from(canonicalJson(checkpoint), 'utf8');
  await pushSmallBlob(client, repo, EMPTY_CONFIG_BYTES);
  const blob = await pushSmallBlob(client, repo, bytes);
  const manifest: Manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    artifactType: CHECKPOINT_ARTIFACT,
    config: { ...EMPTY_CONFIG },
    layers: [{ mediaType: CHECKPOINT_LAYER, digest: blob, size: bytes.length }],
    annotations: {
      'org.provenance-desk.store.id': checkpoint.storeId,
      'org.provenance-desk.checkpoint.entries': String(checkpoint.entries),
      'org.provenance-desk.checkpoint.head': checkpoint.head,
      'org.provenance-desk.checkpoint.keyid': checkpoint.keyId,
      'org.opencontainers.image.created': checkpoint.time,
    },
  };
  await putManifest(client, repo, checkpointTag(checkpoint), manifestBytes(manifest));
}

/** A teammate's checkpoint kept as a witness (once), compared with every earlier one of that store. */
function keepWitness(
  store: Store,
  checkpoint: Checkpoint,
  reference: string,
  actor: string,
): { witnessed: boolean; found: Fork[] } {
  const json = canonicalJson(checkpoint);
  const sha256 = sha256Hex(json);
  if (witnessBySha256(store, sha256)) return { witnessed: false, found: [] };
  return store.transaction((tx) => {
    const earlier = witnessesOf(tx, checkpoint.storeId);
    insertWitness(tx, { sha256, checkpoint, reference, seenAt: tx.now().toISOString() }, json);
    const found: Fork[] = [];
    for (const w of earlier) {
      const fork = forkBetween(w.checkpoint, checkpoint);
      if (!fork) continue;
      const [e, l] = fork.earlier === checkpoint ? [sha256, w.sha256] : [w.sha256, sha256];
      if (forkExists(tx, e, l)) continue;
      const entry = appendAudit(tx, {
        actor,
        action: 'registry.fork',
        subject: checkpoint.storeId,
        details: {
          kind: fork.kind,
          keyId: checkpoint.keyId,
          earlier: { entries: fork.earlier.entries, head: fork.earlier.head, time: fork.earlier.time },
          later: { entries: fork.later.entries, head: fork.later.head, time: fork.later.time },
          reference,
        },
      });
      const row = {
        storeId: checkpoint.storeId,
        kind: fork.kind,
        earlierSha256: e,
        laterSha256: l,
        message: fork.message,
        detectedAt: tx.now().toISOString(),
        auditSeq: entry.seq,
      };
      insertFork(tx, row);
      found.push({ id: 0, ...row });
    }
    // ids as stored
    const stored = listForks(tx);
    return {
      witnessed: true,
      found: found.map(
        (f) => stored.find((s) => s.earlierSha256 === f.earlierSha256 && s.laterSha256 === f.laterSha256) ?? f,
      ),
    };
  });
}

/** This store's chain against its own checkpoints found in the registry: a cut or rewritten history shows here. */
export function checkOwnChain(store: Store, checkpoints: Checkpoint[]): RegistryChainCheck {
  if (checkpoints.length === 0) return { checked: 0, holding: 0, problems: [] };
  const { checker, hashes } = scanChain(
    store,
    checkpoints.map((c) => c.entries),
  );
  const firstBad = checker.report().firstBadSeq;
  const problems: Problem[] = [];
  for (const c of [...checkpoints].sort((a, b) => a.entries - b.entries)) {
    const problem = checkpointProblem(c, hashes.get(c.entries) ?? null, checker.lastSeq, firstBad);
    if (problem) problems.push({ ...problem, message: `registry ${problem.message}` });
  }
  return { checked: checkpoints.length, holding: checkpoints.length - problems.length, problems };
}

/** `audit verify --registry REPO`: this store's checkpoints in the repository, checked against its chain. */
export async function verifyAgainstRegistry(
  store: Store,
  repository: string,
  options: RegistryCallOptions,
): Promise<RegistryChainCheck> {
  const ref = parseReference(repository, { requireRepositoryOnly: true });
  const { client } = await openRegistry(ref, options);
  const ownKey = existingStoreKeyId(store.dir);
  const prefix = `ckpt-${store.storeId}-`;
  const own: Checkpoint[] = [];
  for (const tag of (await listTags(client, ref.repository)).filter((t) => t.startsWith(prefix))) {
    const found = await getManifest(client, ref.repository, tag);
    if (!found || found.manifest.artifactType !== CHECKPOINT_ARTIFACT) continue;
    const { checkpoint } = parseCheckpoint(
      await fetchSmallArtifact(client, ref.repository, found.manifest, CHECKPOINT_LAYER, MAX_CHECKPOINT_BYTES),
    );
    if (!checkpoint || checkpointSignatureProblem(checkpoint) || checkpointTag(checkpoint) !== tag) continue;
    if (ownKey && checkpoint.keyId !== ownKey) continue;
    own.push(checkpoint);
  }
  return checkOwnChain(store, own);
}

/** Every fork this store has recorded between a teammate store's checkpoints. */
export function recordedForks(store: Store): Fork[] {
  return listForks(store);
}

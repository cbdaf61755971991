import type { Problem } from '../../common/problem';
import { CodedError } from '../../common/result';
import type { SyncProgress } from '../../common/schemas/registry';
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
import { parseReference, formatReference, type RegistryReference } from '../registry/reference';
import {
  fetchSmallArtifact,
  listReferrers,
  listTags,
  pushReferrer,
  type ReferrerDescriptor,
  type ReferrersContext,
} from '../registry/referrers';
import { openRegistry } from '../registry/session';
import { pushSmallBlob, type Descriptor } from '../registry/blobs';
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
  /** Each step as it goes (the app's sync job, the CLI's progress line). */
  onSyncProgress?: (p: SyncProgress) => void;
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
  const named = formatReference(ref);
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
  let step: SyncProgress['step'] = 'reading';
  const report = (next: SyncProgress['step'], done: number, total: number) => {
    step = next;
    options.onSyncProgress?.({
      step,
      done,
      total,
      pushedDecisions: result.pushedDecisions,
      importedDecisions: result.importedDecisions,
      witnesses: result.witnesses,
      text: syncStepText(step, done, total),
    });
  };
  try {
    await syncSteps(store, ref, named, result, options, report);
  } catch (e) {
    if (!options.signal?.aborted) throw e;
    // Cancelled between (or during) requests: each import and witness was its own transaction, so what is kept is
    // whole; the audit log says how far the sync got.
    const summary = cancelledSummary(step, result);
    store.transaction((tx) => {
      appendAudit(tx, {
        actor: options.actor,
        action: 'registry.sync',
        subject: named,
        details: { ...auditCounts(result), cancelled: true, step },
      });
    });
    throw new CodedError('cancelled', `Sync cancelled after ${summary}`, {
      pushedDecisions: result.pushedDecisions,
      importedDecisions: result.importedDecisions,
      witnesses: result.witnesses,
    });
  }
  store.transaction((tx) => {
    appendAudit(tx, { actor: options.actor, action: 'registry.sync', subject: named, details: auditCounts(result) });
  });
  report('done', 1, 1);
  return result;
}

function auditCounts(result: SyncResult) {
  return {
    pushedDecisions: result.pushedDecisions,
    importedDecisions: result.importedDecisions,
    refusedDecisions: result.refusedDecisions.length,
    witnesses: result.witnesses,
    forks: result.forks.length,
    checkpoint: result.pushedCheckpoint,
    chainProblems: result.chain.problems.length,
  };
}

/** What a person reads while a sync runs (the app's job, the CLI's progress line). */
export function syncStepText(step: SyncProgress['step'], done: number, total: number): string {
  switch (step) {
    case 'reading':
      return total > 0 ? `Reading the published bundles: ${done} of ${total}` : 'Reading the repository’s tags';
    case 'pushing-decisions':
      return `Pushing this store’s decisions: ${done} of ${total}`;
    case 'pulling-decisions':
      return `Pulling teammates’ decisions: ${done} of ${total}`;
    case 'checkpoints':
      return `Reading checkpoints (witnesses): ${done} of ${total}`;
    case 'pushing-checkpoint':
      return 'Pushing this store’s checkpoint';
    case 'done':
      return 'Synced';
  }
}

function cancelledSummary(step: SyncProgress['step'], r: SyncResult): string {
  const where: Record<SyncProgress['step'], string> = {
    reading: 'reading the repository',
    'pushing-decisions': 'pushing decisions',
    'pulling-decisions': 'pulling teammates’ decisions',
    checkpoints: 'reading checkpoints',
    'pushing-checkpoint': 'pushing the checkpoint',
    done: 'the end',
  };
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  return (
    `${where[step]}: ${n(r.pushedDecisions, 'decision', 'decisions')} pushed, ` +
    `${n(r.importedDecisions, 'teammate decision', 'teammate decisions')} imported, ` +
    `${n(r.witnesses, 'witness', 'witnesses')} kept; what was imported is kept whole, nothing else was written`
  );
}

async function syncSteps(
  store: Store,
  ref: RegistryReference,
  named: string,
  result: SyncResult,
  options: SyncOptions,
  report: (step: SyncProgress['step'], done: number, total: number) => void,
): Promise<void> {
  const signal = options.signal;
  report('reading', 0, 0);
  const { client } = await openRegistry(ref, options);
  const repo = ref.repository;
  const tags = await listTags(client, repo);
  const tagSet = new Set(tags);
  // The referrers tag of a subject without one in the tag list is not asked for (Distribution 2.8: no API).
  const referrersContext: ReferrersContext = { api: null, tags: tagSet };

  // Decisions, bundle by bundle: only bundles published under their default tag can carry referrers.
  const local = listApprovals(store);
  const byBundle = new Map<string, typeof local>();
  for (const r of local) byBundle.set(r.bundleDigest, [...(byBundle.get(r.bundleDigest) ?? []), r]);
  const published = tags.filter((t) => /^[0-9a-f]{16}$/.test(t));
  for (const digest of byBundle.keys()) if (!tagSet.has(digest.slice(0, 16))) result.unpublished.push(digest);
  // First what is there (each published bundle's manifest and its decisions), so each step below knows its total.
  const bundles: {
    bundleDigest: string;
    subject: Descriptor;
    referrers: ReferrerDescriptor[];
    mine: typeof local;
  }[] = [];
  for (const [i, tag] of published.entries()) {
    report('reading', i, published.length);
    signal?.throwIfAborted();
    const found = await getManifest(client, repo, tag);
    const bundleDigest = found?.manifest.annotations?.['org.provenance-desk.bundle.digest'];
    if (!found || !bundleDigest || !bundleDigest.startsWith(tag)) continue;
    const subject = { mediaType: OCI_MANIFEST, digest: found.digest, size: found.bytes.length };
    const referrers = await listReferrers(client, repo, found.digest, DECISION_ARTIFACT, referrersContext);
    bundles.push({ bundleDigest, subject, referrers, mine: byBundle.get(bundleDigest) ?? [] });
  }

  const toPush = bundles.flatMap((b) => {
    const remote = new Set(b.referrers.map((d) => d.annotations?.[DECISION_SHA]).filter(Boolean));
    return b.mine
      .map((record) => ({ b, record, sha: envelopeSha256(record.envelope) }))
      .filter((p) => !remote.has(p.sha));
  });
  for (const [i, { b, record, sha }] of toPush.entries()) {
    report('pushing-decisions', i, toPush.length);
    signal?.throwIfAborted();
    await pushReferrer(client, repo, b.subject, {
      artifactType: DECISION_ARTIFACT,
      mediaType: DECISION_LAYER,
      bytes: Buffer.from(JSON.stringify(record.envelope)),
      annotations: {
        [DECISION_SHA]: sha,
        'org.provenance-desk.bundle.digest': b.bundleDigest,
        'org.opencontainers.image.authors': record.approver.email.slice(0, 300),
      },
    });
    result.pushedDecisions++;
  }
  if (toPush.length > 0) report('pushing-decisions', toPush.length, toPush.length);

  // A teammate's decision needs the bundle here: pull it first.
  const toPull = bundles
    .filter((b) => bundleExists(store, b.bundleDigest))
    .flatMap((b) => {
      const have = new Set(b.mine.map((r) => envelopeSha256(r.envelope)));
      return b.referrers
        .filter((d) => {
          const hinted = d.annotations?.[DECISION_SHA];
          return !(hinted && have.has(hinted));
        })
        .map((d) => ({ bundleDigest: b.bundleDigest, d }));
    });
  for (const [i, { bundleDigest, d }] of toPull.entries()) {
    report('pulling-decisions', i, toPull.length);
    signal?.throwIfAborted();
    const artifact = await getManifest(client, repo, d.digest);
    if (!artifact) continue;
    const bytes = await fetchSmallArtifact(client, repo, artifact.manifest, DECISION_LAYER, MAX_DECISION_BYTES);
    // Between the fetch and the store nothing is awaited: a cancel lands before it or after it, never inside.
    signal?.throwIfAborted();
    const imported = importDecision(store, bytes, options.actor);
    if (imported.imported) result.importedDecisions++;
    else if (!imported.problems.some((p) => p.code === 'approval-import-duplicate'))
      result.refusedDecisions.push({ bundleDigest, problems: imported.problems });
  }
  if (toPull.length > 0) report('pulling-decisions', toPull.length, toPull.length);

  // Checkpoints: every store's, from their tags; this store's checked against its chain, teammates' witnessed.
  const own: Checkpoint[] = [];
  const ownKey = existingStoreKeyId(store.dir);
  const checkpointTags = tags.filter((t) => t.startsWith('ckpt-'));
  for (const [i, tag] of checkpointTags.entries()) {
    report('checkpoints', i, checkpointTags.length);
    signal?.throwIfAborted();
    const found = await getManifest(client, repo, tag);
    if (!found || found.manifest.artifactType !== CHECKPOINT_ARTIFACT) continue;
    const bytes = await fetchSmallArtifact(client, repo, found.manifest, CHECKPOINT_LAYER, MAX_CHECKPOINT_BYTES);
    signal?.throwIfAborted();
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
  if (checkpointTags.length > 0) report('checkpoints', checkpointTags.length, checkpointTags.length);
  const checked = checkOwnChain(store, own);
  result.chain = { ...checked, problems: [...result.chain.problems, ...checked.problems] };

  // This store's head, signed and pushed last (after the decisions it imported were audited).
  if (options.key) {
    report('pushing-checkpoint', 0, 1);
    signal?.throwIfAborted();
    const head = scanChain(store).checker.report();
    const checkpoint = signCheckpoint(
      store,
      options.key,
      head.entries,
      head.head,
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

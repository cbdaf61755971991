import type { Problem } from '../../common/problem';
import type { AuditCode } from '../../common/problem-codes';
import {
  type ChainReport,
  type Checkpoint,
  type CheckpointImportResult,
  type CheckpointStatus,
  type KeptCheckpoint,
  checkpointSchema,
} from '../../common/schemas/audit';
import { parseJsonSafely } from '../bundle/safe-json';
import type { ReadApi, Store } from '../store/store';
import { type ChainChecker, sha256Hex } from './audit-chain';
import { checkpointSignatureProblem } from './audit-export';
import { appendAudit, scanChain } from './audit-log';
import { canonicalJson } from './canonical-json';
import {
  insertCheckpoint,
  keptCheckpointBySha256,
  keptCheckpoints,
  nextCheckpointId,
} from '../store/repos/audit-checkpoints-repo';

/**
 * Kept checkpoints (THREATS 27): a signed head from an earlier export, imported back, so every later
 * verification of the store proves no entry up to it was cut or rewritten since. A checkpoint is kept only
 * when it is this store's, signed by a trusted key, and the store still holds it.
 */

export const MAX_CHECKPOINT_BYTES = 64 * 1024;

/** Text (pasted, read from a file) or an already parsed object → a checkpoint, or one clear problem. */
export function parseCheckpoint(raw: unknown): { checkpoint: Checkpoint | null; problems: Problem[] } {
  const invalid = (message: string): { checkpoint: null; problems: Problem[] } => ({
    checkpoint: null,
    problems: [{ code: 'checkpoint-invalid', message }],
  });
  let value: unknown = raw;
  if (typeof raw === 'string' || raw instanceof Uint8Array) {
    if (typeof raw === 'string' ? raw.trim() === '' : raw.byteLength === 0)
      return invalid('the checkpoint is empty: paste it or choose its file');
    const json = parseJsonSafely(raw, { maxBytes: MAX_CHECKPOINT_BYTES }, 'checkpoint');
    if (!json.ok) return invalid(`not valid JSON: ${json.problem.message}`);
    value = json.value;
  } else if (JSON.stringify(raw ?? null).length > MAX_CHECKPOINT_BYTES) {
    return invalid(`larger than ${MAX_CHECKPOINT_BYTES} bytes: not an audit checkpoint`);
  }
  const parsed = checkpointSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(the document)'}: ${i.message}`);
    return invalid(`not an audit checkpoint (the .checkpoint.json written beside an export): ${issues.join('; ')}`);
  }
  return { checkpoint: parsed.data, problems: [] };
}

/**
 * Keys a checkpoint may be signed with, key id → who holds it: this store's own and the team's current member keys.
 * The team is governance's, above this module: governance/checkpoint-signers.ts gathers them and callers pass them in.
 */
export type CheckpointSigners = Map<string, string>;

/** Why a checkpoint cannot speak for this store (bad signature, another store, untrusted key), or null. */
export function checkpointTrustProblem(
  store: Pick<Store, 'storeId'>,
  c: Checkpoint,
  signers: CheckpointSigners,
): Problem | null {
  const sig = checkpointSignatureProblem(c);
  if (sig) return { code: 'checkpoint-signature-invalid', message: `the checkpoint's signature does not hold: ${sig}` };
  if (c.storeId !== store.storeId) {
    return {
      code: 'checkpoint-other-store',
      message: `the checkpoint is of another store (${c.storeId}), not this one (${store.storeId})`,
      expected: store.storeId,
      actual: c.storeId,
    };
  }
  if (!signers.has(c.keyId)) {
    return {
      code: 'checkpoint-key-untrusted',
      message: `the checkpoint is signed by key ${c.keyId.slice(0, 16)}…, which is neither this store's key nor a team member's`,
      actual: c.keyId,
    };
  }
  return null;
}

/**
 * The store against one checkpoint, from a scan: entry #entries must be there with the recorded hash, and the
 * chain up to it must verify (else the hash proves nothing). `chainFirstBad` is the scan's first bad entry.
 */
export function checkpointProblem(
  c: Pick<Checkpoint, 'entries' | 'head' | 'time'>,
  hashAt: string | null,
  lastSeq: number,
  chainFirstBad: number | null,
): (Problem & { code: AuditCode }) | null {
  const n = c.entries;
  const of = `the checkpoint of ${c.time} (entry #${n})`;
  if (n > 0 && hashAt === null) {
    return {
      code: 'audit-tail-cut',
      message: `${of}: entry #${n} is missing, the log was cut after #${lastSeq}`,
      seq: n,
    };
  }
  if (n > 0 && hashAt !== c.head) {
    return {
      code: 'checkpoint-head-mismatch',
      message: `${of}: entry #${n} does not have the recorded hash, the log was rewritten`,
      seq: n,
      expected: c.head,
      actual: hashAt ?? '',
    };
  }
  if (chainFirstBad !== null && chainFirstBad <= n) {
    return {
      code: 'checkpoint-chain-broken',
      message: `${of}: the chain is broken at entry #${chainFirstBad}, below the checkpoint`,
      seq: chainFirstBad,
    };
  }
  return null;
}

/** Every kept checkpoint, the one covering fewest entries first. */
export function listCheckpoints(db: ReadApi): KeptCheckpoint[] {
  return keptCheckpoints(db);
}

/** One pass over the chain, checked against `checkpoints`; failures are added to the report's problems. */
function checkAll(
  db: ReadApi,
  checkpoints: { id: number; checkpoint: Pick<Checkpoint, 'entries' | 'head' | 'time'> }[],
): { checker: ChainChecker; results: CheckpointStatus[] } {
  const { checker, hashes } = scanChain(
    db,
    checkpoints.map((k) => k.checkpoint.entries),
  );
  const chainFirstBad = checker.report().firstBadSeq;
  const results = [...checkpoints]
    .sort((a, b) => a.checkpoint.entries - b.checkpoint.entries)
    .map(({ id, checkpoint: c }) => {
      const problem = checkpointProblem(c, hashes.get(c.entries) ?? null, checker.lastSeq, chainFirstBad);
      // A broken chain below is reported already, by the entry that breaks it.
      if (problem && problem.code !== 'checkpoint-chain-broken') {
        const { code, message, ...extra } = problem;
        checker.fail(c.entries, code, message, extra);
      }
      return { id, entries: c.entries, holds: problem === null, problem };
    });
  return { checker, results };
}

/**
 * The store's chain (verifyChain) checked against every kept checkpoint and, for `audit verify --checkpoint`,
 * one more (`extra`, id 0, already trusted by the caller). Adds `checkpoints` to the report.
 */
export function verifyStoreChain(db: ReadApi, options: { extra?: Checkpoint } = {}): ChainReport {
  const kept = listCheckpoints(db);
  const all = [
    ...kept.map((k) => ({ id: k.id, checkpoint: k.checkpoint })),
    ...(options.extra ? [{ id: 0, checkpoint: options.extra }] : []),
  ];
  const { checker, results } = checkAll(db, all);
  const report = checker.report();
  const latest = kept.reduce<KeptCheckpoint | null>(
    (best, k) => (!best || k.checkpoint.entries >= best.checkpoint.entries ? k : best),
    null,
  );
  report.checkpoints = {
    checked: results.length,
    holding: results.filter((r) => r.holds).length,
    latest: latest
      ? { entries: latest.checkpoint.entries, time: latest.checkpoint.time, keyId: latest.checkpoint.keyId }
      : null,
    results,
  };
  return report;
}

const refused = (problems: Problem[], extra: Partial<CheckpointImportResult> = {}): CheckpointImportResult => ({
  imported: false,
  kept: null,
  status: null,
  problems,
  ...extra,
});

/**
 * Keeps a checkpoint (text or parsed JSON) after checking that it is this store's, signed by a trusted key,
 * and that the store still holds it; written with its 'audit.checkpoint.import' entry in one transaction.
 * The same checkpoint again writes nothing and says so.
 */
export function importCheckpoint(
  store: Store,
  raw: unknown,
  actor: string,
  signers: CheckpointSigners,
): CheckpointImportResult {
  const { checkpoint: c, problems } = parseCheckpoint(raw);
  if (!c) return refused(problems);
  const trust = checkpointTrustProblem(store, c, signers);
  if (trust) return refused([trust]);
  const json = canonicalJson(c);
  const sha256 = sha256Hex(json);
  return store.transaction((tx) => {
    const existing = keptCheckpointBySha256(tx, sha256);
    const { results } = checkAll(tx, [{ id: existing?.id ?? 0, checkpoint: c }]);
    const status = results[0]!;
    if (existing) {
      const message = `this checkpoint is already kept (imported ${existing.importedAt} by ${existing.importedBy}): nothing written`;
      return refused([{ code: 'checkpoint-duplicate', message }], { kept: existing, status });
    }
    if (!status.holds) return refused([status.problem!], { status });
    const signer = signers.get(c.keyId)!;
    const importedAt = tx.now().toISOString();
    const id = nextCheckpointId(tx);
    const entry = appendAudit(tx, {
      actor,
      action: 'audit.checkpoint.import',
      subject: `audit/checkpoint/${id}`,
      details: { entries: c.entries, head: c.head, time: c.time, keyId: c.keyId, signer, sha256 },
    });
    const kept: KeptCheckpoint = {
      id,
      checkpoint: c,
      sha256,
      signer,
      importedAt,
      importedBy: actor,
      auditSeq: entry.seq,
    };
    insertCheckpoint(tx, kept, json);
    return { imported: true, kept, status: { ...status, id }, problems: [] };
  });
}

import { z } from 'zod';
import { checkpointSchema, type Checkpoint } from '../../../common/schemas/audit';
import type { ReadApi, Tx } from '../store-api';

/**
 * `registry_witnesses` and `registry_forks`: teammates' checkpoints seen in a registry, and forks found between them.
 */

export interface Witness {
  sha256: string;
  checkpoint: Checkpoint;
  reference: string;
  seenAt: string;
}

export const forkKindSchema = z.enum(['same-entries-other-head', 'lower-entries', 'other-key']);
export const forkSchema = z.object({
  id: z.number().int(),
  storeId: z.string(),
  kind: forkKindSchema,
  earlierSha256: z.string(),
  laterSha256: z.string(),
  message: z.string(),
  detectedAt: z.string(),
  auditSeq: z.number().int(),
});
export type Fork = z.infer<typeof forkSchema>;

interface WitnessRow {
  sha256: string;
  checkpoint_json: string;
  reference: string;
  seen_at: string;
}

const toWitness = (r: WitnessRow): Witness => ({
  sha256: r.sha256,
  checkpoint: checkpointSchema.parse(JSON.parse(r.checkpoint_json)),
  reference: r.reference,
  seenAt: r.seen_at,
});

export function witnessBySha256(db: ReadApi, sha256: string): Witness | null {
  const row = db.get<WitnessRow>(
    'SELECT sha256, checkpoint_json, reference, seen_at FROM registry_witnesses WHERE sha256 = ?',
    [sha256],
  );
  return row ? toWitness(row) : null;
}

/** One store's witnessed checkpoints, oldest signing time first. */
export function witnessesOf(db: ReadApi, storeId: string): Witness[] {
  return db
    .all<WitnessRow>(
      'SELECT sha256, checkpoint_json, reference, seen_at FROM registry_witnesses WHERE store_id = ? ORDER BY time, entries',
      [storeId],
    )
    .map(toWitness);
}

export function allWitnesses(db: ReadApi): Witness[] {
  return db
    .all<WitnessRow>(
      'SELECT sha256, checkpoint_json, reference, seen_at FROM registry_witnesses ORDER BY store_id, time, entries',
    )
    .map(toWitness);
}

export function insertWitness(tx: Tx, w: Witness, canonicalJson: string): void {
  const c = w.checkpoint;
  tx.run(
    'INSERT INTO registry_witnesses (sha256, store_id, key_id, entries, head, time, checkpoint_json, reference, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [w.sha256, c.storeId, c.keyId, c.entries, c.head, c.time, canonicalJson, w.reference, w.seenAt],
  );
}

export function forkExists(db: ReadApi, earlier: string, later: string): boolean {
  return (
    db.get('SELECT 1 AS x FROM registry_forks WHERE earlier_sha256 = ? AND later_sha256 = ?', [earlier, later]) !==
    undefined
  );
}

export function insertFork(tx: Tx, f: Omit<Fork, 'id'>): void {
  tx.run(
    'INSERT INTO registry_forks (store_id, kind, earlier_sha256, later_sha256, message, detected_at, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [f.storeId, f.kind, f.earlierSha256, f.laterSha256, f.message, f.detectedAt, f.auditSeq],
  );
}

interface ForkRow {
  id: number;
  store_id: string;
  kind: string;
  earlier_sha256: string;
  later_sha256: string;
  message: string;
  detected_at: string;
  audit_seq: number;
}

export function listForks(db: ReadApi): Fork[] {
  return db
    .all<ForkRow>(
      'SELECT id, store_id, kind, earlier_sha256, later_sha256, message, detected_at, audit_seq FROM registry_forks ORDER BY id',
    )
    .map((r) =>
      forkSchema.parse({
        id: r.id,
        storeId: r.store_id,
        kind: r.kind,
        earlierSha256: r.earlier_sha256,
        laterSha256: r.later_sha256,
        message: r.message,
        detectedAt: r.detected_at,
        auditSeq: r.audit_seq,
      }),
    );
}

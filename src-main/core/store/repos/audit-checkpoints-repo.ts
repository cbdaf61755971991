import { z } from 'zod';
import { checkpointSchema, keptCheckpointSchema, type KeptCheckpoint } from '../../../common/schemas/audit';
import type { ReadApi, Tx } from '../store-api';

/**
 * `audit_checkpoints`: signed heads of earlier exports imported back, each kept whole with who imported it and when.
 */

interface Row {
  id: number;
  checkpoint_json: string;
  sha256: string;
  signer: string;
  imported_at: string;
  imported_by: string;
  audit_seq: number;
}

const COLUMNS = 'id, checkpoint_json, sha256, signer, imported_at, imported_by, audit_seq';
const storedSchema = keptCheckpointSchema.extend({ sha256: z.string() }); // as stored: the checks judge it

const toKept = (r: Row): KeptCheckpoint =>
  storedSchema.parse({
    id: r.id,
    checkpoint: checkpointSchema.parse(JSON.parse(r.checkpoint_json)),
    sha256: r.sha256,
    signer: r.signer,
    importedAt: r.imported_at,
    importedBy: r.imported_by,
    auditSeq: r.audit_seq,
  });

/** Every kept checkpoint, the one covering fewest entries first. */
export function keptCheckpoints(db: ReadApi): KeptCheckpoint[] {
  return db.all<Row>(`SELECT ${COLUMNS} FROM audit_checkpoints ORDER BY entries, time, id`).map(toKept);
}

/** The checkpoint kept with this canonical-JSON sha256, or null. */
export function keptCheckpointBySha256(db: ReadApi, sha256: string): KeptCheckpoint | null {
  const row = db.get<Row>(`SELECT ${COLUMNS} FROM audit_checkpoints WHERE sha256 = ?`, [sha256]);
  return row ? toKept(row) : null;
}

/** The id the next kept checkpoint takes. */
export function nextCheckpointId(db: ReadApi): number {
  return db.get<{ n: number }>('SELECT COALESCE(MAX(id), 0) + 1 AS n FROM audit_checkpoints')?.n ?? 1;
}

/**
 * Keeps a checkpoint (its canonical JSON and the columns listing and checking read); importedAt is the caller's
 * tx.now().
 */
export function insertCheckpoint(tx: Tx, kept: KeptCheckpoint, canonicalJson: string): void {
  const c = kept.checkpoint;
  tx.run(
    `INSERT INTO audit_checkpoints (id, checkpoint_json, sha256, key_id, signer, entries, head, time, imported_at, imported_by, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      kept.id,
      canonicalJson,
      kept.sha256,
      c.keyId,
      kept.signer,
      c.entries,
      c.head,
      c.time,
      kept.importedAt,
      kept.importedBy,
      kept.auditSeq,
    ],
  );
}

import path from 'node:path';
import { CodedError } from '../../common/result';
import type { ChainReport, Checkpoint, CheckpointImportResult } from '../../common/schemas/audit';
import {
  auditExportEntry,
  exportAudit,
  exportAuditText,
  verifyExportedLog,
  type AuditExportFormat,
} from '../audit/audit-export';
import { checkpointTrustProblem, importCheckpoint, parseCheckpoint } from '../audit/checkpoints';
import { verifyStoreWithMark } from '../audit/store-chain-check';
import {
  existingStoreKeyId,
  protectionWords,
  readStoreKeyPublic,
  unlockStoreKey,
  type StoreSigningKey,
} from '../audit/store-key';
import { checkpointSigners } from '../governance/checkpoint-signers';
import { scryptKeyProtector } from '../keys/key-protector';
import type { Store } from '../store/store';
import { readInputFile } from './input-files';
import { withStoreForVerify } from './store-session';

/** The audit log for every host: export (one way, to a download or a file), verification, checkpoints kept. */

export interface AuditExportRequest {
  format: AuditExportFormat;
  actor: string;
  via: 'app' | 'cli';
}

export interface AuditTextExport {
  content: string;
  checkpoint: Checkpoint;
  entries: number;
  head: string | null;
}

export interface AuditFileExport {
  file: string;
  checkpoint: string; // the .checkpoint.json written beside the log
  entries: number;
  head: string | null;
  keyId: string;
}

/**
 * The one audit export: the chain checked (a log that does not verify is refused, nothing signed), the log written
 * (to `file` beside its checkpoint, or returned as text for the app's download), its head signed with the store key,
 * and the export itself audited ('audit.export') after it, so the entry is not part of what it describes.
 */
export function exportAuditLog(store: Store, key: StoreSigningKey, request: AuditExportRequest): AuditTextExport;
export function exportAuditLog(
  store: Store,
  key: StoreSigningKey,
  request: AuditExportRequest & { file: string },
): AuditFileExport;
export function exportAuditLog(
  store: Store,
  key: StoreSigningKey,
  request: AuditExportRequest & { file?: string },
): AuditTextExport | AuditFileExport {
  const { format, actor, via } = request;
  if (request.file !== undefined) {
    const written = exportAudit(store, { format, file: path.resolve(request.file), key });
    store.transaction((tx) =>
      auditExportEntry(tx, actor, {
        format,
        entries: written.entries,
        head: written.head,
        keyId: written.keyId,
        via,
        file: written.file,
      }),
    );
    return written;
  }
  const out = exportAuditText(store, format, key);
  store.transaction((tx) =>
    auditExportEntry(tx, actor, { format, entries: out.entries, head: out.head, keyId: out.checkpoint.keyId, via }),
  );
  return out;
}

/**
 * The store key unlocked with a passphrase, asked only once it is known to be needed (`fresh`: the key is made, or a
 * plain key of an earlier version encrypted, now). A key kept by the desktop app's keychain, or a wrong passphrase,
 * is the user's to fix (`input`).
 */
export async function unlockStoreKeyWithPassphrase(
  store: Store,
  passphrase: (fresh: boolean) => Promise<string>,
  actor: string,
): Promise<StoreSigningKey> {
  const key = readStoreKeyPublic(store.dir);
  if (key && key.protection !== 'scrypt' && key.protection !== 'plain') {
    throw new CodedError(
      'refused',
      `the store key is kept by ${protectionWords(key.protection)}: export the audit log from the desktop app`,
      { reason: 'key-protection', input: true },
    );
  }
  const given = await passphrase(key === null || key.protection === 'plain');
  try {
    return await unlockStoreKey(store, scryptKeyProtector(given), actor);
  } catch (e) {
    if (e instanceof CodedError && (e.code === 'refused' || e.code === 'invalid-request'))
      throw new CodedError(e.code, e.message, { ...e.details, input: true });
    throw e;
  }
}

/**
 * An exported JSONL log, against its checkpoint when given. `trustKeys`: the key ids allowed to sign the checkpoint
 * (default: the key of the store at `storeDir`, when it has one); with none, the report says it checked less.
 */
export function verifyAuditFile(
  storeDir: string,
  file: string,
  checkpoint: string | undefined,
  trustKeys: string[] | undefined,
): ChainReport {
  const own = existingStoreKeyId(storeDir);
  const trusted = trustKeys ?? (own ? [own] : []);
  const report = verifyExportedLog(
    path.resolve(file),
    checkpoint && path.resolve(checkpoint),
    trusted.length ? { trustedKeyIds: trusted } : {},
  );
  if (checkpoint && trusted.length === 0) {
    // Without a trusted key a forger could re-sign a rewritten log; say so rather than imply more than was checked.
    report.warnings.push({
      code: 'checkpoint-key-not-pinned',
      message:
        'no trusted key: the checkpoint was checked against its own public key only (pass --trust-key or --store)',
    });
  }
  return report;
}

/**
 * The store's chain against its kept checkpoints and the verified-through mark (moved when the store can be opened
 * for writing), plus `checkpointFile` when given: it must be this store's, signed by `trustKeys` (default: the store's
 * key or a team member's), or the report fails on it.
 */
export async function verifyStoreAudit(
  storeDir: string,
  options: {
    checkpointFile?: string;
    trustKeys?: string[];
    also?: (store: Store, report: ChainReport) => Promise<ChainReport>;
  } = {},
): Promise<ChainReport> {
  const extra = options.checkpointFile !== undefined ? readCheckpointFile(options.checkpointFile) : undefined;
  return withStoreForVerify(storeDir, async (store) => {
    const signers = options.trustKeys
      ? new Map(options.trustKeys.map((k) => [k, 'given with --trust-key']))
      : checkpointSigners(store);
    const trust = extra && checkpointTrustProblem(store, extra, signers);
    const report = verifyStoreWithMark(store, trust || !extra ? {} : { extra });
    if (trust) {
      report.problems.unshift(trust);
      report.valid = false;
    }
    // more checks on the same open store (a registry's checkpoints)
    return options.also ? options.also(store, report) : report;
  });
}

/** Keeps a checkpoint file (as written beside an export); `unreadable` when it is no checkpoint at all. */
export function keepCheckpointFile(
  store: Store,
  file: string,
  actor: string,
): CheckpointImportResult & { unreadable: boolean } {
  const result = importCheckpoint(store, readInputFile(file), actor, checkpointSigners(store));
  return { ...result, unreadable: !result.imported && result.problems.some((p) => p.code === 'checkpoint-invalid') };
}

function readCheckpointFile(file: string): Checkpoint {
  const { checkpoint, problems } = parseCheckpoint(readInputFile(file));
  if (!checkpoint)
    throw new CodedError('invalid-request', `${file}: ${problems[0]?.message ?? 'not an audit checkpoint'}`, {
      input: true,
      path: file,
    });
  return checkpoint;
}

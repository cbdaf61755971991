import fs from 'node:fs';
import path from 'node:path';
import { createPublicKey, sign, verify } from 'node:crypto';
import { type ChainReport, type Checkpoint, auditEntrySchema, checkpointSchema } from '../../common/schemas/audit';
import { CodedError } from '../../common/result';
import { nodeFileIo, writeAll, writeDurably, writeFileDurable } from '../store/file-io';
import type { ReadApi, Store, Tx } from '../store/store';
import { ChainChecker, GENESIS_HASH, entryHashInput, sha256Hex } from './audit-chain';
import { appendAudit, checkAgainstCheckpoint } from './audit-log';
import { checkChainFromMark } from './chain-mark';
import { canonicalJson } from './canonical-json';
import { csvRow } from '../text/csv';
import { forEachChainRow } from '../store/repos/audit-repo';
import { type StoreSigningKey, keyIdOf } from './store-key';

const CHECKPOINT_TYPE = 'urn:provenance-desk:audit-checkpoint:1' as const;
const CSV_HEADER = ['seq', 'time', 'actor', 'action', 'subject', 'details', 'prevHash', 'hash'];
const DETAILS_COLUMN = new Set([5]);

export type AuditExportFormat = 'jsonl' | 'csv';

export function checkpointFileFor(file: string): string {
  return `${file}.checkpoint.json`;
}

/** The bytes an export checkpoint's signature covers: canonical JSON of every field but the signature. */
export function checkpointSigningInput(c: Omit<Checkpoint, 'signature'>): Buffer {
  const { type, storeId, entries, head, time, keyId, publicKey } = c;
  return Buffer.from(canonicalJson({ type, storeId, entries, head, time, keyId, publicKey }), 'utf8');
}

/**
 * Feeds the whole log, in seq order, to `emit` as JSONL (one AuditEntry per line) or CSV (header row,
 * details as one quoted JSON column), verifying the chain on the way. The one serialiser behind both the
 * file export and the in-memory one; a log that does not verify throws 'refused' (nothing gets signed).
 */
export function writeAuditLog(
  store: ReadApi,
  format: AuditExportFormat,
  emit: (text: string) => void,
): { entries: number; head: string | null } {
  const checker = new ChainChecker();
  if (format === 'csv') emit(csvRow(CSV_HEADER));
  forEachChainRow(store, undefined, ([seq, time, actor, action, subject, details, prev, hash]) => {
    checker.add(seq, time, prev, hash, sha256Hex(entryHashInput(seq, time, actor, action, subject, details, prev)));
    if (format === 'csv') {
      emit(csvRow([seq, time, actor, action, subject, details, prev, hash], { quoted: DETAILS_COLUMN }));
    } else {
      // details_json is canonical JSON already, so it is spliced in rather than parsed and re-serialised.
      emit(
        `{"seq":${seq},"time":${JSON.stringify(time)},"actor":${JSON.stringify(actor)},"action":${JSON.stringify(action)},` +
          `"subject":${JSON.stringify(subject)},"details":${details},"prevHash":"${prev}","hash":"${hash}"}\n`,
      );
    }
  });
  const report = checker.report();
  // A chain rewritten consistently below the verified-through mark passes the scan; the mark does not.
  const mark = report.valid ? checkChainFromMark(store) : null;
  if (!report.valid || (mark && !mark.valid)) {
    const bad = report.valid ? mark! : report;
    throw new CodedError(
      'refused',
      `the audit log does not verify (first bad entry #${bad.firstBadSeq}); not exported`,
      {
        problems: bad.problems.slice(0, 10),
      },
    );
  }
  return { entries: checker.lastSeq, head: checker.head };
}

/** A checkpoint of `entries`/`head`, signed with the store key (unlocked by the caller: unlockStoreKey). */
export function signCheckpoint(
  store: Pick<Store, 'storeId'>,
  key: StoreSigningKey,
  entries: number,
  head: string | null,
  now = new Date(),
): Checkpoint {
  const unsigned: Omit<Checkpoint, 'signature'> = {
    type: CHECKPOINT_TYPE,
    storeId: store.storeId,
    entries,
    head: head ?? GENESIS_HASH,
    time: now.toISOString(),
    keyId: key.keyId,
    publicKey: key.publicKeyBase64,
  };
  return { ...unsigned, signature: sign(null, checkpointSigningInput(unsigned), key.privateKey).toString('base64') };
}

/** Writes the log (see writeAuditLog) and, beside it, its signed checkpoint, each via temp file, fsync, rename. */
export function exportAudit(
  store: Store,
  options: { format: AuditExportFormat; file: string; key: StoreSigningKey },
): { file: string; checkpoint: string; entries: number; head: string | null; keyId: string } {
  const file = path.resolve(options.file);
  let written: { entries: number; head: string | null } = { entries: 0, head: null };
  writeDurably(
    file,
    (fd) => {
      let chunk: string[] = [];
      let chunkChars = 0;
      const flush = () => {
        writeAll(nodeFileIo, fd, Buffer.from(chunk.join(''), 'utf8'), null); // loops over short writes
        chunk = [];
        chunkChars = 0;
      };
      written = writeAuditLog(store, options.format, (s) => {
        chunk.push(s);
        chunkChars += s.length;
        if (chunkChars > 1 << 20) flush();
      });
      flush();
    },
    nodeFileIo,
    0o600,
  );
  const checkpoint = signCheckpoint(store, options.key, written.entries, written.head);
  const cpFile = checkpointFileFor(file);
  writeFileDurable(cpFile, Buffer.from(checkpointText(checkpoint), 'utf8'));
  return { file, checkpoint: cpFile, entries: written.entries, head: written.head, keyId: checkpoint.keyId };
}

/** The log as one string (built once, from one array of parts) with its signed checkpoint: the app's download. */
export function exportAuditText(
  store: Store,
  format: AuditExportFormat,
  key: StoreSigningKey,
): { content: string; checkpoint: Checkpoint; entries: number; head: string | null } {
  const parts: string[] = [];
  const written = writeAuditLog(store, format, (s) => parts.push(s));
  return { content: parts.join(''), checkpoint: signCheckpoint(store, key, written.entries, written.head), ...written };
}

export function checkpointText(checkpoint: Checkpoint): string {
  return `${JSON.stringify(checkpoint, null, 2)}\n`;
}

/** Records who exported how many entries (after the export, so the entry is not part of what it describes). */
export function auditExportEntry(
  tx: Tx,
  actor: string,
  e: {
    format: AuditExportFormat;
    entries: number;
    head: string | null;
    keyId: string;
    via: 'app' | 'cli';
    file?: string;
  },
): void {
  appendAudit(tx, {
    actor,
    action: 'audit.export',
    subject: 'audit',
    details: {
      format: e.format,
      entries: e.entries,
      head: e.head,
      keyId: e.keyId,
      via: e.via,
      ...(e.file ? { file: e.file } : {}),
    },
  });
}

/** Checks a checkpoint's own integrity: its key id names its public key, and the signature verifies. */
export function checkpointSignatureProblem(c: Checkpoint): string | null {
  try {
    const der = Buffer.from(c.publicKey, 'base64');
    if (keyIdOf(der) !== c.keyId) return 'the key id does not match the public key';
    const key = createPublicKey({ key: der, format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') return 'the key is not Ed25519';
    return verify(null, checkpointSigningInput(c), key, Buffer.from(c.signature, 'base64'))
      ? null
      : 'the signature does not verify';
  } catch (e) {
    return `the key or signature is malformed (${(e as Error).message})`;
  }
}

/**
 * Verifies a JSONL export's chain and, with its checkpoint, the checkpoint's signature and that entry
 * #entries is present with hash == head (a file shorter than the checkpoint has had its tail cut).
 * `trustedKeyIds`, when given, must include the checkpoint's key (else anyone could re-sign a forgery).
 */
export function verifyExportedLog(
  logFile: string,
  checkpointFile?: string,
  options: { trustedKeyIds?: readonly string[] } = {},
): ChainReport {
  const checker = new ChainChecker();
  let checkpoint: Checkpoint | null = null;
  if (checkpointFile !== undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(checkpointFile, 'utf8'));
    } catch (e) {
      throw new CodedError('invalid-request', `cannot read checkpoint ${checkpointFile}: ${(e as Error).message}`);
    }
    const parsed = checkpointSchema.safeParse(raw);
    if (!parsed.success) throw new CodedError('invalid-request', `${checkpointFile} is not an audit checkpoint`);
    checkpoint = parsed.data;
  }
  const want = checkpoint?.entries ?? -1;
  let atCheckpoint: string | null = null;
  let text: string;
  try {
    text = fs.readFileSync(logFile, 'utf8');
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new CodedError(missing ? 'not-found' : 'io-error', `cannot read ${logFile}: ${(e as Error).message}`, {
      input: true,
      path: logFile,
    });
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    let entry;
    try {
      entry = auditEntrySchema.parse(JSON.parse(lines[i]!));
      const input = entryHashInput(
        entry.seq,
        entry.time,
        entry.actor,
        entry.action,
        entry.subject,
        canonicalJson(entry.details),
        entry.prevHash,
      );
      checker.add(entry.seq, entry.time, entry.prevHash, entry.hash, sha256Hex(input));
    } catch {
      checker.fail(
        checker.lastSeq + 1,
        'malformed-line',
        `line ${i + 1} of ${logFile} is not an audit entry; verification stops there`,
        { line: i + 1 },
      );
      break;
    }
    if (entry.seq === want) atCheckpoint = entry.hash;
  }
  if (checkpoint) {
    const sigProblem = checkpointSignatureProblem(checkpoint);
    if (sigProblem) checker.fail(null, 'checkpoint-signature-invalid', `checkpoint ${checkpointFile}: ${sigProblem}`);
    else if (options.trustedKeyIds && !options.trustedKeyIds.includes(checkpoint.keyId)) {
      checker.fail(
        null,
        'checkpoint-key-untrusted',
        `checkpoint ${checkpointFile} is signed by key ${checkpoint.keyId}, which is not trusted`,
      );
    }
    checkAgainstCheckpoint(checker, checkpoint, atCheckpoint);
  }
  return checker.report();
}

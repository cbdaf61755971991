import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEntrySchema, checkpointSchema } from '../../../../src-main/common/schemas/audit';
import { exportAudit, verifyExportedLog } from '../../../../src-main/core/audit/audit-export';
import { appendAudit, listAudit } from '../../../../src-main/core/audit/audit-log';
import { csvField } from '../../../../src-main/core/text/csv';
import { type Store, openStore } from '../../../../src-main/core/store/store';
import { TEST_PASSPHRASE, auditStore, storeKeyOf } from './audit-helpers';
import { unlockStoreKey } from '../../../../src-main/core/audit/store-key';
import { verifyChainOnOpen } from '../../../../src-main/core/audit/chain-mark';
import { entryHashInput, sha256Hex } from '../../../../src-main/core/audit/audit-chain';
import { scryptKeyProtector } from '../../../../src-main/core/keys/key-protector';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});
async function withEntries(n: number): Promise<{ store: Store; dir: string }> {
  const made = await auditStore(n);
  cleanup = made.cleanup;
  return made;
}

describe('JSONL export and its checkpoint', () => {
  it('writes one entry per line and a signed checkpoint that verifies', async () => {
    const { store, dir } = await withEntries(8);
    const file = path.join(dir, 'out', 'audit.jsonl');
    fs.mkdirSync(path.dirname(file));
    const result = exportAudit(store, { format: 'jsonl', file, key: await storeKeyOf(store) });
    expect(result).toMatchObject({ file, checkpoint: `${file}.checkpoint.json`, entries: 8 });
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(8);
    const entries = lines.map((l) => auditEntrySchema.parse(JSON.parse(l)));
    expect(entries.reverse()).toEqual(listAudit(store, {}).entries);
    const checkpoint = checkpointSchema.parse(JSON.parse(fs.readFileSync(result.checkpoint, 'utf8')));
    expect(checkpoint).toMatchObject({ storeId: store.storeId, entries: 8, head: result.head });
    expect(verifyExportedLog(file, result.checkpoint)).toMatchObject({
      valid: true,
      entries: 8,
      head: result.head,
      problems: [],
    });
    expect(fs.statSync(path.join(dir, 'keys', 'store-signing.json')).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(path.join(dir, 'keys', 'store-signing.pem'))).toBe(false);
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(['audit.jsonl', 'audit.jsonl.checkpoint.json']);
  });

  it('signs every export with the same store key, and a trusted key list is honoured', async () => {
    const { store, dir } = await withEntries(2);
    const a = exportAudit(store, { format: 'jsonl', file: path.join(dir, 'a.jsonl'), key: await storeKeyOf(store) });
    const b = exportAudit(store, { format: 'jsonl', file: path.join(dir, 'b.jsonl'), key: await storeKeyOf(store) });
    const keyOf = (f: string) => (JSON.parse(fs.readFileSync(f, 'utf8')) as { keyId: string }).keyId;
    expect(keyOf(a.checkpoint)).toBe(keyOf(b.checkpoint));
    expect(verifyExportedLog(a.file, a.checkpoint, { trustedKeyIds: [keyOf(a.checkpoint)] }).valid).toBe(true);
    const untrusted = verifyExportedLog(a.file, a.checkpoint, { trustedKeyIds: ['0'.repeat(64)] });
    expect(untrusted.problems[0]).toMatchObject({ code: 'checkpoint-key-untrusted' });
  });

  it('catches a cut tail against the checkpoint, naming the missing entry', async () => {
    const { store, dir } = await withEntries(8);
    const { file, checkpoint } = exportAudit(store, {
      format: 'jsonl',
      file: path.join(dir, 'audit.jsonl'),
      key: await storeKeyOf(store),
    });
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    fs.writeFileSync(file, `${lines.slice(0, 5).join('\n')}\n`);
    expect(verifyExportedLog(file).valid).toBe(true); // without the checkpoint a cut tail is invisible
    const r = verifyExportedLog(file, checkpoint);
    expect(r).toMatchObject({ valid: false, firstBadSeq: 8, entries: 5 });
    expect(r.problems[0]).toMatchObject({ code: 'audit-tail-cut', seq: 8 });
  });

  it('names an edited line, and a half-written last line', async () => {
    const { store, dir } = await withEntries(6);
    const { file, checkpoint } = exportAudit(store, {
      format: 'jsonl',
      file: path.join(dir, 'audit.jsonl'),
      key: await storeKeyOf(store),
    });
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace('"subject":"bundle-3"', '"subject":"bundle-X"'));
    expect(verifyExportedLog(file, checkpoint)).toMatchObject({
      valid: false,
      firstBadSeq: 3,
      problems: [expect.objectContaining({ code: 'audit-entry-altered', seq: 3 })],
    });
    fs.writeFileSync(file, text.slice(0, text.length - 40));
    const r = verifyExportedLog(file, checkpoint);
    expect(r.problems[0]).toMatchObject({ code: 'malformed-line', seq: 6, line: 6 });
  });

  it('rejects a checkpoint whose fields were changed after signing', async () => {
    const { store, dir } = await withEntries(4);
    const { file, checkpoint } = exportAudit(store, {
      format: 'jsonl',
      file: path.join(dir, 'audit.jsonl'),
      key: await storeKeyOf(store),
    });
    const cp = JSON.parse(fs.readFileSync(checkpoint, 'utf8')) as { entries: number };
    cp.entries = 3;
    fs.writeFileSync(checkpoint, JSON.stringify(cp));
    expect(verifyExportedLog(file, checkpoint).problems[0]).toMatchObject({ code: 'checkpoint-signature-invalid' });
    fs.writeFileSync(checkpoint, '{"type":"nope"}');
    expect(() => verifyExportedLog(file, checkpoint)).toThrow(/is not an audit checkpoint/);
  });

  it('refuses to export (and sign) a log that does not verify, leaving no file', async () => {
    const { store, dir } = await withEntries(4);
    store.transaction((tx) => tx.run(`UPDATE audit_log SET actor = 'mallory' WHERE seq = 2`));
    const file = path.join(dir, 'audit.jsonl');
    const key = await storeKeyOf(store);
    expect(() => exportAudit(store, { format: 'jsonl', file, key })).toThrow(/first bad entry #2/);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('refuses to sign a log rewritten consistently below its verified-through mark, which the scan alone passes', async () => {
    const { store, dir } = await withEntries(4);
    const key = await storeKeyOf(store);
    verifyChainOnOpen(store); // the mark at #4
    store.transaction((tx) => {
      let prev = '0'.repeat(64);
      for (let seq = 1; seq <= 4; seq++) {
        const r = store.get<Record<string, string>>('SELECT * FROM audit_log WHERE seq = ?', [seq])!;
        const hash = sha256Hex(
          entryHashInput(seq, r['time']!, 'mallory', r['action']!, r['subject']!, r['details_json']!, prev),
        );
        tx.run('UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?', ['mallory', prev, hash, seq]);
        prev = hash;
      }
    });
    expect(() => exportAudit(store, { format: 'jsonl', file: path.join(dir, 'x.jsonl'), key })).toThrow(
      /first bad entry #1/,
    );
    expect(fs.existsSync(path.join(dir, 'x.jsonl'))).toBe(false);
  });

  it('exports from a read-only open (the CLI beside a running app)', async () => {
    const { store, dir } = await withEntries(3);
    await storeKeyOf(store); // made by the writer; the reader opens it with its passphrase
    const reader = await openStore(dir, { readOnly: true });
    try {
      const key = await unlockStoreKey(reader, scryptKeyProtector(TEST_PASSPHRASE), 'test');
      const r = exportAudit(reader, { format: 'jsonl', file: path.join(dir, 'ro.jsonl'), key });
      expect(r.entries).toBe(3);
      expect(verifyExportedLog(r.file, r.checkpoint).valid).toBe(true);
      expect(r.head).toBe(store.get<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = 3')!.hash);
    } finally {
      reader.close();
    }
  });

  it('exports an empty log with a checkpoint of zero entries', async () => {
    const { store, dir } = await withEntries(0);
    const r = exportAudit(store, {
      format: 'jsonl',
      file: path.join(dir, 'empty.jsonl'),
      key: await storeKeyOf(store),
    });
    expect(r).toMatchObject({ entries: 0, head: null });
    expect(fs.readFileSync(r.file, 'utf8')).toBe('');
    expect(verifyExportedLog(r.file, r.checkpoint).valid).toBe(true);
  });
});

describe('CSV export', () => {
  it('writes a header and quotes fields so a CSV parser gets every value back', async () => {
    const { store, dir } = await withEntries(6);
    const { file, entries } = exportAudit(store, {
      format: 'csv',
      file: path.join(dir, 'audit.csv'),
      key: await storeKeyOf(store),
    });
    expect(entries).toBe(6);
    const text = fs.readFileSync(file, 'utf8');
    const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const [header, ...rows] = parsed.data;
    expect(header).toEqual(['seq', 'time', 'actor', 'action', 'subject', 'details', 'prevHash', 'hash']);
    const expected = listAudit(store, {}).entries.reverse();
    expect(
      rows.map((r) => ({ seq: Number(r[0]), subject: r[4], details: JSON.parse(r[5]!) as unknown, hash: r[7] })),
    ).toEqual(expected.map((e) => ({ seq: e.seq, subject: e.subject, details: e.details, hash: e.hash })));
    expect(rows[3]![5]).toContain('\\"quoted\\", with commas\\nand');
  });

  it('quotes per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded ')).toBe('" padded "');
    expect(csvField('{}', true)).toBe('"{}"');
  });

  it('writes a bundle name or actor a spreadsheet would run as a formula as inert text', async () => {
    const { store, dir } = await withEntries(1);
    store.transaction((tx) =>
      appendAudit(tx, {
        actor: '@SUM(1+1)',
        action: 'bundle.import',
        subject: '=1+2+cmd.zip',
        details: { name: '-2+3' },
      }),
    );
    const text = fs.readFileSync(
      exportAudit(store, { format: 'csv', file: path.join(dir, 'audit.csv'), key: await storeKeyOf(store) }).file,
      'utf8',
    );
    const last = text.trimEnd().split('\r\n').pop()!;
    expect(last).toMatch(/^\d+,[^,]+,'@SUM\(1\+1\),bundle\.import,'=1\+2\+cmd\.zip,"\{/);
    expect(text).not.toMatch(/(^|,)[=+@-][^,]*/m);
  });
});

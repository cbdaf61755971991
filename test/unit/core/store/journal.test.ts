import { describe, expect, it } from 'vitest';
import { encodeRecord, journalHeader, scanJournal } from '../../../../src-main/core/store/journal';
import { decodeParams, encodeParams } from '../../../../src-main/core/store/sql-params';

const rec = (seq: number) => ({ seq, statements: [['INSERT INTO t VALUES (?)', [seq]]] as [string, number[]][] });
const journal = (...seqs: number[]) => Buffer.concat([journalHeader(3), ...seqs.map((s) => encodeRecord(rec(s)))]);

describe('journal framing', () => {
  it('reads back every complete record', () => {
    const scan = scanJournal(journal(1, 2, 3), 3);
    expect(scan.records.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(scan.stop).toBeNull();
    expect(scan.validBytes).toBe(journal(1, 2, 3).length);
  });

  it('stops at a torn last record, at any cut point, keeping the ones before', () => {
    const full = journal(1, 2);
    const firstEnd = journal(1).length;
    for (let cut = firstEnd + 1; cut < full.length; cut++) {
      const scan = scanJournal(full.subarray(0, cut), 3);
      expect(scan.records.map((r) => r.seq)).toEqual([1]);
      expect(scan.validBytes).toBe(firstEnd);
      expect(scan.stop?.midFile).toBe(false);
    }
  });

  it('tells corruption followed by more data apart from a torn tail', () => {
    const buf = journal(1, 2, 3);
    const at = journal(1).length + 12; // inside record 2's payload
    buf.writeUInt8(buf.readUInt8(at) ^ 1, at);
    const scan = scanJournal(buf, 3);
    expect(scan.records.map((r) => r.seq)).toEqual([1]);
    expect(scan.stop).toMatchObject({ reason: 'frame checksum mismatch', midFile: true });
  });

  it('rejects a journal of another generation or without the header', () => {
    expect(scanJournal(journal(1), 4).headerOk).toBe(false);
    expect(scanJournal(Buffer.from('garbage garbage garbage'), 3).headerOk).toBe(false);
  });

  it('encodes byte parameters losslessly in JSON', () => {
    const params = ['a', 1.25, null, new Uint8Array([1, 2, 250])];
    const back = decodeParams(JSON.parse(JSON.stringify(encodeParams(params))));
    expect(back[0]).toBe('a');
    expect(back[1]).toBe(1.25);
    expect(back[2]).toBeNull();
    expect([...(back[3] as Uint8Array)]).toEqual([1, 2, 250]);
  });
});

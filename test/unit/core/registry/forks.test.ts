import { describe, expect, it } from 'vitest';
import type { Checkpoint } from '../../../../src-main/common/schemas/audit';
import { forkBetween } from '../../../../src-main/core/registry/forks';

const cp = (entries: number, head: string, time: string, keyId = 'k'.repeat(64)): Checkpoint => ({
  type: 'urn:provenance-desk:audit-checkpoint:1',
  storeId: 'store-1',
  entries,
  head: head.repeat(64).slice(0, 64),
  time,
  keyId,
  publicKey: 'pk',
  signature: 'sig',
});

describe('forks between two checkpoints of one store', () => {
  it('a chain that grows is no fork, in either order of arrival', () => {
    expect(forkBetween(cp(5, 'a', '2026-01-01T00:00:00Z'), cp(9, 'b', '2026-01-02T00:00:00Z'))).toBeNull();
    expect(forkBetween(cp(9, 'b', '2026-01-02T00:00:00Z'), cp(5, 'a', '2026-01-01T00:00:00Z'))).toBeNull();
    expect(forkBetween(cp(5, 'a', '2026-01-01T00:00:00Z'), cp(5, 'a', '2026-01-02T00:00:00Z'))).toBeNull();
  });

  it('the same entry with another head, a lower count later, another key: each named with the store, key and entries', () => {
    const rewritten = forkBetween(cp(5, 'a', '2026-01-01T00:00:00Z'), cp(5, 'b', '2026-01-02T00:00:00Z'));
    expect(rewritten).toMatchObject({ kind: 'same-entries-other-head' });
    expect(rewritten!.message).toMatch(/store store-1 \(key k{16}\) published two heads for entry #5/);
    const cut = forkBetween(cp(9, 'b', '2026-01-02T00:00:00Z'), cp(5, 'c', '2026-01-03T00:00:00Z'));
    expect(cut).toMatchObject({ kind: 'lower-entries' });
    expect(cut!.message).toMatch(/published entry #5 .* after entry #9/);
    expect(
      forkBetween(cp(5, 'a', '2026-01-01T00:00:00Z'), cp(9, 'b', '2026-01-02T00:00:00Z', 'z'.repeat(64))),
    ).toMatchObject({ kind: 'other-key' });
  });
});

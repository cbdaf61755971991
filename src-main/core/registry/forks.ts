import type { Checkpoint } from '../../common/schemas/audit';

export type ForkKind = 'same-entries-other-head' | 'lower-entries' | 'other-key';

/**
 * Whether two signed checkpoints of one store contradict each other: a chain only grows, so the same entry count
 * must have the same head, a later checkpoint never covers fewer entries, and one store signs with one key. Pure:
 * two checkpoints that do not contradict each other here may still differ below the lower one (only the log shows
 * that).
 */
export function forkBetween(
  a: Checkpoint,
  b: Checkpoint,
): { kind: ForkKind; message: string; earlier: Checkpoint; later: Checkpoint } | null {
  const [earlier, later] = a.time <= b.time ? [a, b] : [b, a];
  const who = `store ${earlier.storeId} (key ${earlier.keyId.slice(0, 16)})`;
  if (a.keyId !== b.keyId) {
    return {
      kind: 'other-key',
      message: `${who} published a checkpoint signed by another key (${later.keyId.slice(0, 16)}) at entry #${later.entries}`,
      earlier,
      later,
    };
  }
  if (a.entries === b.entries && a.head !== b.head) {
    return {
      kind: 'same-entries-other-head',
      message: `${who} published two heads for entry #${a.entries}: ${earlier.head.slice(0, 16)}… (${earlier.time}) and ${later.head.slice(0, 16)}… (${later.time}); its history was rewritten`,
      earlier,
      later,
    };
  }
  if (later.entries < earlier.entries) {
    return {
      kind: 'lower-entries',
      message: `${who} published entry #${later.entries} (${later.time}) after entry #${earlier.entries} (${earlier.time}); its history was cut`,
      earlier,
      later,
    };
  }
  return null;
}

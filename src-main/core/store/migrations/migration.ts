import type { Tx } from '../store-api';

/**
 * One schema step. Files are immutable once shipped: a change is a new file with the next version.
 * `up` runs inside the store's journaled transaction, so it must be deterministic (no datetime('now'),
 * no random()); values come from JS as parameters.
 */
export interface Migration {
  version: number;
  name: string;
  up(tx: Tx): void;
}

import type { CheckpointSigners } from '../audit/checkpoints';
import { existingStoreKeyId } from '../audit/store-key';
import type { ReadApi, Store } from '../store/store';
import { teamKeys } from './team-file';
import { readTeam } from './team-store';

/** Keys a checkpoint may be signed with: this store's own (never created here) and the team's current member keys. */
export function checkpointSigners(store: Pick<Store, 'dir'> & ReadApi): CheckpointSigners {
  const out: CheckpointSigners = new Map();
  const own = existingStoreKeyId(store.dir);
  if (own) out.set(own, "this store's key");
  const team = readTeam(store);
  if (team)
    for (const k of teamKeys(team.team))
      if (!k.revoked && k.publicKey && !out.has(k.keyId)) out.set(k.keyId, `${k.name} <${k.email}>`);
  return out;
}

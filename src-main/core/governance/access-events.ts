import type { z } from 'zod';
import type { AccessEvent, accessEventsRequestSchema } from '../../common/schemas/licenses';
import { accessEvents } from '../store/repos/access-repo';
import type { ReadApi } from '../store/store';

export type AccessEventsQuery = z.output<typeof accessEventsRequestSchema>;

/** Access events, newest first, matching every filter given; `total` counts all matches. */
export function listAccessEvents(db: ReadApi, q: AccessEventsQuery): { total: number; events: AccessEvent[] } {
  return accessEvents(
    db,
    { actor: q.actor, digest: q.digest, purpose: q.purpose, outcome: q.outcome },
    { offset: q.offset, limit: q.limit },
  );
}

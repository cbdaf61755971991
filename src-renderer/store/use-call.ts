import { useCallback, useEffect, useState } from 'react';
import { call } from '../api/client';
import type { Channel, RequestOf, ResponseOf } from '../../src-main/common/contract';
import { loader, scoped, type Scoped } from './loadable';

export interface CallResult<T> {
  data: T | null;
  loading: boolean;
  error: string | null;
  /** Asks again (the answer on screen stays until the new one lands). */
  reload(): void;
}

/**
 * A value one component needs (a comparison, the drift alerts of the bundle shown): asked on mount and whenever the
 * request changes by value, through the same loader as the slices, so the newest request wins. `request` null: nothing
 * to ask yet. `keep`: the last answer stays on screen while the next request loads (a check re-run as the user types);
 * otherwise an answer to another request never shows under this one. Data that other actions change belongs in a slice.
 */
export function useCall<C extends Channel>(
  channel: C,
  request: RequestOf<C> | null,
  options: { keep?: boolean } = {},
): CallResult<ResponseOf<C>> {
  const [state, setState] = useState<Scoped<ResponseOf<C>>>(scoped);
  const [l] = useState(() => loader<Scoped<ResponseOf<C>>>({ set: setState }));
  const [round, setRound] = useState(0);
  const keep = options.keep ?? false;
  const body = request === null ? null : JSON.stringify(request);
  const key = body === null ? null : `${channel} ${body}`;
  useEffect(() => {
    if (body === null) return;
    const k = `${channel} ${body}`;
    void l.run(() => call(channel, JSON.parse(body) as RequestOf<C>), {
      start: (cur) => ({
        ...cur,
        ...(keep || cur.key === k ? {} : { data: null }),
        key: k,
        loading: true,
        error: null,
      }),
      land: (cur, data) => ({ ...cur, data }),
    });
    return () => l.drop();
  }, [l, channel, body, keep, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  const mine = key !== null && state.key === key;
  return {
    data: mine || keep ? state.data : null,
    loading: key !== null && (!mine || state.loading),
    error: mine ? state.error : null,
    reload,
  };
}
